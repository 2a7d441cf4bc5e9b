// The profile's auto wrap-up (the plugin's own timer, on a fake clock) and the preview campaign's
// accept (a MakeCall with no number; the call under a new id keeps the reservation's): pure logic,
// fed directly.

#include "call_control.hpp"
#include "tracker_fixture.hpp"

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;
using namespace std::chrono_literals;

namespace {

const auto fake_now = std::chrono::system_clock::time_point(1'800'000'000'000ms);

// A profile whose auto wrap-up is `auto_wrap_up`, its default wrap-up code `default_code`.
webexcc::client::AgentProfile profile(webexcc::client::AutoWrapUp auto_wrap_up,
                                      std::optional<webexcc::client::NamedItem> default_code = {{"wc-7", "Sale"}}) {
    webexcc::client::AgentProfile profile;
    profile.wrap_up_codes = {{"wc-7", "Sale"}, {"wc-2", "No sale"}};
    profile.auto_wrap_up = auto_wrap_up;
    profile.default_wrap_up_code = std::move(default_code);
    return profile;
}

void with_auto_wrap_up(ReadyTracker& ready, bool cancellable) {
    ready.tracker.set_profile(profile({true, 30, cancellable}));
    ready.tracker.set_wall_clock([] { return fake_now; });
}

// An answered outdial taken to wrap-up; returns the messages of the AgentWrapup.
std::vector<Outgoing> to_wrap_up(ReadyTracker& ready) {
    ready.dial();
    ready.feed(routing("AgentOfferContact"));
    ready.feed(routing("AgentContactAssigned", {}, "connected"));
    return ready.tracker.notification(frame(routing("AgentWrapup", {}, "wrapUp")));
}

// A preview campaign's notification about interaction `id`.
json preview(const std::string& type, const std::string& id, json extra = json::object(),
             const std::string& state = "new") {
    auto notification = routing(type, std::move(extra), state);
    notification["data"]["interactionId"] = id;
    notification["data"]["interaction"]["interactionId"] = id;
    notification["data"]["interaction"]["outboundType"] = "PREVIEW";
    notification["data"]["interaction"]["callProcessingDetails"]["campaignId"] = "Spring Sale/2";
    return notification;
}

}  // namespace

TEST_CASE("Auto wrap-up: acw says when, and the plugin wraps up with the profile's default code then") {
    ReadyTracker ready;
    with_auto_wrap_up(ready, true);
    auto messages = to_wrap_up(ready);
    REQUIRE(events_of(messages) == std::vector<std::string>{"eAgentContactEnded", "acw"});
    auto acw = json::parse(messages[1].text)["message"];
    CHECK(acw["autoWrapUpAt"] == 1'800'000'030'000);  // now + autoWrapAfterSeconds, in epoch ms
    CHECK_FALSE(json::parse(messages[0].text)["message"].contains("autoWrapUpAt"));
    auto timers = ready.tracker.take_timers();
    REQUIRE(timers.size() == 1);
    CHECK(timers[0].kind == TimerKind::auto_wrap_up);
    CHECK(timers[0].after == 30s);

    auto due = ready.tracker.timer_expired(timers[0].call_id, timers[0].kind);
    CHECK(due.messages.empty());
    REQUIRE(due.request);
    CHECK(due.request->path == "/v1/tasks/" + call_id + "/wrapup");
    CHECK(json::parse(due.request->body) == json{{"wrapUpReason", "Sale"}, {"auxCodeId", "wc-7"}});
    // Once only, and the call ends with Webex's AgentWrappedUp in exactly one DROPPED.
    CHECK_FALSE(ready.tracker.timer_expired(timers[0].call_id, timers[0].kind).request);
    CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"DROPPED"});
    CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")).empty());
}

TEST_CASE("Auto wrap-up: the agent's own wrap-up or a cancel comes first") {
    ReadyTracker ready;
    SECTION("WrapUpCall replaces it") {
        with_auto_wrap_up(ready, false);
        to_wrap_up(ready);
        auto wrap_up =
            ready.tracker.control(Action::wrap_up, request("WrapUpCall", {{"wrapup", "wc-2"}}, "q1").dump(), true);
        REQUIRE(wrap_up.request);
        auto timer = ready.tracker.take_timers().at(0);
        CHECK_FALSE(ready.tracker.timer_expired(timer.call_id, timer.kind).request);
    }
    SECTION("CancelAutoWrapUp, when the profile allows it: answered by eAutoWrapUpCancelled, nothing sent") {
        with_auto_wrap_up(ready, true);
        to_wrap_up(ready);
        auto cancel =
            ready.tracker.control(Action::cancel_auto_wrap_up, request("CancelAutoWrapUp", nullptr, "q1").dump(), true);
        CHECK_FALSE(cancel.request);
        REQUIRE(events_of(cancel.messages) == std::vector<std::string>{"eAutoWrapUpCancelled"});
        CHECK_FALSE(json::parse(cancel.messages[0].text)["message"].contains("autoWrapUpAt"));
        auto timer = ready.tracker.take_timers().at(0);
        CHECK_FALSE(ready.tracker.timer_expired(timer.call_id, timer.kind).request);
        auto again =
            ready.tracker.control(Action::cancel_auto_wrap_up, request("CancelAutoWrapUp", nullptr, "q1").dump(), true);
        CHECK(only_message(again.messages)["error"]["code"] == "INVALID_STATE");
        // The agent still wraps up, and the call still ends in one DROPPED.
        CHECK(ready.tracker.control(Action::wrap_up, request("WrapUpCall", nullptr, "q1").dump(), true).request);
        CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"DROPPED"});
    }
    SECTION("CancelAutoWrapUp refused: the profile forbids it, no call, not in wrap-up") {
        with_auto_wrap_up(ready, false);
        auto cancel = [&] {
            return only_message(
                ready.tracker
                    .control(Action::cancel_auto_wrap_up, request("CancelAutoWrapUp", nullptr, "q1").dump(), true)
                    .messages);
        };
        CHECK(cancel()["error"]["code"] == "NO_ACTIVE_CALL");
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        ready.feed(routing("AgentContactAssigned", {}, "connected"));
        CHECK(cancel()["error"]["code"] == "INVALID_STATE");
        ready.feed(routing("AgentWrapup", {}, "wrapUp"));
        auto refused = cancel();
        CHECK(refused["request"] == "CancelAutoWrapUp");
        CHECK(refused["requestId"] == "q1");
        CHECK(refused["callId"] == call_id);
        CHECK(refused["error"]["type"] == "CANCEL_AUTO_WRAPUP_FAILED");
        CHECK(refused["error"]["code"] == "INVALID_STATE");
        auto timer = ready.tracker.take_timers().at(0);
        CHECK(ready.tracker.timer_expired(timer.call_id, timer.kind).request);  // still wrapped up
    }
}

TEST_CASE("Auto wrap-up refused by Webex: the CRM is told, and the call still ends in one DROPPED") {
    ReadyTracker ready;
    with_auto_wrap_up(ready, true);
    to_wrap_up(ready);
    auto timer = ready.tracker.take_timers().at(0);
    auto due = ready.tracker.timer_expired(timer.call_id, timer.kind);
    REQUIRE(due.request);
    webexcc::client::ApiResponse refused;
    refused.error = workspace::Problem("HTTP_500", "Webex CC answered 500");
    auto error = only_message(ready.tracker.control_answered(due.action_id, refused));
    CHECK(error["request"] == "AutoWrapUp");
    CHECK(error["error"]["type"] == "WRAPUP_CALL_FAILED");
    CHECK(error["error"]["code"] == "HTTP_500");
    CHECK(ready.tracker.open_calls() == 1);  // still in wrap-up: no DROPPED for a failed wrap-up
    CHECK(ready.tracker.control(Action::wrap_up, request("WrapUpCall", nullptr, "q1").dump(), true)
              .request);  // the default code
    CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"DROPPED"});
}

TEST_CASE("No auto wrap-up without the profile's: no autoWrapUpAt, no timer") {
    using webexcc::client::AutoWrapUp;
    for (const auto& given : {profile({false, 30, true}), profile({true, 0, true}), profile({true, 30, true}, {})}) {
        ReadyTracker ready;
        ready.tracker.set_profile(given);
        ready.tracker.set_wall_clock([] { return fake_now; });
        auto messages = to_wrap_up(ready);
        REQUIRE(messages.size() == 2);
        CHECK_FALSE(json::parse(messages[1].text)["message"].contains("autoWrapUpAt"));
        CHECK(ready.tracker.take_timers().empty());
    }
    ReadyTracker no_profile;
    no_profile.tracker.set_wall_clock([] { return fake_now; });
    to_wrap_up(no_profile);
    CHECK(no_profile.tracker.take_timers().empty());
}

TEST_CASE("One wrap-up body: the custom text, else the code's name, else its id") {
    auto body = [](const webexcc::client::NamedItem& code, std::string_view text) {
        return json::parse(wrap_up_request("i-1", code, text).body);
    };
    CHECK(body({"wc-1", "Sale"}, "") == json{{"wrapUpReason", "Sale"}, {"auxCodeId", "wc-1"}});
    CHECK(body({"wc-1", "Sale"}, "called back") == json{{"wrapUpReason", "called back"}, {"auxCodeId", "wc-1"}});
    CHECK(body({"wc-1", ""}, "") == json{{"wrapUpReason", "wc-1"}, {"auxCodeId", "wc-1"}});
}

TEST_CASE("Preview accept: MakeCall with no number accepts the reservation; the CRM keeps its id to one DROPPED") {
    for (json data : {json(), json(""), json::object(), json{{"callId", "res-1"}}}) {
        INFO(data.dump());
        ReadyTracker fresh;
        fresh.feed(preview("AgentOfferCampaignReservation", "res-1"));
        auto decision = fresh.tracker.make_call(request("MakeCall", data, "q1").dump(), true);
        CHECK(decision.messages.empty());
        CHECK_FALSE(decision.outdial);
        REQUIRE(decision.accept);
        CHECK(decision.accept->path == "/v1/dialer/campaign/Spring%20Sale%2F2/preview-task/res-1/accept");
        CHECK(decision.accept->body == "{}");
    }
    ReadyTracker ready;
    CHECK(ready.feed(preview("AgentOfferCampaignReservation", "res-1")) ==
          std::vector<std::string>{"eAgentOfferCampaignReserved"});
    auto accept = ready.tracker.make_call(request("MakeCall", nullptr, "q1").dump(), true);
    REQUIRE(accept.accept);
    CHECK(ready.tracker.control_answered(accept.action_id, {}).empty());  // Webex took it; the call says the rest
    auto twice = ready.tracker.make_call(request("MakeCall", nullptr, "q1").dump(), true);
    CHECK(only_message(twice.messages)["error"]["code"] == "INVALID_STATE");

    // The call comes under a new id that names the reservation, published under the reservation's.
    auto assigned = preview("AgentContactAssigned", "call-9", {{"reservationInteractionId", "res-1"}}, "connected");
    auto messages = ready.tracker.notification(frame(assigned));
    REQUIRE(events_of(messages) == std::vector<std::string>{"CustAnswered"});
    auto answered = json::parse(messages[0].text)["message"]["call"];
    CHECK(answered["id"] == "res-1");
    CHECK(answered["ResponseActual"]["data"]["interactionId"] == "call-9");
    CHECK(answered["ResponseFields"]["OutBoundType"] == "preview");
    // Controlled by either id; Webex is asked under the new one.
    for (const char* id : {"res-1", "call-9"}) {
        auto hold = ready.tracker.control(Action::hold, request("SetHold", {{"callId", id}}, "q1").dump(), true);
        REQUIRE(hold.request);
        CHECK(hold.request->path == "/v1/tasks/call-9/hold");
    }
    auto sync = json::parse(ready.tracker.state_sync(request("StateSync", nullptr, "q1").dump()).at(0).text);
    CHECK(sync["message"]["calls"][0]["id"] == "res-1");
    CHECK(ready.feed(preview("ContactEnded", "res-1", {}, "ended")).empty());  // the reservation's: over
    CHECK(ready.feed(preview("AgentWrapup", "call-9", {}, "wrapUp")) ==
          std::vector<std::string>{"eAgentContactEnded", "acw"});
    auto dropped = ready.tracker.notification(frame(preview("AgentWrappedUp", "call-9", {}, "wrapUp")));
    // The two holds Webex never answered are answered by the end, under the id the CRM knows.
    REQUIRE(events_of(dropped) == std::vector<std::string>{"error:CALL_ENDED", "error:CALL_ENDED", "DROPPED"});
    CHECK(json::parse(dropped[0].text)["message"]["callId"] == "res-1");
    CHECK(json::parse(dropped[2].text)["message"]["call"]["id"] == "res-1");
    CHECK(ready.tracker.open_calls() == 0);
    CHECK(ready.tracker.timer_expired("res-1", TimerKind::reservation_expiry).messages.empty());
}

TEST_CASE("Preview accept refused: no reservation, another kind of call, Webex's refusal") {
    ReadyTracker ready;
    auto code_of = [](const CallTracker::MakeCallDecision& decision) {
        CHECK_FALSE(decision.accept);
        auto error = only_message(decision.messages);
        CHECK(error["request"] == "MakeCall");
        CHECK(error["error"]["type"] == "ACCEPT_CONTACT_FAILED");
        return error["error"]["code"].get<std::string>();
    };
    CHECK(code_of(ready.tracker.make_call(request("MakeCall", nullptr, "q1").dump(), true)) == "NO_RESERVATION");
    CHECK(code_of(ready.tracker.make_call(request("MakeCall", {{"callId", "res-1"}}, "q1").dump(), true)) ==
          "UNKNOWN_CALL");
    CHECK(code_of(ready.tracker.make_call(request("MakeCall", {{"callId", 5}}, "q1").dump(), true)) ==
          "INVALID_REQUEST");
    ready.feed(preview("AgentOfferCampaignReservation", "res-1"));
    CHECK(code_of(ready.tracker.make_call(request("MakeCall", nullptr, "q1").dump(), false)) == "NOT_CONNECTED");
    ready.feed(preview("AgentOfferCampaignReservation", "res-2"));
    CHECK(code_of(ready.tracker.make_call(request("MakeCall", nullptr, "q1").dump(), true)) == "CALL_ID_REQUIRED");

    auto accept = ready.tracker.make_call(request("MakeCall", {{"callId", "res-2"}}, "q1").dump(), true);
    REQUIRE(accept.accept);
    webexcc::client::ApiResponse refused;
    refused.error = workspace::Problem("HTTP_404", "no such campaign");
    auto error = only_message(ready.tracker.control_answered(accept.action_id, refused));
    CHECK(error["error"]["type"] == "ACCEPT_CONTACT_FAILED");
    CHECK(error["error"]["code"] == "HTTP_404");
    CHECK(error["callId"] == "res-2");
    // The notification that refuses it, bound as the SDK binds it.
    accept = ready.tracker.make_call(request("MakeCall", {{"callId", "res-1"}}, "q1").dump(), true);
    REQUIRE(accept.accept);
    auto failed = ready.tracker.notification(frame(preview("CampaignPreviewAcceptFailed", "res-1")));
    CHECK(only_message(failed)["error"]["type"] == "ACCEPT_CONTACT_FAILED");

    // The campaign's name from data.campaignId when callProcessingDetails has none.
    auto named = preview("AgentOfferCampaignReservation", "res-3", {{"campaignId", "Autumn"}});
    named["data"]["interaction"]["callProcessingDetails"].erase("campaignId");
    ready.feed(named);
    accept = ready.tracker.make_call(request("MakeCall", {{"callId", "res-3"}}, "q1").dump(), true);
    REQUIRE(accept.accept);
    CHECK(accept.accept->path == "/v1/dialer/campaign/Autumn/preview-task/res-3/accept");
}

TEST_CASE("Preview accept stops the reservation's expiry; an expiry after it publishes nothing") {
    auto expiries = [](const std::vector<TimerRequest>& timers, bool cancel) {
        return std::count_if(timers.begin(), timers.end(), [&](const TimerRequest& t) {
            return t.call_id == "res-1" && t.kind == TimerKind::reservation_expiry && t.cancel == cancel;
        });
    };
    ReadyTracker ready;
    ready.feed(preview("AgentOfferCampaignReservation", "res-1"));
    CHECK(expiries(ready.tracker.take_timers(), false) == 1);
    auto accept = ready.tracker.make_call(request("MakeCall", nullptr, "q1").dump(), true);
    REQUIRE(accept.accept);
    CHECK(expiries(ready.tracker.take_timers(), true) == 1);  // the plugin cancels it
    // Already run out when the accept went (a cancel comes too late): the call is on its way.
    CHECK(ready.tracker.timer_expired("res-1", TimerKind::reservation_expiry).messages.empty());
    CHECK(ready.tracker.control_answered(accept.action_id, {}).empty());
    CHECK(ready.tracker.timer_expired("res-1", TimerKind::reservation_expiry).messages.empty());
    SECTION("the call comes under the reservation's id: it is the call, whatever the expiry") {
        CHECK(ready.feed(preview("AgentContactAssigned", "res-1", {}, "connected")) ==
              std::vector<std::string>{"CustAnswered"});
        CHECK(ready.tracker.timer_expired("res-1", TimerKind::reservation_expiry).messages.empty());
        CHECK(ready.tracker.open_calls() == 1);
    }
    SECTION("Webex refuses the accept: the reservation waits again, and expires") {
        auto failed = ready.tracker.notification(frame(preview("CampaignPreviewAcceptFailed", "res-1")));
        CHECK(events_of(failed).size() == 1);
        CHECK(expiries(ready.tracker.take_timers(), false) == 1);
        auto expired = ready.tracker.timer_expired("res-1", TimerKind::reservation_expiry).messages;
        REQUIRE(events_of(expired) == std::vector<std::string>{"DROPPED"});
        CHECK(json::parse(expired[0].text)["message"]["call"]["reason"] == "RESERVATION_EXPIRED");
    }
}
