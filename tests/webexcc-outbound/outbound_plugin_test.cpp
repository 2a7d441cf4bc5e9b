// The webexcc-outbound plugin end to end: loaded by the host from its plugin folder, driven over the
// bus, talking to the simulator over real loopback sockets. Every message seen is checked against
// the contract's JSON Schemas.

#include "workspace_fixture.hpp"

using namespace webexcc::testing;

namespace {

// A call the customer answered and that ended normally, as the Workspace sees it.
const Events answered_call = {"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                              "eAgentContactEnded", "acw",          "DROPPED"};

// An agent-ends call, connected and recording, in a Workspace whose agent is Ready.
void start_connected_call(Workspace& workspace) {
    workspace.start_ready();
    workspace.make_call_request("15550001007");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
}

}  // namespace

TEST_CASE("The contract's sample response is valid under the state-change schema") {
    std::ifstream in(CONTRACT_SAMPLE);
    CHECK(call_schema().problems(json::parse(in)).empty());
    CHECK(request_schema().problems(make_call("917702779401", "crm-1")).empty());
    CHECK(request_schema()
              .problems({{"channel", "Webex CC"}, {"topic", "Outbound"}, {"subtopic", "makecall"}, {"data", "1"}})
              .empty());
    // No number accepts a preview reservation; a number that is not a string is never dialled.
    CHECK(request_schema()
              .problems({{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}})
              .empty());
    CHECK(request_schema()
              .problems({{"channel", "Webexcc"},
                         {"topic", "OutboundCall"},
                         {"subtopic", "MakeCall"},
                         {"data", {{"callId", "r"}}}})
              .empty());
    for (const json& data : {json(917702779401), json{{"number", "1"}}})
        CHECK_FALSE(
            request_schema()
                .problems({{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"data", data}})
                .empty());
    CHECK_FALSE(request_schema().problems({{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"data", "1"}}).empty());
    CHECK_FALSE(call_schema().problems(json{{"channel", "Webexcc"}, {"topic", "outbound"}}).empty());
}

TEST_CASE("MakeCall end to end: every scenario's exact events and one DROPPED") {
    struct Case {
        const char* scenario;
        const char* number;
        Events events;
    };
    const Case cases[] = {
        {"answered",
         "917702779401",
         {"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted", "eAgentContactEnded", "acw", "DROPPED"}},
        {"busy", "+1 555 000 1001", {"eAgentOfferContact", "eOutdialFailed", "acw", "DROPPED"}},
        {"no-answer", "15550001002", {"eAgentOfferContact", "eOutdialFailed", "acw", "DROPPED"}},
        {"rona", "15550001003", {"eAgentOfferContact", "eAgentOfferContactRona", "DROPPED"}},
        {"declined", "15550001004", {"eAgentOfferContact", "eAgentContactAssignFailed", "DROPPED"}},
        {"hold",
         "15550001005",
         {"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted", "eAgentContactHeld", "eAgentContactUnHeld",
          "eAgentContactEnded", "acw", "DROPPED"}},
        {"recording",
         "15550001006",
         {"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted", "ePauseRecording", "eResumeRecording",
          "eAgentContactEnded", "acw", "DROPPED"}},
        {"invalid-number", "15550001008", {"eOutdialFailed", "DROPPED"}},
        {"busy-listed", "15550001011", {"eAgentOfferContact", "eOutdialFailed", "acw", "DROPPED"}},
        {"busy-unlisted", "15550001012", {"eAgentOfferContact", "eOutdialFailed", "DROPPED"}},
    };
    for (const auto& c : cases) {
        INFO("scenario " << c.scenario);
        Workspace workspace;
        workspace.start_ready();
        workspace.make_call_request(c.number, std::string("req-") + c.scenario);
        REQUIRE(workspace.wait_for_event("DROPPED"));
        workspace.settle();
        CHECK(workspace.events() == c.events);
        CHECK(workspace.requests_to("POST /v1/tasks/") == 1);
        for (const auto& m : workspace.call_messages()) {
            CHECK(m["message"]["requestId"] == std::string("req-") + c.scenario);
            CHECK(m["message"]["call"]["id"] == workspace.interaction_id());
        }
    }
}

TEST_CASE("Failures carry their reason and reason code, on the failure and on DROPPED") {
    Workspace workspace;
    workspace.start_ready();
    workspace.make_call_request("15550001001");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    for (const auto& m : workspace.call_messages()) {
        const auto& call = m["message"]["call"];
        if (call["event"] == "eOutdialFailed" || call["event"] == "DROPPED") {
            CHECK(call["reason"] == "CUSTOMER_BUSY");
            CHECK(call["reasonCode"] == 1022);
        } else {
            CHECK_FALSE(call.contains("reason"));
        }
    }
    auto first = workspace.call_messages().front()["message"]["call"];
    CHECK(first["ResponseFields"]["toAddress"] == "15550001001");
    CHECK(first["ResponseFields"]["fromAddress"] == "1908603511");
    CHECK(first["CallVariables"]["virtualTeamName"] == "Outdial Queue-1");
}

TEST_CASE("The agent ends the call from their phone") {
    Workspace workspace;
    start_connected_call(workspace);
    REQUIRE(workspace.rest(webexcc::client::end_task(workspace.interaction_id())).ok());
    REQUIRE(workspace.wait_for_event("DROPPED"));
    workspace.settle();
    CHECK(workspace.events() == answered_call);
}

TEST_CASE("A reconnect mid-call loses no event and repeats none") {
    Workspace workspace;
    start_connected_call(workspace);
    workspace.sim().control({{"fault", "duplicate-frames"}, {"count", 50}});
    workspace.sim().control({{"fault", "drop-socket"}});
    REQUIRE(workspace.wait([&] { return workspace.requests_to("POST /v1/agents/reload") >= 2; }));
    REQUIRE(workspace.rest(webexcc::client::end_task(workspace.interaction_id())).ok());
    REQUIRE(workspace.wait_for_event("DROPPED"));
    workspace.settle();
    CHECK(workspace.events() == answered_call);
}

TEST_CASE("A call that ends while the socket is down still gets its remaining events and DROPPED") {
    Workspace workspace;
    start_connected_call(workspace);
    auto id = workspace.interaction_id();
    workspace.sim().control({{"fault", "reject-websocket"}, {"count", 1000}});
    workspace.sim().control({{"fault", "drop-socket"}});
    REQUIRE(workspace.rest(webexcc::client::end_task(id)).ok());  // hangs up while we are away
    REQUIRE(workspace.wait([&] { return workspace.sim().control({{"status", true}})["calls"].empty(); }));
    workspace.sim().control({{"fault", "clear"}});
    REQUIRE(workspace.wait_for_event("DROPPED", 10s));
    workspace.settle();
    CHECK(workspace.events() ==
          Events{"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted", "eAgentContactEnded", "DROPPED"});
    CHECK(workspace.call_messages().back()["message"]["call"]["reason"] == "ENDED_WHILE_DISCONNECTED");
}

TEST_CASE("No offer within the offer timeout ends the request with DROPPED (timeout)") {
    Workspace workspace(json{{"offerTimeoutMs", 200}});
    workspace.start_ready();
    workspace.sim().control({{"fault", "delay-frames"}, {"ms", 600}});
    workspace.make_call_request("917702779401", "late-1");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    REQUIRE(workspace.wait([&] { return workspace.sim().control({{"status", true}})["calls"].empty(); }));
    workspace.sim().control({{"fault", "clear"}});
    // The late offer and the rest of the call arrive: the MakeCall has had its DROPPED, and the
    // call the agent is on all the same is followed as one it did not dial from here.
    REQUIRE(workspace.wait([&] { return workspace.events().size() == 7; }, 3s));
    auto messages = workspace.call_messages();
    CHECK(messages.front()["message"]["call"]["reason"] == "timeout");
    CHECK(messages.front()["message"]["requestId"] == "late-1");
    CHECK(workspace.events() == Events{"DROPPED", "eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                       "eAgentContactEnded", "acw", "DROPPED"});
    for (std::size_t i = 1; i < messages.size(); ++i) {
        CHECK_FALSE(messages[i]["message"].contains("requestId"));
        CHECK(messages[i]["message"]["call"]["ResponseFields"]["OutBoundType"] == "outdial");
    }
}

TEST_CASE("An outdial Webex refuses ends in DROPPED with Webex's error") {
    Workspace workspace;
    workspace.start_ready();
    workspace.sim().control({{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/tasks/"}});
    workspace.make_call_request("917702779401", "r-500");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    workspace.settle();
    CHECK(workspace.events() == Events{"DROPPED"});
    auto call = workspace.call_messages().back()["message"]["call"];
    CHECK(call["reason"] == "INJECTED_FAULT");
    CHECK(call["reasonCode"] == 500);
    CHECK(workspace.requests_to("POST /v1/tasks/") == 1);  // never retried
}

TEST_CASE("Rejected MakeCalls: a clear error each, and nothing sent to Webex") {
    Workspace workspace(json{{"notReadyAuxCodeId", "idle-lunch"}});
    workspace.start_ready();

    workspace.make_call_request("call me maybe", "bad-number");
    workspace.request(
        {{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"requestId", "no-data"}});
    REQUIRE(workspace.wait([&] { return workspace.errors().size() == 2; }));

    workspace.request({{"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "SetNotReadyState"}});
    REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Idle"; }));
    workspace.make_call_request("917702779401", "not-ready");
    REQUIRE(workspace.wait([&] { return workspace.errors().size() == 3; }));

    workspace.request({{"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "SetReadyState"}});
    REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Available"; }));
    workspace.sim().control({{"fault", "delay-frames"}, {"ms", 3000}});  // no offer can overtake "second"
    workspace.make_call_request("15550001007", "first");
    workspace.make_call_request("15550001007", "second");
    REQUIRE(workspace.wait([&] { return workspace.errors().size() >= 4; }));

    auto errors = workspace.errors();
    auto code_of = [&](const std::string& request_id) {
        for (const auto& e : errors)
            if (e.value("requestId", "") == request_id) return e["error"]["code"].get<std::string>();
        return std::string("none");
    };
    CHECK(code_of("bad-number") == "INVALID_NUMBER");
    CHECK(code_of("no-data") == "NO_RESERVATION");  // no number: accept a preview, and none is offered
    CHECK(code_of("not-ready") == "AGENT_NOT_READY");
    CHECK(code_of("second") == "CALL_IN_PROGRESS");
    CHECK(code_of("first") == "none");
    CHECK(errors.size() == 4);
    for (const auto& e : errors)
        CHECK(e["error"]["type"] == (e["requestId"] == "no-data" ? "ACCEPT_CONTACT_FAILED" : "MAKE_CALL_FAILED"));
    // "first"'s outdial may still be on its way when "second"'s refusal is seen.
    CHECK(workspace.wait([&] { return workspace.requests_to("POST /v1/tasks/") == 1; }));
    workspace.settle();
    CHECK(workspace.requests_to("POST /v1/tasks/") == 1);
}

TEST_CASE("Not connected to Webex CC: MakeCall is rejected") {
    Workspace workspace;
    workspace.sim().control({{"fault", "reject-websocket"}, {"count", 1000}});
    REQUIRE(workspace.start());
    workspace.make_call_request("917702779401", "offline");
    REQUIRE(workspace.wait([&] { return workspace.errors().size() == 1; }));
    CHECK(workspace.errors()[0]["error"]["code"] == "NOT_CONNECTED");
    CHECK(workspace.requests_to("POST /v1/tasks/") == 0);
}

TEST_CASE("Every spelling of the request's channel, topic and subtopic is accepted") {
    Workspace workspace;
    workspace.start_ready();
    workspace.request({{"CHANNEL", "webexcc"},
                       {"TOPIC", "outboundcall"},
                       {"SUBTOPIC", "makecall"},
                       {"Data", "not a number"},
                       {"requestId", "a"}});
    workspace.request(
        {{"channel", "Webex CC"}, {"topic", "Outbound"}, {"subtopic", "MakeCall"}, {"data", "x"}, {"requestId", "b"}});
    REQUIRE(workspace.wait([&] { return workspace.errors().size() == 2; }));
    for (const auto& e : workspace.errors()) CHECK(e["error"]["code"] == "INVALID_NUMBER");
}

TEST_CASE("RONA makes the agent Not Ready, which the Workspace sees") {
    Workspace workspace;
    workspace.start_ready();
    workspace.make_call_request("15550001003");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Idle"; }));
}

TEST_CASE("Deactivating mid-call publishes the call's DROPPED and stops cleanly") {
    Workspace workspace;
    workspace.start_ready();
    workspace.make_call_request("15550001007");
    REQUIRE(workspace.wait_for_event("CustAnswered"));
    workspace.host().deactivate_all();
    REQUIRE(workspace.wait_for_event("DROPPED"));
    CHECK(workspace.call_messages().back()["message"]["call"]["reason"] == "PLUGIN_DEACTIVATED");
}

TEST_CASE("Malformed and unknown notifications are skipped without stopping later events") {
    Workspace workspace;
    start_connected_call(workspace);
    workspace.sim().control({{"inject", "{truncated"}});
    workspace.sim().control({{"inject",
                              {{"type", "RoutingMessage"},
                               {"data", {{"type", "SomethingNew"}, {"interactionId", workspace.interaction_id()}}}}}});
    workspace.sim().control({{"inject", {{"type", "RoutingMessage"}, {"data", 42}}}});
    workspace.sim().control({{"inject", json::array()}});
    REQUIRE(workspace.rest(webexcc::client::end_task(workspace.interaction_id())).ok());
    REQUIRE(workspace.wait_for_event("DROPPED"));
    CHECK(workspace.events() == answered_call);
}

TEST_CASE("Bad plugin configuration: the plugin stays inactive and names the key") {
    Workspace workspace(json{{"entryPointId", 7}});
    CHECK_FALSE(workspace.start());
    CHECK(workspace.logged("\"entryPointId\" must be a non-empty string"));

    Workspace missing_token(json{{"accessTokenFile", "no-such-token"}});
    CHECK_FALSE(missing_token.start());
    CHECK(missing_token.logged("no-such-token"));
}

TEST_CASE("On a Workspace older than 3.21.2410 the plugin does not activate") {
    Workspace workspace;
    workspace.on_workspace("3.21.2409");
    CHECK_FALSE(workspace.start());
    CHECK(workspace.logged("3.21.2410"));
    CHECK(workspace.logged("3.21.2409"));
    REQUIRE(workspace.wait([&] { return !workspace.all_messages().empty(); }));
    auto messages = workspace.all_messages();
    CHECK(messages[0]["subtopic"] == "PluginRefused");
    CHECK(messages[0]["message"]["error"]["code"] == "WORKSPACE_TOO_OLD");
}

TEST_CASE("The access token never appears in logs or messages; numbers are masked in logs") {
    Workspace workspace;
    workspace.start_ready();
    workspace.make_call_request("917702779401");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    auto logs = workspace.all_logs();
    CHECK(logs.find("wxcc-sim-token") == std::string::npos);
    CHECK(logs.find("917702779401") == std::string::npos);
    CHECK(logs.find("91*******401") != std::string::npos);
    for (const auto& m : workspace.all_messages()) CHECK(m.dump().find("wxcc-sim-token") == std::string::npos);
}

TEST_CASE(
    "Poisoned notifications never take the host down, never reach the bus, and every call still ends in one DROPPED") {
    // Every field the mapper reads, every poison the simulator has, on every frame of an answered call.
    const std::vector<std::string> fields = {"data.type",
                                             "data.interactionId",
                                             "data.orgId",
                                             "data.reason",
                                             "data.reasonCode",
                                             "data.agentsPendingWrapUp",
                                             "data.interaction.state",
                                             "data.interaction.outboundType",
                                             "data.interaction.owner",
                                             "data.interaction.interactionId",
                                             "data.interaction.contactDirection",
                                             "data.interaction.contactDirection.type",
                                             "data.interaction.callProcessingDetails.ani",
                                             "data.interaction.callProcessingDetails.dnis",
                                             "data.interaction.callProcessingDetails.customerNumber",
                                             "data.interaction.callProcessingDetails.virtualTeamName",
                                             "data.interaction.callProcessingDetails.outdialAgentId",
                                             "data.interaction.callProcessingDetails.recordingStarted",
                                             "data.interaction.callProcessingDetails.ronaTimeout",
                                             "data.interaction.participants",
                                             "orgId",
                                             "trackingId",
                                             "type"};
    const std::vector<std::string> kinds = {"lone-surrogate", "invalid-utf8", "control-char", "deep-nesting",
                                            "huge-number",    "wrong-type",   "truncated"};
    const std::vector<std::string> frames = {"AgentOfferContact", "AgentContactAssigned", "ContactEnded", "AgentWrapup",
                                             "AgentWrappedUp"};
    Workspace workspace;
    workspace.start_ready();
    std::size_t field = 0, calls = 0;
    for (const auto& kind : kinds) {
        for (const auto& frame_type : frames) {
            const auto& path = fields[field++ % fields.size()];
            INFO(kind << " in " << path << " of " << frame_type);
            auto armed = workspace.sim().control(
                {{"fault", "poison-frames"}, {"kind", kind}, {"path", path}, {"onType", frame_type}, {"count", 1}});
            REQUIRE(armed.value("ok", false));
            workspace.make_call_request("917702779401", "poison-" + std::to_string(++calls));
            REQUIRE(workspace.wait(
                [&] {
                    auto all = workspace.events();
                    return std::count(all.begin(), all.end(), "DROPPED") == static_cast<long>(calls);
                },
                10s));
            workspace.sim().control({{"fault", "clear"}});
        }
    }
    workspace.settle();
    CHECK(workspace.sim().control({{"status", true}})["framesPoisoned"] == calls);
    // Per call: exactly one DROPPED, last; no event twice.
    std::map<std::string, Events> by_request;
    for (const auto& m : workspace.call_messages()) {
        REQUIRE(m["message"]["source"] == "event");
        by_request[m["message"]["requestId"]].push_back(m["message"]["call"]["event"]);
    }
    REQUIRE(by_request.size() == calls);
    for (const auto& [request, events] : by_request) {
        INFO(request);
        CHECK(std::count(events.begin(), events.end(), "DROPPED") == 1);
        CHECK(events.back() == "DROPPED");
        CHECK(std::set<std::string>(events.begin(), events.end()).size() == events.size());
    }
    CHECK(workspace.logged("not strict JSON"));
    CHECK(workspace.logged("malformed notification"));
    // Still fully working afterwards.
    workspace.make_call_request("917702779401", "after");
    REQUIRE(workspace.wait([&] {
        auto all = workspace.events();
        return std::count(all.begin(), all.end(), "DROPPED") == static_cast<long>(calls + 1);
    }));
}

TEST_CASE("The host reads the plugin's status through the plugin-status extension") {
    Workspace workspace;
    workspace.start_ready();
    auto text = workspace.host().plugin_status("webexcc-outbound");
    REQUIRE(text);
    auto status = json::parse(*text);
    CHECK(status["connected"] == true);
    CHECK(status["agentState"] == "Available");
    CHECK(status["openCalls"] == 0);
    CHECK_FALSE(workspace.host().plugin_status("no-such-plugin"));
}

TEST_CASE("A poisoned agent state never reaches a message, and the state is learnt again") {
    Workspace workspace;
    workspace.start_ready();
    for (const char* kind : {"invalid-utf8", "lone-surrogate", "wrong-type"}) {
        INFO(kind);
        auto before = workspace.agent_states().size();
        workspace.sim().control({{"fault", "poison-frames"},
                                 {"kind", kind},
                                 {"path", "data.subStatus"},
                                 {"onType", "AgentStateChangeSuccess"},
                                 {"count", 1}});
        workspace.sim().control({{"agentState", "Idle"}});
        // The poisoned change is skipped; the reload that follows reports the state as it is.
        REQUIRE(workspace.wait(
            [&] { return workspace.agent_states().size() > before && workspace.agent_states().back() == "Idle"; }));
        workspace.make_call_request("917702779401");  // rejected, naming the state: a text built from it
        REQUIRE(workspace.wait([&] { return !workspace.errors().empty(); }));
        CHECK(workspace.errors().back()["error"]["code"] == "AGENT_NOT_READY");
        workspace.sim().control({{"agentState", "Available"}});
        REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Available"; }));
    }
    CHECK(workspace.logged("not strict JSON"));
}
