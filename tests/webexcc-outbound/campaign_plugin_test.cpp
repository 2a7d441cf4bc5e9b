// The agent profile's auto wrap-up and the preview campaign's accept, end to end over TLS with the
// simulator: what Webex receives (the simulator records each task action), when, and what the CRM
// sees. Every message is schema-checked.

#include "workspace_fixture.hpp"

using namespace webexcc::testing;

namespace {

// The simulator's default wrap-up code (its v2/auxiliary-code answer).
const json default_code = {{"id", "9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c21"}, {"name", "Sale"}};

// An agent whose profile wraps up after `seconds`; the simulator never wraps up by itself.
void start_with_auto_wrap_up(Workspace& workspace, int seconds, bool cancellable) {
    workspace.sim().control({{"autoWrapUp", false}});  // one setting per control command
    workspace.sim().control(
        {{"profile",
          {{"autoWrapUp", true}, {"autoWrapAfterSeconds", seconds}, {"allowCancelAutoWrapUp", cancellable}}}});
    workspace.with_profile().start_ready();
}

// A connected outdial, ended by the agent: returns the acw message.
json to_wrap_up(Workspace& workspace) {
    workspace.make_call_request("15550001007", "dial-1");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
    workspace.control("Disconnect");
    REQUIRE(workspace.wait_for_event("acw"));
    for (const auto& m : workspace.call_messages())
        if (m["message"]["call"]["event"] == "acw") return m["message"];
    return {};
}

std::size_t wrap_ups(Workspace& workspace) {
    auto actions = workspace.task_actions();
    return std::count_if(actions.begin(), actions.end(), [](const json& action) {
        auto path = action["path"].get<std::string>();
        return path.size() > 7 && path.substr(path.size() - 7) == "/wrapup";
    });
}

// The plugin's auto wrap-up reached Webex once, with the profile's default code by name and id.
void check_one_wrap_up_with_default_code(Workspace& workspace) {
    auto actions = workspace.task_actions();
    REQUIRE(!actions.empty());
    CHECK(actions.back()["path"] == "/v1/tasks/" + workspace.interaction_id() + "/wrapup");
    CHECK(actions.back()["body"] == json{{"wrapUpReason", default_code["name"]}, {"auxCodeId", default_code["id"]}});
    workspace.settle();
    CHECK(wrap_ups(workspace) == 1);
}

std::int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TEST_CASE("Auto wrap-up: unattended, the call is wrapped up with the profile's default code at its interval") {
    Workspace workspace;
    start_with_auto_wrap_up(workspace, 1, true);
    auto acw = to_wrap_up(workspace);
    auto entered = epoch_ms();
    REQUIRE(acw.contains("autoWrapUpAt"));
    CHECK(acw["autoWrapUpAt"].get<std::int64_t>() > entered + 500);  // autoWrapAfterSeconds is seconds
    CHECK(acw["autoWrapUpAt"].get<std::int64_t>() <= entered + 1000);
    CHECK(wrap_ups(workspace) == 0);
    REQUIRE(workspace.wait_for_event("DROPPED", 5s));
    CHECK(epoch_ms() >= acw["autoWrapUpAt"].get<std::int64_t>() - 50);
    check_one_wrap_up_with_default_code(workspace);
    CHECK(workspace.events() == Events{"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                       "eAgentContactEnded", "acw", "DROPPED"});
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("Auto wrap-up: a call the customer ends is wrapped up by the plugin with the default code by name") {
    Workspace workspace;
    // fast_simulator() turns the simulator's own wrap-up on for the suites that wrap up nothing;
    // off, as Webex: only the plugin can wrap this call up.
    workspace.sim().control({{"autoWrapUp", false}});
    workspace.sim().control(
        {{"profile", {{"autoWrapUp", true}, {"autoWrapAfterSeconds", 1}, {"allowCancelAutoWrapUp", true}}}});
    workspace.with_profile().start_ready();
    REQUIRE(workspace.wait([&] { return workspace.logged("agent profile read"); }));
    workspace.make_call_request("15550002000", "dial-1");  // answered: the customer hangs up
    REQUIRE(workspace.wait_for_event("acw"));
    auto entered = epoch_ms();
    CHECK(wrap_ups(workspace) == 0);
    REQUIRE(workspace.wait_for_event("DROPPED", 5s));
    CHECK(epoch_ms() - entered >= 900);  // the profile's interval, in seconds
    check_one_wrap_up_with_default_code(workspace);
    auto events = workspace.events();
    CHECK(std::count(events.begin(), events.end(), "DROPPED") == 1);
    CHECK(events.back() == "DROPPED");
    CHECK(std::find(events.begin(), events.end(), "eAgentContactEnded") != events.end());
    CHECK(workspace.requests_to("POST /v1/tasks/" + workspace.interaction_id() + "/end") == 0);  // not the agent
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("Auto wrap-up: CancelAutoWrapUp stops it when the profile allows it, and is refused otherwise") {
    SECTION("allowed: nothing is sent, the agent wraps up later") {
        Workspace workspace;
        start_with_auto_wrap_up(workspace, 1, true);
        to_wrap_up(workspace);
        workspace.control("CancelAutoWrapUp");
        REQUIRE(workspace.wait_for_event("eAutoWrapUpCancelled"));
        std::this_thread::sleep_for(1500ms);  // past the auto wrap-up's time
        CHECK(wrap_ups(workspace) == 0);
        CHECK(workspace.events().back() == "eAutoWrapUpCancelled");
        workspace.control("WrapUpCall", {{"wrapup", default_code["id"]}});
        REQUIRE(workspace.wait_for_event("DROPPED"));
        CHECK(wrap_ups(workspace) == 1);
    }
    SECTION("not allowed: CANCEL_AUTO_WRAPUP_FAILED, INVALID_STATE, and the wrap-up still comes") {
        Workspace workspace;
        start_with_auto_wrap_up(workspace, 1, false);
        to_wrap_up(workspace);
        workspace.control("CancelAutoWrapUp");
        REQUIRE(workspace.wait_for_errors(1));
        auto error = workspace.errors().back();
        CHECK(error["request"] == "CancelAutoWrapUp");
        CHECK(error["error"]["type"] == "CANCEL_AUTO_WRAPUP_FAILED");
        CHECK(error["error"]["code"] == "INVALID_STATE");
        REQUIRE(workspace.wait_for_event("DROPPED", 5s));
        CHECK(wrap_ups(workspace) == 1);
    }
    SECTION("no call: refused locally") {
        Workspace workspace;
        start_with_auto_wrap_up(workspace, 1, true);
        workspace.control("CancelAutoWrapUp");
        REQUIRE(workspace.wait_for_errors(1));
        CHECK(workspace.errors().back()["error"]["code"] == "NO_ACTIVE_CALL");
        CHECK(workspace.task_actions().empty());
    }
}

TEST_CASE("No auto wrap-up in the profile: acw has no autoWrapUpAt and nothing is sent") {
    Workspace workspace;
    workspace.sim().control({{"autoWrapUp", false}});
    workspace.sim().control({{"profile", {{"autoWrapUp", false}, {"autoWrapAfterSeconds", 1}}}});
    workspace.with_profile().start_ready();
    CHECK_FALSE(to_wrap_up(workspace).contains("autoWrapUpAt"));
    std::this_thread::sleep_for(1500ms);
    CHECK(wrap_ups(workspace) == 0);
    CHECK(workspace.events().back() == "acw");
}

namespace {

// MakeCall with no number: the accept of the preview reservation offered.
void accept_preview(Workspace& workspace, json data = nullptr) {
    json message = {{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"requestId", "a-1"}};
    if (!data.is_null()) message["data"] = std::move(data);
    CHECK(request_schema().problems(message).empty());
    workspace.request(message);
}

}  // namespace

TEST_CASE("Preview: nothing rings before the accept; the call then stays under the reservation's id to one DROPPED") {
    for (const char* kind : {"preview", "preview-same-id"}) {
        INFO(kind);
        Workspace workspace;
        workspace.sim().control({{"autoWrapUp", false}});
        workspace.start_ready();
        auto reservation =
            workspace.sim().control({{"offerCall", {{"kind", kind}}}})["interactionId"].get<std::string>();
        REQUIRE(workspace.wait_for_event("eAgentOfferCampaignReserved"));
        std::this_thread::sleep_for(500ms);
        CHECK(workspace.events() == Events{"eAgentOfferCampaignReserved"});  // no offer, no ring before the accept
        CHECK(workspace.task_actions().empty());
        accept_preview(workspace, std::string(kind) == "preview" ? json() : json{{"callId", reservation}});
        REQUIRE(workspace.wait_for_event("CustAnswered"));
        auto accept = workspace.task_actions().at(0);
        CHECK(accept["path"] == "/v1/dialer/campaign/Spring%20Sale/preview-task/" + reservation + "/accept");
        CHECK(accept["body"] == json::object());
        workspace.control("Disconnect", {{"callId", reservation}});
        REQUIRE(workspace.wait_for_event("acw"));
        workspace.control("WrapUpCall", {{"wrapup", default_code["id"]}});
        REQUIRE(workspace.wait_for_event("DROPPED"));
        workspace.settle();
        auto events = workspace.events();
        CHECK(std::count(events.begin(), events.end(), "DROPPED") == 1);
        CHECK(events.back() == "DROPPED");
        bool moved = false;
        for (const auto& m : workspace.call_messages()) {
            CHECK(m["message"]["call"]["id"] == reservation);  // the one id the CRM has seen
            const auto& actual = m["message"]["call"]["ResponseActual"];
            if (actual.contains("data") && actual["data"].value("interactionId", reservation) != reservation)
                moved = true;
        }
        CHECK(moved == (std::string(kind) == "preview"));  // Webex's new id, in ResponseActual only
        CHECK(workspace.errors().empty());
        CHECK(workspace.schema_problems().empty());
    }
}

TEST_CASE("Preview: ACCEPT_CONTACT_FAILED when no reservation is offered, nothing sent") {
    Workspace workspace;
    workspace.start_ready();
    accept_preview(workspace);
    REQUIRE(workspace.wait_for_errors(1));
    auto error = workspace.errors().back();
    CHECK(error["request"] == "MakeCall");
    CHECK(error["requestId"] == "a-1");
    CHECK(error["error"]["type"] == "ACCEPT_CONTACT_FAILED");
    CHECK(error["error"]["code"] == "NO_RESERVATION");
    CHECK(workspace.task_actions().empty());
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("Preview: a reservation nothing follows ends in DROPPED after the reservation window") {
    Workspace workspace(json{{"campaignReservationTimeoutMs", 300}});
    workspace.start_ready();
    workspace.sim().control({{"offerCall", {{"kind", "preview-expired"}}}});
    REQUIRE(workspace.wait_for_event("eAgentOfferCampaignReserved"));
    REQUIRE(workspace.wait_for_event("DROPPED", 3s));
    CHECK(workspace.events() == Events{"eAgentOfferCampaignReserved", "DROPPED"});
    CHECK(workspace.call_messages().back()["message"]["call"]["reason"] == "RESERVATION_EXPIRED");
}
