// Consult, transfer and conference requests refused (issue 21), end to end over TLS: locally, before
// anything is sent, with the contract's codes and a message saying why; and by Webex, a ...Failed
// notification or a REST error, answered once with Webex's reason and never sent again. Whatever
// is refused, every call and leg still ends in exactly one DROPPED.

#include "consult_fixture.hpp"

using namespace webexcc::testing;
using namespace webexcc::testing::consult;

namespace {

// Publishes `request` and returns its one answer, an error; Webex receives nothing.
json refused(Workspace& workspace, const json& request) {
    auto errors_before = workspace.errors().size();
    auto actions_before = workspace.task_actions().size();
    workspace.request(request);
    REQUIRE(workspace.wait_for_errors(errors_before + 1));
    workspace.settle();
    CHECK(workspace.errors().size() == errors_before + 1);
    CHECK(workspace.task_actions().size() == actions_before);
    return last_error(workspace);
}

json request(const std::string& subtopic, json data, const std::string& request_id = "r-1",
             const std::string& topic = "OutboundCall") {
    auto message = control_request(subtopic, std::move(data), topic);
    message["requestId"] = request_id;
    return message;
}

// The error's code and type, and that it names the request.
void check_refusal(const json& error, const std::string& subtopic, const std::string& type, const std::string& code) {
    INFO(error.dump());
    CHECK(error["request"] == subtopic);
    CHECK(error["requestId"] == "r-1");
    CHECK(error["error"]["type"] == type);
    CHECK(error["error"]["code"] == code);
    CHECK(!error["error"]["message"].get<std::string>().empty());
}

}  // namespace

TEST_CASE("Consult requests that cannot apply are refused before anything reaches Webex") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_ready(workspace);
    auto to_alex = destination(alex, "agent");

    // No call; malformed requests.
    check_refusal(refused(workspace, request("Consult", to_alex)), "Consult", "CONSULT_CALL_FAILED", "NO_ACTIVE_CALL");
    check_refusal(refused(workspace, request("Transfer", to_alex)), "Transfer", "TRANSFER_CALL_FAILED",
                  "NO_ACTIVE_CALL");
    auto id = dial(workspace);
    check_refusal(refused(workspace, request("Consult", {{"destinationType", "agent"}})), "Consult",
                  "CONSULT_CALL_FAILED", "INVALID_REQUEST");
    check_refusal(refused(workspace, request("Consult", destination(alex, "team"))), "Consult", "CONSULT_CALL_FAILED",
                  "INVALID_REQUEST");
    check_refusal(refused(workspace, request("Consult", {{"to", alex}})), "Consult", "CONSULT_CALL_FAILED",
                  "INVALID_REQUEST");
    check_refusal(refused(workspace, request("Transfer", destination("ep-support", "entryPoint"))), "Transfer",
                  "TRANSFER_CALL_FAILED", "INVALID_REQUEST");
    check_refusal(refused(workspace, request("Consult", with_call(to_alex, "no-such-call"))), "Consult",
                  "CONSULT_CALL_FAILED", "UNKNOWN_CALL");

    // A connected call with no consult: nothing to conference, transfer, drop or accept.
    check_refusal(refused(workspace, request("Conference", {{"callId", id}})), "Conference", "CONFERENCE_CALL_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("ExitConference", nullptr)), "ExitConference", "CONFERENCE_CALL_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("ConferenceTransfer", nullptr)), "ConferenceTransfer",
                  "TRANSFER_CALL_FAILED", "INVALID_STATE");
    check_refusal(refused(workspace, request("ConsultTransfer", nullptr)), "ConsultTransfer", "TRANSFER_CALL_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("ConsultDrop", nullptr)), "ConsultDrop", "CONSULT_DROP_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("AcceptConsult", nullptr)), "AcceptConsult", "CONSULT_CALL_FAILED",
                  "INVALID_STATE");

    // A held call: Webex would refuse its transfer; no consult either.
    workspace.control("SetHold", {{"callId", id}});
    REQUIRE(workspace.wait_for_event("eAgentContactHeld", 5s, "outbound", id));
    check_refusal(refused(workspace, request("Transfer", to_alex)), "Transfer", "TRANSFER_CALL_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("Consult", to_alex)), "Consult", "CONSULT_CALL_FAILED", "INVALID_STATE");
    workspace.control("Resume", {{"callId", id}});
    REQUIRE(workspace.wait_for_event("eAgentContactUnHeld", 5s, "outbound", id));

    // A consult not answered yet: no second consult, no transfer, nothing to merge or hand over.
    workspace.sim().control({{"nextConsult", "wait"}});
    ask(workspace, "Consult", with_call(to_alex, id));
    auto leg = id + "-consult-1";
    REQUIRE(workspace.wait_for_event("eAgentConsultCreated", 5s, "outbound", leg));
    check_refusal(refused(workspace, request("Consult", with_call(destination(dial_number, "dialNumber"), id))),
                  "Consult", "CONSULT_CALL_FAILED", "INVALID_STATE");
    check_refusal(refused(workspace, request("Transfer", with_call(to_alex, id))), "Transfer", "TRANSFER_CALL_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("Conference", {{"callId", leg}})), "Conference", "CONFERENCE_CALL_FAILED",
                  "INVALID_STATE");
    check_refusal(refused(workspace, request("ConsultTransfer", {{"callId", leg}})), "ConsultTransfer",
                  "TRANSFER_CALL_FAILED", "INVALID_STATE");
    ask(workspace, "ConsultDrop", {{"callId", leg}});
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));

    // Two calls (a consult another agent offers this one): a request must name one; the offered
    // consult is not this agent's to consult about.
    auto offered = workspace.sim().control({{"offerCall", {{"kind", "consult"}}}})["interactionId"].get<std::string>();
    REQUIRE(workspace.wait_for_event("eAgentConsulting", 5s, "Inbound", offered));
    check_refusal(refused(workspace, request("Consult", to_alex)), "Consult", "CONSULT_CALL_FAILED",
                  "CALL_ID_REQUIRED");
    check_refusal(refused(workspace, request("Consult", with_call(to_alex, offered), "r-1", "InboundCall")), "Consult",
                  "CONSULT_CALL_FAILED", "INVALID_STATE");
    check_refusal(refused(workspace, request("AcceptConsult", {{"callId", offered}}, "r-1", "InboundCall")),
                  "AcceptConsult", "CONSULT_CALL_FAILED", "INVALID_STATE");  // accepted already
    // The consulted agent leaves the consult with ConsultDrop.
    ask(workspace, "ConsultDrop", {{"callId", offered}}, "leave-1", "InboundCall");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "Inbound", offered));
    CHECK(workspace.task_actions().back() == action(offered, "/consult/end"));
    CHECK(workspace.events("Inbound", offered) ==
          Events{"eAgentOfferConsult", "eAgentConsulting", "eAgentConsultEnded", "DROPPED"});
    end_and_check_each_ended_once(workspace, id);
}

TEST_CASE_METHOD(
    ConnectedCall,
    "Webex refuses with a ...Failed notification: the request's one answer has Webex's reason; never retried") {
    struct Case {
        const char* action;  // the simulator's fail-task-action
        const char* request;
        json to;            // Consult / Transfer's destination
        const char* stage;  // where the call is first: connected, consulting, conference
        const char* type;
    };
    const Case c = GENERATE(
        Case{"consult", "Consult", destination(alex, "agent"), "connected", "CONSULT_CALL_FAILED"},
        Case{"consult", "Consult", destination(support_queue, "queue"), "connected", "CONSULT_CALL_FAILED"},
        Case{"consult/end", "ConsultDrop", nullptr, "consulting", "CONSULT_DROP_FAILED"},
        Case{"transfer", "Transfer", destination(dial_number, "dialNumber"), "connected", "TRANSFER_CALL_FAILED"},
        Case{"transfer", "Transfer", destination(support_queue, "queue"), "connected", "TRANSFER_CALL_FAILED"},
        Case{"consult/transfer", "ConsultTransfer", nullptr, "consulting", "TRANSFER_CALL_FAILED"},
        Case{"consult/conference", "Conference", nullptr, "consulting", "CONFERENCE_CALL_FAILED"},
        Case{"conference/exit", "ExitConference", nullptr, "conference", "CONFERENCE_CALL_FAILED"},
        Case{"conference/transfer", "ConferenceTransfer", nullptr, "conference", "TRANSFER_CALL_FAILED"});
    INFO(c.action << " " << c.to.dump());
    if (std::string(c.stage) != "connected") consulting(workspace, id, destination(alex, "agent"));
    if (std::string(c.stage) == "conference") {
        ask(workspace, "Conference", {{"callId", id}});
        REQUIRE(workspace.wait_for_event("eParticipantJoinedConference", 5s, "outbound", id));
    }
    auto events_before = workspace.all_messages().size();
    auto actions_before = workspace.task_actions().size();
    workspace.sim().control({{"fault", "fail-task-action"}, {"action", c.action}, {"reason", "MEDIA_UNAVAILABLE"}});
    auto data = c.to.is_null() ? json{{"callId", id}} : with_call(c.to, id);
    workspace.request(request(c.request, data));
    REQUIRE(workspace.wait_for_errors(1));
    workspace.settle();
    auto error = last_error(workspace);
    check_refusal(error, c.request, c.type, "MEDIA_UNAVAILABLE");
    CHECK(error["callId"] == id);
    CHECK_THAT(error["error"]["message"].get<std::string>(), Catch::Contains("Failed"));
    auto after = workspace.all_messages();
    INFO(json(std::vector<json>(after.begin() + events_before, after.end())).dump());
    CHECK(after.size() == events_before + 1);  // the error alone: no made-up event
    auto sent = actions_from(workspace, actions_before);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]["path"] == "/v1/tasks/" + id + "/" + c.action);
    if (std::string(c.stage) == "connected") CHECK(workspace.events("outbound", id + "-consult-1").empty());

    // The call goes on; it ends, and with it any leg still up, each in one DROPPED.
    end_and_check_each_ended_once(workspace, id);
    CHECK(workspace.errors().size() == 1);
}

TEST_CASE_METHOD(ConnectedCall, "Webex refuses with a REST error: the error with Webex's errorType, sent once") {
    SECTION("a server error on the consult: no leg is shown") {
        workspace.sim().control(
            {{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/tasks/" + id + "/consult"}});
        workspace.request(request("Consult", with_call(destination(alex, "agent"), id)));
        REQUIRE(workspace.wait_for_errors(1));
        workspace.settle();
        check_refusal(last_error(workspace), "Consult", "CONSULT_CALL_FAILED", "INJECTED_FAULT");
        CHECK(workspace.requests_to("POST /v1/tasks/" + id + "/consult") == 1);
        CHECK(workspace.events("outbound", id + "-consult-1").empty());
        end_and_check_each_ended_once(workspace, id);
    }
    SECTION("400: the other party left the consult and the plugin has not heard it yet") {
        auto leg = consulting(workspace, id, destination(alex, "agent"));
        workspace.sim().control({{"fault", "delay-frames"}, {"ms", 400}});
        REQUIRE(workspace.sim().control({{"consultParty", "leave"}}).value("ok", false));
        workspace.request(request("Conference", {{"callId", leg}}));
        REQUIRE(workspace.wait_for_errors(1));
        check_refusal(last_error(workspace), "Conference", "CONFERENCE_CALL_FAILED", "BAD_REQUEST");
        REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));  // AgentConsultEnded, late
        workspace.sim().control({{"fault", "delay-frames"}, {"ms", 0}});
        CHECK(workspace.events("outbound", leg) ==
              Events{"eAgentConsultCreated", "eAgentConsulting", "eAgentConsultEnded", "DROPPED"});
        CHECK(workspace.requests_to("POST /v1/tasks/" + id + "/consult/conference") == 1);
        end_and_check_each_ended_once(workspace, id);
        CHECK(workspace.errors().size() == 1);
    }
}
