// AcceptConsult end to end over TLS (issue 21): a consult another agent offers this one, held ringing
// until it is accepted (the simulator's offerCall kind consult, "accept": "wait"). Accepted with
// the request (Webex receives .../consult/accept {}), answered on the phone (no request), refused by
// Webex (AgentContactAssignFailed, which also ends the offer; a REST error, which does not), left
// unanswered (AgentOfferContactRona), and refused locally. Every offer ends in exactly one DROPPED.

#include "consult_fixture.hpp"

using namespace webexcc::testing;
using namespace webexcc::testing::consult;

namespace {

// A consult offered to the started agent, ringing until accepted or `rona_ms` is up; returns its id.
std::string offered_consult(Workspace& workspace, int rona_ms = 10000) {
    auto offer =
        workspace.sim().control({{"offerCall", {{"kind", "consult"}, {"accept", "wait"}, {"ronaMs", rona_ms}}}});
    auto id = offer["interactionId"].get<std::string>();
    REQUIRE(workspace.wait_for_event("eAgentOfferConsult", 5s, "Inbound", id));
    return id;
}

void accept(Workspace& workspace, const std::string& id, const std::string& request_id) {
    ask(workspace, "AcceptConsult", {{"callId", id}}, request_id, "InboundCall");
}

// The consulted agent leaves the consult it joined: ConsultDrop, .../consult/end, one DROPPED.
void leave(Workspace& workspace, const std::string& id) {
    ask(workspace, "ConsultDrop", {{"callId", id}}, "leave-" + id, "InboundCall");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "Inbound", id));
    CHECK(workspace.task_actions().back() == action(id, "/consult/end"));
}

// The request's one answer: Webex's refusal as CONSULT_CALL_FAILED with Webex's reason as the code.
void check_webex_refusal(const json& error, const std::string& request_id, const std::string& reason) {
    INFO(error.dump());
    CHECK(error["request"] == "AcceptConsult");
    CHECK(error["requestId"] == request_id);
    CHECK(error["error"]["type"] == "CONSULT_CALL_FAILED");
    CHECK(error["error"]["code"] == reason);
}

}  // namespace

TEST_CASE("AcceptConsult: Webex receives .../consult/accept {}, the offer becomes a consult; the phone answers too") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_ready(workspace);

    auto id = offered_consult(workspace);
    workspace.settle();
    CHECK(workspace.events("Inbound", id) == Events{"eAgentOfferConsult"});  // it rings: nothing joined it
    auto before = workspace.task_actions().size();
    accept(workspace, id, "accept-1");
    REQUIRE(workspace.wait_for_event("eAgentConsulting", 5s, "Inbound", id));
    CHECK(actions_from(workspace, before) == json::array({action(id, "/consult/accept")}));
    leave(workspace, id);
    CHECK(workspace.events("Inbound", id) ==
          Events{"eAgentOfferConsult", "eAgentConsulting", "eAgentConsultEnded", "DROPPED"});

    // Answered on the agent's phone: Webex says so, the plugin sends nothing.
    auto answered = offered_consult(workspace);
    before = workspace.task_actions().size();
    CHECK(workspace.sim().control({{"answerConsult", json::object()}}) == json{{"ok", true}});
    REQUIRE(workspace.wait_for_event("eAgentConsulting", 5s, "Inbound", answered));
    CHECK(workspace.task_actions().size() == before);
    leave(workspace, answered);
    workspace.settle();
    CHECK(workspace.errors().empty());
    check_each_ended_once(workspace);
}

TEST_CASE("AcceptConsult refused by Webex: one answer with Webex's reason, never retried; the offer ends once") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_ready(workspace);

    // AgentContactAssignFailed: the request's error, then the offer's end.
    auto refused = offered_consult(workspace);
    workspace.sim().control(
        {{"fault", "fail-task-action"}, {"action", "consult/accept"}, {"reason", "AGENT_NOT_FOUND"}});
    auto before = workspace.task_actions().size();
    accept(workspace, refused, "accept-1");
    REQUIRE(workspace.wait_for_errors(1));
    check_webex_refusal(last_error(workspace), "accept-1", "AGENT_NOT_FOUND");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "Inbound", refused));
    CHECK(workspace.events("Inbound", refused) == Events{"eAgentOfferConsult", "eAgentContactAssignFailed", "DROPPED"});

    // A REST error: the request's error; the offer rings on until its time is up (RONA).
    auto rest = offered_consult(workspace, 1500);
    workspace.sim().control({{"fault", "fail-task-action"},
                             {"action", "consult/accept"},
                             {"reason", "CONSULT_OFFER_BUSY"},
                             {"status", 409}});
    accept(workspace, rest, "accept-2");
    REQUIRE(workspace.wait_for_errors(2));
    check_webex_refusal(last_error(workspace), "accept-2", "CONSULT_OFFER_BUSY");
    workspace.settle();
    CHECK(workspace.events("Inbound", rest) == Events{"eAgentOfferConsult"});
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "Inbound", rest));
    CHECK(workspace.events("Inbound", rest) == Events{"eAgentOfferConsult", "eAgentOfferContactRona", "DROPPED"});

    // Each request reached Webex once.
    CHECK(actions_from(workspace, before) ==
          json::array({action(refused, "/consult/accept"), action(rest, "/consult/accept")}));
    workspace.settle();
    CHECK(workspace.errors().size() == 2);
    check_each_ended_once(workspace);
}

TEST_CASE("AcceptConsult with no consult offered is refused before anything reaches Webex") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_ready(workspace);
    auto before = workspace.task_actions().size();

    accept(workspace, "", "accept-1");  // no call at all
    REQUIRE(workspace.wait_for_errors(1));
    CHECK(last_error(workspace)["error"]["code"] == "NO_ACTIVE_CALL");
    CHECK(last_error(workspace)["error"]["type"] == "CONSULT_CALL_FAILED");

    // An offer joined at once (the default) is accepted already.
    auto joined = workspace.sim().control({{"offerCall", {{"kind", "consult"}}}})["interactionId"].get<std::string>();
    REQUIRE(workspace.wait_for_event("eAgentConsulting", 5s, "Inbound", joined));
    accept(workspace, joined, "accept-2");
    REQUIRE(workspace.wait_for_errors(2));
    CHECK(last_error(workspace)["requestId"] == "accept-2");
    CHECK(last_error(workspace)["error"]["code"] == "INVALID_STATE");
    workspace.settle();
    CHECK(workspace.task_actions().size() == before);
    leave(workspace, joined);
    check_each_ended_once(workspace);
}
