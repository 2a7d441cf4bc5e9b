// The call-control rules, the tracker's answers to control requests and StateSync, campaign and
// inbound calls, ends that do not say whether wrap-up follows, and the agent-state requests: pure
// logic, fed directly.

#include "agent_state.hpp"
#include "call_control.hpp"
#include "tracker_fixture.hpp"

#include "workspace/message/envelope.hpp"

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;

namespace {

// A tracker with one answered, recording outdial; returns its interaction id.
std::string answered_call(ReadyTracker& ready) {
    ready.dial();
    ready.feed(routing("AgentOfferContact"));
    auto assigned = routing("AgentContactAssigned", {}, "connected");
    assigned["data"]["interaction"]["callProcessingDetails"]["recordingStarted"] = "true";
    ready.feed(assigned);
    return routing("AgentOfferContact")["data"]["interactionId"];
}

std::string refusal_code(const CallTracker::ControlDecision& decision) {
    CHECK_FALSE(decision.request.has_value());
    REQUIRE(decision.messages.size() == 1);
    return json::parse(decision.messages[0].text)["message"]["error"]["code"];
}

}  // namespace

TEST_CASE("Control requests are named in every spelling the spec lists") {
    CHECK(action_named("Disconnect") == Action::disconnect);
    CHECK(action_named("SETHOLD") == Action::hold);
    CHECK(action_named("SetHOLD") == Action::hold);
    CHECK(action_named("setretrieve") == Action::resume);
    CHECK(action_named("Resume") == Action::resume);
    CHECK(action_named("WrapUpCall") == Action::wrap_up);
    CHECK(action_named("clearcontact") == Action::clear_contact);
    CHECK(action_named("PauseRecording") == Action::pause_recording);
    CHECK(action_named("ResumeRecording") == Action::resume_recording);
    CHECK_FALSE(action_named("MakeCall"));
    CHECK_FALSE(action_named(""));
    for (auto subtopic : control_subtopics()) CHECK(action_named(subtopic));
    CHECK(action_failed_by("AgentContactHoldFailed") == Action::hold);
    CHECK(action_failed_by("AgentWrapupFailed") == Action::wrap_up);
    CHECK_FALSE(action_failed_by("AgentContactHeld"));
    CHECK(is_success_of(Action::disconnect, "AgentWrapup"));
    CHECK(is_success_of(Action::clear_contact, "AgentWrappedUp"));
}

TEST_CASE("What each request needs of the call") {
    CallProgress ringing;
    ringing.offered = true;
    CallProgress talking = ringing;
    talking.answered = true;
    CallProgress held = talking;
    held.held = true;
    CallProgress paused = talking;
    paused.recording_paused = true;
    CallProgress wrapping = talking;
    wrapping.ended = wrapping.in_wrap_up = true;
    CallProgress undecided = talking;
    undecided.ended = undecided.wrap_up_undecided = true;

    CHECK(state_problem(Action::disconnect, ringing).empty());
    CHECK(state_problem(Action::disconnect, talking).empty());
    CHECK_FALSE(state_problem(Action::disconnect, wrapping).empty());
    CHECK_FALSE(state_problem(Action::hold, ringing).empty());
    CHECK(state_problem(Action::hold, talking).empty());
    CHECK(state_problem(Action::hold, held) == "the call is already on hold");
    CHECK(state_problem(Action::resume, held).empty());
    CHECK(state_problem(Action::resume, talking) == "the call is not on hold");
    CHECK_THAT(state_problem(Action::wrap_up, talking), Catch::Contains("still in progress"));
    CHECK(state_problem(Action::wrap_up, wrapping).empty());
    CHECK(state_problem(Action::clear_contact, wrapping).empty());
    CHECK_FALSE(state_problem(Action::wrap_up, undecided).empty());  // not in wrap-up until AgentWrapup says so
    CHECK(state_problem(Action::pause_recording, talking).empty());
    CHECK_FALSE(state_problem(Action::pause_recording, paused).empty());
    CHECK(state_problem(Action::resume_recording, paused).empty());
    CHECK_FALSE(state_problem(Action::resume_recording, talking).empty());
    CHECK_FALSE(state_problem(Action::pause_recording, wrapping).empty());
}

TEST_CASE("The tracker checks a control request before anything is sent") {
    ReadyTracker ready;
    CHECK(refusal_code(ready.tracker.control(Action::hold, request("SetHold").dump(), true)) == "NO_ACTIVE_CALL");
    auto id = answered_call(ready);
    CHECK(refusal_code(ready.tracker.control(Action::hold, request("SetHold").dump(), false)) == "NOT_CONNECTED");
    CHECK(refusal_code(ready.tracker.control(Action::hold, "[1]", true)) == "INVALID_REQUEST");
    CHECK(refusal_code(ready.tracker.control(Action::hold, request("SetHold", {{"callId", "other"}}).dump(), true)) ==
          "UNKNOWN_CALL");

    auto hold = ready.tracker.control(Action::hold, request("SetHold").dump(), true);
    REQUIRE(hold.request);
    CHECK(hold.request->path == "/v1/tasks/" + id + "/hold");
    CHECK(hold.request->replay == webexcc::client::Replay::never);
    CHECK(hold.messages.empty());

    // An HTTP refusal becomes an error naming the request, its id and Webex's error.
    webexcc::client::ApiResponse refused;
    refused.error =
        webexcc::client::error_from_http(409, R"({"errorType":"CONFLICT","errorMessage":"busy"})", "t", "hold");
    auto error = ready.tracker.control_answered(hold.action_id, refused);
    REQUIRE(error.size() == 1);
    auto message = json::parse(error[0].text)["message"];
    CHECK(message["request"] == "SetHold");
    CHECK(message["callId"] == id);
    CHECK(message["error"]["type"] == "HOLD_CALL_FAILED");
    CHECK(message["error"]["code"] == "CONFLICT");
    CHECK(ready.tracker.control_answered(hold.action_id, refused).empty());  // answered once

    // A ...Failed notification without an interaction id answers the oldest hold in flight.
    auto again = ready.tracker.control(Action::hold, request("SetHold", {{"callId", id}}).dump(), true);
    REQUIRE(again.request);
    json failed = {{"type", "RoutingMessage"},
                   {"data", {{"type", "AgentContactHoldFailed"}, {"reason", "MEDIA_GONE"}, {"reasonCode", 7}}}};
    auto failure = ready.tracker.notification(frame(failed));
    REQUIRE(failure.size() == 1);
    CHECK(json::parse(failure[0].text)["message"]["error"]["code"] == "MEDIA_GONE");
    CHECK(ready.tracker.notification(frame(failed)).empty());  // nothing of ours left to answer
}

TEST_CASE("Wrap-up takes the request's code, else the configured default; the reason text defaults to the code") {
    ReadyTracker ready;
    auto id = answered_call(ready);
    ready.feed(routing("AgentWrapup", {}, "wrapUp"));
    CHECK(refusal_code(ready.tracker.control(Action::clear_contact, request("ClearContact").dump(), true)) ==
          "WRAPUP_CODE_REQUIRED");
    auto coded = ready.tracker.control(Action::wrap_up, request("WrapUpCall", {{"wrapup", "wc-7"}}).dump(), true);
    REQUIRE(coded.request);
    CHECK(json::parse(coded.request->body) == json{{"auxCodeId", "wc-7"}, {"wrapUpReason", "wc-7"}});

    ready.config.default_wrap_up_code_id = "wc-default";
    auto cleared =
        ready.tracker.control(Action::clear_contact, request("ClearContact", {{"wrapup", "ignored"}}).dump(), true);
    REQUIRE(cleared.request);
    CHECK(cleared.request->path == "/v1/tasks/" + id + "/wrapup");
    CHECK(json::parse(cleared.request->body)["auxCodeId"] == "wc-default");
}

TEST_CASE("Two calls: a request without callId is refused; StateSync lists both") {
    ReadyTracker ready;
    auto outdial = answered_call(ready);
    auto inbound = routing("AgentOfferContact");
    inbound["data"]["interactionId"] = "inbound-1";
    inbound["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    CHECK(ready.feed(inbound) == std::vector<std::string>{"connected"});
    CHECK(refusal_code(ready.tracker.control(Action::disconnect, request("Disconnect").dump(), true)) ==
          "CALL_ID_REQUIRED");
    CHECK(ready.tracker.control(Action::disconnect, request("Disconnect", {{"callId", "inbound-1"}}).dump(), true)
              .request);

    auto sync =
        ready.tracker.state_sync(R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync","requestId":"s1"})");
    REQUIRE(sync.size() == 1);
    CHECK(sync[0].topic == "App");
    auto answer = json::parse(sync[0].text)["message"];
    CHECK(answer["requestId"] == "s1");
    CHECK(answer["agent"]["state"] == "Available");
    CHECK(answer["calls"].size() == 2);
    for (const auto& call : answer["calls"])
        CHECK(call["event"] == (call["id"] == outdial ? "eCallRecordingStarted" : "connected"));
    CHECK(ready.tracker.state_sync(sync[0].text).empty());  // an answer is not a request
}

TEST_CASE("Inbound calls use the Incoming Call page's names; campaign calls Webex's outbound type") {
    CHECK(inbound_event_name("eAgentOfferContact") == "connected");
    CHECK(inbound_event_name("CustAnswered") == "eAgentContactAssigned");
    CHECK(inbound_event_name("eCallRecordingStarted") == "eCallRecordingstarted");
    CHECK(inbound_event_name("DROPPED") == "DROPPED");

    ReadyTracker ready;
    auto campaign = routing("AgentOfferContact");
    campaign["data"]["interaction"]["outboundType"] = "PREDICTIVE";
    auto out = ready.tracker.notification(frame(campaign));
    REQUIRE(out.size() == 1);
    CHECK(out[0].topic == "outbound");
    CHECK(json::parse(out[0].text)["message"]["call"]["ResponseFields"]["OutBoundType"] == "predictive");

    // With neither direction nor outbound type, nothing says what a call is: not followed.
    auto unknown = routing("AgentOfferContact");
    unknown["data"]["interactionId"] = "unknown-1";
    unknown["data"]["interaction"].erase("contactDirection");
    unknown["data"]["interaction"].erase("outboundType");
    CHECK(ready.feed(unknown).empty());
}

TEST_CASE("An end that does not say whether wrap-up follows waits for AgentWrapup or the grace period") {
    auto silent = [](json notification) {
        notification["data"]["interaction"]["participants"][agent].erase("isWrapUp");
        notification["data"].erase("agentsPendingWrapUp");
        return notification;
    };
    SECTION("AgentWrapup follows") {
        ReadyTracker ready;
        auto id = answered_call(ready);
        CHECK(ready.feed(silent(routing("ContactEnded", {}, "connected"))) ==
              std::vector<std::string>{"eAgentContactEnded"});
        auto timers = ready.tracker.take_timers();
        REQUIRE(timers.size() == 1);
        CHECK(timers[0].kind == TimerKind::wrap_up_grace);
        CHECK(timers[0].after == std::chrono::milliseconds(3000));
        CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")) == std::vector<std::string>{"acw"});
        CHECK(
            ready.tracker.timer_expired(id, TimerKind::wrap_up_grace).messages.empty());  // in wrap-up: no DROPPED yet
        CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"DROPPED"});
    }
    SECTION("nothing follows") {
        ReadyTracker ready;
        auto id = answered_call(ready);
        ready.feed(silent(routing("AgentOutboundFailed", {{"reason", "NO_ANSWER"}, {"reasonCode", 1023}})));
        auto dropped = ready.tracker.timer_expired(id, TimerKind::wrap_up_grace).messages;
        REQUIRE(events_of(dropped) == std::vector<std::string>{"DROPPED"});
        CHECK(json::parse(dropped[0].text)["message"]["call"]["reason"] == "NO_ANSWER");
        CHECK(ready.tracker.open_calls() == 0);
        CHECK(ready.tracker.timer_expired(id, TimerKind::wrap_up_grace).messages.empty());
    }
    SECTION("the agent's own end: AgentWrapup with no ContactEnded still publishes the end") {
        ReadyTracker ready;
        answered_call(ready);
        CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")) ==
              std::vector<std::string>{"eAgentContactEnded", "acw"});
        CHECK(ready.feed(routing("ContactEnded", {}, "wrapUp")).empty());  // a late ContactEnded adds nothing
    }
}

TEST_CASE("A request Webex has not answered when its call ends gets CALL_ENDED before the DROPPED, once") {
    ReadyTracker ready;
    auto id = answered_call(ready);
    auto hold = ready.tracker.control(Action::hold, request("SetHold", {{"callId", id}}).dump(), true);
    REQUIRE(hold.request);
    auto pause =
        ready.tracker.control(Action::pause_recording, request("PauseRecording", nullptr, "crm-7").dump(), true);
    REQUIRE(pause.request);
    // The end is what a Disconnect asks for: the DROPPED is its answer, never an error.
    REQUIRE(ready.tracker.control(Action::disconnect, request("Disconnect").dump(), true).request);

    std::vector<Outgoing> ending;
    SECTION("the customer hangs up and the call is wrapped up") {
        CHECK(ready.feed(routing("ContactEnded", {}, "connected")) == std::vector<std::string>{"eAgentContactEnded"});
        CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")) == std::vector<std::string>{"acw"});
        ending = ready.tracker.notification(frame(routing("AgentWrappedUp", {}, "wrapUp")));
    }
    SECTION("the plugin stops") { ending = ready.tracker.shutdown("deactivated"); }
    REQUIRE(events_of(ending) == std::vector<std::string>{"error:CALL_ENDED", "error:CALL_ENDED", "DROPPED"});
    auto held = json::parse(ending[0].text)["message"];
    CHECK(held["request"] == "SetHold");
    CHECK(held["callId"] == id);
    CHECK(held["error"]["type"] == "HOLD_CALL_FAILED");
    CHECK_THAT(held["error"]["message"].get<std::string>(), Catch::Contains("the call ended"));
    auto paused = json::parse(ending[1].text)["message"];
    CHECK(paused["request"] == "PauseRecording");
    CHECK(paused["requestId"] == "crm-7");

    // Webex's late answers find nothing left to answer.
    webexcc::client::ApiResponse refused;
    refused.error = webexcc::client::error_from_http(409, R"({"errorType":"CONFLICT"})", "t", "hold");
    CHECK(ready.tracker.control_answered(hold.action_id, refused).empty());
    CHECK(ready.tracker.control_answered(pause.action_id, refused).empty());
}

TEST_CASE("MakeCall refuses a JSON number rather than dial it") {
    ReadyTracker ready;
    auto decision = ready.tracker.make_call(R"({"data":917702779401,"requestId":"n1"})", true);
    CHECK_FALSE(decision.outdial);
    auto error = json::parse(decision.messages.at(0).text)["message"]["error"];
    CHECK(error["code"] == "INVALID_REQUEST");
    CHECK_THAT(error["message"].get<std::string>(), Catch::Contains("as a string"));
}

TEST_CASE("Agent-state requests: one typed refusal, or one state change to send") {
    using enum AgentStateChange;
    auto decide = [](AgentStateChange change, const std::string& text, bool connected = true,
                     const std::string& idle = "") { return decide_agent_state(change, text, connected, idle, agent); };
    auto code_of = [](const AgentStateDecision& d) {
        REQUIRE(d.messages.size() == 1);
        CHECK_FALSE(d.request);
        auto answer = json::parse(d.messages[0].text);
        CHECK(workspace::message::is_answer(d.messages[0].text));  // never taken back for a request
        return answer["message"]["error"]["code"].get<std::string>();
    };
    CHECK(code_of(decide(not_ready, R"({"requestId":"r"})")) == "AUX_CODE_REQUIRED");
    CHECK(code_of(decide(not_ready, R"({"data":{"auxCodeId":7}})")) == "INVALID_REQUEST");
    CHECK(code_of(decide(ready, R"({"requestId":12})")) == "INVALID_REQUEST");
    CHECK(code_of(decide(ready, R"({"data":"now"})")) == "INVALID_REQUEST");
    CHECK(code_of(decide(ready, "[]")) == "INVALID_REQUEST");
    CHECK(code_of(decide(ready, "{}", false)) == "NOT_CONNECTED");

    auto idle = decide(not_ready, R"({"requestId":"r2"})", true, "idle-lunch");
    REQUIRE(idle.request);
    CHECK(idle.messages.empty());
    CHECK(idle.request_id == "r2");
    CHECK(json::parse(idle.request->body)["auxCodeId"] == "idle-lunch");
    auto given = decide(not_ready, R"({"data":{"auxCodeId":"break"}})", true, "idle-lunch");
    CHECK(json::parse(given.request->body)["auxCodeId"] == "break");
    auto available = decide(ready, R"({"data":{"auxCodeId":"ignored"}})");
    CHECK(json::parse(available.request->body)["auxCodeId"] == "0");

    auto refused =
        agent_state_refused(not_ready, "r2", webexcc::client::error_from_http(409, "{}", "t", "agent state change"));
    CHECK(refused.subtopic == "SetNotReadyState");
    CHECK(json::parse(refused.text)["message"]["requestId"] == "r2");
    CHECK(json::parse(refused.text)["message"]["error"]["type"] == "SET_AGENTSTATE_FAILED");
}

TEST_CASE("Agent-state requests go through the tracker, with the agent it learnt and the configured idle code") {
    using enum AgentStateChange;
    ReadyTracker desk;
    desk.config.not_ready_aux_code_id = "idle-lunch";
    auto idle = desk.tracker.agent_state_request(not_ready, R"({"requestId":"r1"})", true);
    REQUIRE(idle.request);
    CHECK(idle.request_id == "r1");
    auto body = json::parse(idle.request->body);
    CHECK(body["auxCodeId"] == "idle-lunch");
    CHECK(body["agentId"] == agent);
    CHECK(desk.tracker.agent_state_request(ready, "{}", false).messages.size() == 1);  // NOT_CONNECTED

    CHECK(desk.tracker.agent_state_answered(not_ready, "r1", webexcc::client::ApiResponse{}).empty());
    webexcc::client::ApiResponse refused;
    refused.error = webexcc::client::error_from_http(409, "{}", "t", "agent state change");
    auto answer = desk.tracker.agent_state_answered(not_ready, "r1", refused);
    REQUIRE(answer.size() == 1);
    CHECK(answer[0].subtopic == "SetNotReadyState");
    CHECK(json::parse(answer[0].text)["message"]["requestId"] == "r1");
}

TEST_CASE("A failed outdial Webex never named is the agent's until wrapped up, but not listed or controllable") {
    ReadyTracker ready;
    ready.dial("917702779401", "m1");
    json bare = {
        {"type", "RoutingMessage"},
        {"data", {{"type", "AgentOutboundFailed"}, {"reason", "CUSTOMER_BUSY"}, {"agentsPendingWrapUp", {agent}}}}};
    CHECK(ready.feed(bare) == std::vector<std::string>{"eOutdialFailed"});
    CHECK_FALSE(ready.tracker.placing());
    CHECK(ready.tracker.open_calls() == 1);
    auto sync = ready.tracker.state_sync(R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync"})");
    CHECK(json::parse(sync.at(0).text)["message"]["calls"].empty());
    CHECK(refusal_code(ready.tracker.control(Action::hold, request("SetHold").dump(), true)) == "NO_ACTIVE_CALL");

    // An inbound call meanwhile: the unnamed one still counts, so a request must name its call.
    auto inbound = routing("AgentOfferContact");
    inbound["data"]["interactionId"] = "inbound-1";
    inbound["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    CHECK(ready.feed(inbound) == std::vector<std::string>{"connected"});
    CHECK(refusal_code(ready.tracker.control(Action::hold, request("SetHold").dump(), true)) == "CALL_ID_REQUIRED");

    CHECK(ready.feed({{"type", "RoutingMessage"}, {"data", {{"type", "AgentWrapup"}}}}) ==
          std::vector<std::string>{"acw"});
    CHECK(ready.feed({{"type", "RoutingMessage"}, {"data", {{"type", "AgentWrappedUp"}}}}) ==
          std::vector<std::string>{"DROPPED"});
    CHECK(ready.tracker.open_calls() == 1);
    CHECK(events_of(ready.tracker.shutdown("PLUGIN_DEACTIVATED")) == std::vector<std::string>{"DROPPED"});
}
