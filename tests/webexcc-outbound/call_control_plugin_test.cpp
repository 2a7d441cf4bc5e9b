// The whole call from the bus, end to end: call-control requests (what Webex receives, what the
// CRM sees, for success, local refusal and Webex refusal), campaign and inbound calls, StateSync,
// and calls that end without saying whether wrap-up follows. Every message is schema-checked.

#include "workspace_fixture.hpp"

using namespace webexcc::testing;

namespace {

// The simulator does not wrap up by itself: the agent must, from the bus.
Workspace& without_auto_wrap_up(Workspace& workspace) {
    workspace.sim().control({{"autoWrapUp", false}});
    return workspace;
}

// A connected, recording agent-ends call; returns its interaction id.
std::string connected_call(Workspace& workspace) {
    workspace.start_ready();
    without_auto_wrap_up(workspace);
    workspace.make_call_request("15550001007", "dial-1");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
    return workspace.interaction_id();
}

// The last task action Webex received, e.g. {"path": "/v1/tasks/<id>/hold", "body": {...}}.
json last_task_action(Workspace& workspace) {
    auto actions = workspace.task_actions();
    return actions.empty() ? json() : actions.back();
}

json last_error(Workspace& workspace) {
    auto errors = workspace.errors();
    return errors.empty() ? json() : errors.back();
}

std::size_t count(const Events& events, const std::string& event) {
    return std::count(events.begin(), events.end(), event);
}

}  // namespace

TEST_CASE(
    "Disconnect then WrapUpCall with a code: Webex receives end and wrap-up, the CRM sees the call through DROPPED") {
    for (const char* style : {"ended-then-wrapup", "wrapup-only", "wrapup-then-ended"}) {
        INFO("Webex answers the end with " << style);
        Workspace workspace;
        auto id = connected_call(workspace);
        workspace.sim().control({{"endStyle", style}});
        workspace.control("Disconnect");
        REQUIRE(workspace.wait_for_event("acw"));
        CHECK(last_task_action(workspace)["path"] == "/v1/tasks/" + id + "/end");
        workspace.settle();
        CHECK(count(workspace.events(), "DROPPED") == 0);  // in after-call work until wrapped up

        workspace.control("WrapUpCall", {{"callId", id}, {"wrapup", "wc-sale"}, {"customwrapup", "Sale made"}},
                          "Agent");
        REQUIRE(workspace.wait_for_event("DROPPED"));
        workspace.settle();
        auto action = last_task_action(workspace);
        CHECK(action["path"] == "/v1/tasks/" + id + "/wrapup");
        CHECK(action["body"] == json{{"auxCodeId", "wc-sale"}, {"wrapUpReason", "Sale made"}});
        CHECK(workspace.events() == Events{"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                           "eAgentContactEnded", "acw", "DROPPED"});
        CHECK(workspace.errors().empty());
    }
}

TEST_CASE("Hold and resume in every spelling; a second hold is refused before anything is sent") {
    Workspace workspace;
    auto id = connected_call(workspace);
    workspace.control("SetHOLD");
    REQUIRE(workspace.wait_for_event("eAgentContactHeld"));
    CHECK(last_task_action(workspace) ==
          json{{"path", "/v1/tasks/" + id + "/hold"}, {"body", {{"mediaResourceId", id}}}});

    auto sent = workspace.task_actions().size();
    json second = control_request("SetHold", {{"callID", id}});
    second["requestId"] = "hold-2";
    workspace.request(second);
    REQUIRE(workspace.wait_for_errors(1));
    auto refused = last_error(workspace);
    CHECK(refused["request"] == "SetHold");
    CHECK(refused["requestId"] == "hold-2");
    CHECK(refused["callId"] == id);
    CHECK(refused["error"] ==
          json{{"type", "HOLD_CALL_FAILED"}, {"code", "INVALID_STATE"}, {"message", "the call is already on hold"}});
    CHECK(workspace.task_actions().size() == sent);

    workspace.control("SetRetrieve", {{"CallID", id}}, "InboundCall");
    REQUIRE(workspace.wait_for_event("eAgentContactUnHeld"));
    CHECK(last_task_action(workspace)["path"] == "/v1/tasks/" + id + "/unhold");
    workspace.control("Resume");
    REQUIRE(workspace.wait_for_errors(2));
    CHECK(last_error(workspace)["error"]["code"] == "INVALID_STATE");
    CHECK(last_error(workspace)["error"]["type"] == "RESUME_CALL_FAILED");
    CHECK(workspace.task_actions().size() == sent + 1);
}

TEST_CASE("Pause and resume recording; ClearContact wraps up with the configured default code") {
    Workspace workspace(json{{"defaultWrapUpCodeId", "wc-default"}});
    auto id = connected_call(workspace);
    workspace.control("PauseRecording");
    REQUIRE(workspace.wait_for_event("ePauseRecording"));
    CHECK(last_task_action(workspace)["path"] == "/v1/tasks/" + id + "/record/pause");
    workspace.control("PauseRecording");
    REQUIRE(workspace.wait_for_errors(1));
    CHECK(last_error(workspace)["error"] == json{{"type", "RECORDING_FAILED"},
                                                 {"code", "INVALID_STATE"},
                                                 {"message", "the recording is already paused"}});
    workspace.control("ResumeRecording");
    REQUIRE(workspace.wait_for_event("eResumeRecording"));
    CHECK(last_task_action(workspace) ==
          json{{"path", "/v1/tasks/" + id + "/record/resume"}, {"body", {{"autoResumed", false}}}});

    workspace.control("ClearContact");  // still talking: nothing to clear yet
    REQUIRE(workspace.wait_for_errors(2));
    CHECK(last_error(workspace)["error"]["code"] == "INVALID_STATE");
    CHECK(last_error(workspace)["error"]["type"] == "CLEAR_CONTACT_FAILED");

    workspace.control("Disconnect");
    REQUIRE(workspace.wait_for_event("acw"));
    workspace.control("ClearContact");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    CHECK(last_task_action(workspace)["body"] == json{{"auxCodeId", "wc-default"}, {"wrapUpReason", "wc-default"}});
    CHECK(workspace.errors().size() == 2);
}

TEST_CASE("Requests that cannot apply are refused with the spec's codes and nothing is sent") {
    Workspace workspace;
    workspace.start_ready();
    without_auto_wrap_up(workspace);
    auto refused_code = [&](const json& request) {
        auto before = workspace.errors().size();
        workspace.request(request);
        REQUIRE(workspace.wait_for_errors(before + 1));
        return last_error(workspace)["error"]["code"].get<std::string>();
    };
    CHECK(refused_code(control_request("Disconnect")) == "NO_ACTIVE_CALL");
    CHECK(refused_code(control_request("SetHold", {{"callId", "no-such-call"}})) == "UNKNOWN_CALL");
    CHECK(refused_code(control_request("SetHold", {{"callId", 42}})) == "INVALID_REQUEST");
    CHECK(refused_code(control_request("SetHold", "call-1")) == "INVALID_REQUEST");
    CHECK(refused_code(control_request("WrapUpCall", {{"wrapup", 7}})) == "INVALID_REQUEST");

    workspace.make_call_request("15550001007");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
    CHECK(refused_code(control_request("Resume")) == "INVALID_STATE");
    CHECK(refused_code(control_request("WrapUpCall", {{"wrapup", "wc-1"}})) == "INVALID_STATE");
    workspace.control("Disconnect");
    REQUIRE(workspace.wait_for_event("acw"));
    auto ended_twice = refused_code(control_request("Disconnect"));
    INFO(workspace.all_logs() << json(workspace.events()).dump() << workspace.sim().control({{"status", true}}).dump());
    CHECK(ended_twice == "INVALID_STATE");
    CHECK(refused_code(control_request("WrapUpCall")) == "WRAPUP_CODE_REQUIRED");  // no data.wrapup, no default
    CHECK(refused_code(control_request("ClearContact")) == "WRAPUP_CODE_REQUIRED");
    CHECK(workspace.task_actions().size() == 1);  // only the end
    CHECK(workspace.requests_to("POST /v1/tasks/" + workspace.interaction_id() + "/wrapup") == 0);
}

TEST_CASE("Webex refusals become errors with Webex's reason, and a task action is never retried") {
    SECTION("an HTTP error") {
        Workspace workspace;
        auto id = connected_call(workspace);
        workspace.sim().control(
            {{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/tasks/" + id + "/hold"}});
        workspace.control("SetHold", {{"callId", id}});
        REQUIRE(workspace.wait_for_errors(1));
        workspace.settle();
        auto error = last_error(workspace);
        CHECK(error["callId"] == id);
        CHECK(error["error"]["type"] == "HOLD_CALL_FAILED");
        CHECK(error["error"]["code"] == "INJECTED_FAULT");
        CHECK(workspace.requests_to("POST /v1/tasks/" + id + "/hold") == 1);
        CHECK(count(workspace.events(), "eAgentContactHeld") == 0);
        workspace.control("SetHold");  // the call is still talking: a new request goes through
        REQUIRE(workspace.wait_for_event("eAgentContactHeld"));
    }
    SECTION("a ...Failed notification, with or without the interaction id") {
        struct Case {
            const char* action;
            const char* request;
            const char* type;
            const char* request_before;  // brings the call to where the request applies
            const char* event_before;
        };
        const Case cases[] = {
            {"hold", "SetHold", "HOLD_CALL_FAILED", "", ""},
            {"unhold", "Resume", "RESUME_CALL_FAILED", "SetHold", "eAgentContactHeld"},
            {"record/pause", "PauseRecording", "RECORDING_FAILED", "", ""},
            {"record/resume", "ResumeRecording", "RECORDING_FAILED", "PauseRecording", "ePauseRecording"},
            {"end", "Disconnect", "DISCONNECT_CALL_FAILED", "", ""},
            {"wrapup", "WrapUpCall", "WRAPUP_CALL_FAILED", "Disconnect", "acw"}};
        for (bool with_id : {true, false}) {
            for (const auto& c : cases) {
                INFO(c.action << (with_id ? " with" : " without") << " the interaction id");
                Workspace workspace;
                auto id = connected_call(workspace);
                if (*c.request_before) {
                    workspace.control(c.request_before);
                    REQUIRE(workspace.wait_for_event(c.event_before));
                }
                auto events_before = workspace.events();
                workspace.sim().control({{"fault", "fail-task-action"},
                                         {"action", c.action},
                                         {"withInteractionId", with_id},
                                         {"reason", "MEDIA_UNAVAILABLE"}});
                workspace.control(c.request, {{"wrapup", "wc-1"}});
                REQUIRE(workspace.wait_for_errors(1));
                workspace.settle();
                auto error = last_error(workspace);
                CHECK(error["request"] == c.request);
                CHECK(error["callId"] == id);
                CHECK(error["error"]["type"] == c.type);
                CHECK(error["error"]["code"] == "MEDIA_UNAVAILABLE");
                CHECK_THAT(error["error"]["message"].get<std::string>(), Catch::Contains("Failed"));
                CHECK(workspace.events() == events_before);  // no made-up event
                CHECK(last_task_action(workspace)["path"] == "/v1/tasks/" + id + "/" + c.action);
            }
        }
    }
}

TEST_CASE("Campaign calls are published like manual ones, with Webex's outbound type and one DROPPED") {
    for (const char* kind : {"progressive", "predictive", "callback"}) {
        INFO(kind);
        Workspace workspace;
        workspace.start_ready();
        auto offered = workspace.sim().control({{"offerCall", {{"kind", kind}, {"number", "+14155550123"}}}});
        auto id = offered["interactionId"].get<std::string>();
        REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
        workspace.control("Disconnect");
        REQUIRE(workspace.wait_for_event("DROPPED"));
        workspace.settle();
        CHECK(workspace.events() == Events{"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                           "eAgentContactEnded", "acw", "DROPPED"});
        for (const auto& m : workspace.call_messages()) {
            const auto& message = m["message"];
            CHECK_FALSE(message.contains("requestId"));
            CHECK(message["call"]["id"] == id);
            CHECK(message["call"]["ResponseFields"]["OutBoundType"] == kind);
            CHECK(message["call"]["ResponseFields"]["toAddress"] == "+14155550123");
            CHECK(message["call"]["CallType"] == "OUTBOUND");
        }
    }
}

TEST_CASE("Inbound calls: InboundCallStateChange with the Incoming Call page's events; controls under InboundCall") {
    Workspace workspace;
    workspace.start_ready();
    auto id =
        workspace.sim().control({{"offerCall", {{"kind", "inbound"}, {"number", "+14155550199"}}}})["interactionId"];
    REQUIRE(workspace.wait_for_event("eCallRecordingstarted", 5s, "Inbound"));
    workspace.control("SetHold", nullptr, "InboundCall");
    REQUIRE(workspace.wait_for_event("eAgentContactHeld", 5s, "Inbound"));
    workspace.control("Resume", nullptr, "InboundCall");
    REQUIRE(workspace.wait_for_event("eAgentContactUnHeld", 5s, "Inbound"));
    workspace.control("Disconnect", nullptr, "InboundCall");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "Inbound"));
    workspace.settle();
    CHECK(workspace.events("Inbound") == Events{"connected", "eAgentContactAssigned", "eCallRecordingstarted",
                                                "eAgentContactHeld", "eAgentContactUnHeld", "eAgentContactEnded", "acw",
                                                "DROPPED"});
    CHECK(workspace.events().empty());  // nothing on the outbound topic
    for (const auto& m : workspace.call_messages("Inbound")) {
        CHECK(m["subtopic"] == "InboundCallStateChange");
        CHECK(m["message"]["call"]["id"] == id);
        CHECK(m["message"]["call"]["CallType"] == "Inbound");
        CHECK(m["message"]["call"]["ResponseFields"]["fromAddress"] == "+14155550199");
        CHECK(m["message"]["call"]["ResponseFields"]["OutBoundType"] == "");
    }
}

TEST_CASE("Two calls at once (a consult): a request must name one; each call ends on its own") {
    Workspace workspace;
    auto main_call = connected_call(workspace);
    auto consult = workspace.sim().control({{"offerCall", {{"kind", "consult"}}}})["interactionId"].get<std::string>();
    REQUIRE(workspace.wait_for_event("eAgentConsulting", 5s, "Inbound", consult));
    workspace.control("SetHold");
    REQUIRE(workspace.wait_for_errors(1));
    CHECK(last_error(workspace)["error"]["code"] == "CALL_ID_REQUIRED");

    workspace.control("Disconnect", {{"callId", consult}}, "InboundCall");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "Inbound", consult));
    CHECK(workspace.events("Inbound", consult) ==
          Events{"eAgentOfferConsult", "eAgentConsulting", "eAgentConsultEnded", "DROPPED"});
    workspace.control("SetHold");  // one call again
    REQUIRE(workspace.wait_for_event("eAgentContactHeld", 5s, "outbound", main_call));
    CHECK(count(workspace.events(), "DROPPED") == 0);
}

TEST_CASE("StateSync answers at once with the agent and every active call's last event") {
    Workspace workspace;
    auto id = connected_call(workspace);
    workspace.control("SetHold");
    REQUIRE(workspace.wait_for_event("eAgentContactHeld"));
    json request = {{"channel", "Webexcc"}, {"topic", "App"}, {"subtopic", "StateSync"}, {"requestId", "sync-1"}};
    CHECK(state_sync_schema().problems(request).empty());
    workspace.request(request);
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("App", "StateSync").empty(); }));
    request["topic"] = "Agent";
    request["requestId"] = "sync-2";
    workspace.request(request);
    REQUIRE(workspace.wait([&] { return workspace.messages_on("App", "StateSync").size() == 2; }));
    workspace.settle();
    auto answers = workspace.messages_on("App", "StateSync");
    REQUIRE(answers.size() == 2);  // the answers are not taken for requests
    auto answer = answers[0]["message"];
    CHECK(answer["requestId"] == "sync-1");
    CHECK(answer["initState"] == "Loaded");
    CHECK(answer["agent"]["state"] == "Available");
    CHECK(answer["calls"] == json::array({{{"id", id},
                                           {"event", "eAgentContactHeld"},
                                           {"CallState", "held"},
                                           {"OutBoundType", "manualdial"},
                                           {"CallType", "OUTBOUND"}}}));
    CHECK(answers[1]["message"]["requestId"] == "sync-2");
}

TEST_CASE("A failure that does not say whether wrap-up follows: acw only when it comes, DROPPED always last") {
    SECTION("wrap-up follows") {
        Workspace workspace(json{{"wrapUpGraceMs", 2000}});
        workspace.start_ready();
        workspace.sim().control({{"nextScenario", "busy-then-wrapup"}});
        workspace.make_call_request("917702779401");
        REQUIRE(workspace.wait_for_event("DROPPED"));
        workspace.settle();
        CHECK(workspace.events() == Events{"eAgentOfferContact", "eOutdialFailed", "acw", "DROPPED"});
    }
    SECTION("nothing follows") {
        Workspace workspace(json{{"wrapUpGraceMs", 400}});
        workspace.start_ready();
        workspace.sim().control({{"nextScenario", "busy-then-nothing"}});
        workspace.make_call_request("917702779401", "r-busy");
        REQUIRE(workspace.wait_for_event("eOutdialFailed"));
        auto failed_at = std::chrono::steady_clock::now();
        REQUIRE(workspace.wait_for_event("DROPPED", 3s));
        CHECK(std::chrono::steady_clock::now() - failed_at >= 300ms);  // waited for a wrap-up that did not come
        workspace.settle();
        CHECK(workspace.events() == Events{"eAgentOfferContact", "eOutdialFailed", "DROPPED"});
        auto dropped = workspace.call_messages().back()["message"];
        CHECK(dropped["requestId"] == "r-busy");
        CHECK(dropped["call"]["reason"] == "CUSTOMER_BUSY");
    }
}

TEST_CASE("Notifications without direction or outbound type still follow our outdial") {
    Workspace workspace;
    workspace.start_ready();
    workspace.sim().control({{"thinFrames", true}});
    workspace.make_call_request("917702779401", "thin-1");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    workspace.settle();
    CHECK(workspace.events() == Events{"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                       "eAgentContactEnded", "acw", "DROPPED"});
    for (const auto& m : workspace.call_messages()) CHECK(m["message"]["requestId"] == "thin-1");
}

TEST_CASE("Disconnect while the call still rings: exactly one DROPPED whichever way Webex answers the end") {
    struct Case {
        const char* ringing_end;
        const char* kind;  // "" for an outdial, else the offerCall kind
        bool wraps_up;     // ContactEnded naming the agent, then AgentWrapup
    };
    for (const Case c : {Case{"contact-ended", "", true}, Case{"contact-ended", "inbound", false},
                         Case{"assign-failed", "", false}, Case{"assign-failed", "inbound", false}}) {
        INFO("the end answered " << c.ringing_end << ", kind '" << c.kind << "'");
        std::string topic = *c.kind ? "Inbound" : "outbound";
        Workspace workspace;
        workspace.start_ready();
        without_auto_wrap_up(workspace);
        workspace.sim().control({{"ringingEnd", c.ringing_end}});
        if (*c.kind) {
            workspace.sim().control({{"offerCall", {{"kind", c.kind}, {"scenario", "ringing"}}}});
        } else {
            workspace.sim().control({{"nextScenario", "ringing"}});
            workspace.make_call_request("15550001007", "dial-1");
        }
        REQUIRE(workspace.wait([&] { return !workspace.events(topic).empty(); }));
        workspace.settle();  // many steps: the offer has arrived, the call rings on
        workspace.control("Disconnect", nullptr, *c.kind ? "InboundCall" : "OutboundCall");
        if (c.wraps_up) {
            REQUIRE(workspace.wait_for_event("acw", 5s, topic));
            workspace.control("WrapUpCall", {{"wrapup", "wc-sale"}});
        }
        REQUIRE(workspace.wait_for_event("DROPPED", 5s, topic));
        workspace.settle();
        auto events = workspace.events(topic);
        CHECK(count(events, "DROPPED") == 1);
        CHECK(events.back() == "DROPPED");
        CHECK(count(events, "CustAnswered") + count(events, "eAgentContactAssigned") == 0);
        CHECK(last_task_action(workspace)["path"].get<std::string>().find(c.wraps_up ? "/wrapup" : "/end") !=
              std::string::npos);
        CHECK(workspace.errors().empty());
    }
}
