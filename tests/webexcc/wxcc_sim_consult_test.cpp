// wxcc-sim's consult, transfer and conference as the official SDK 3.12.0 asks for them and reads the
// answers, over TLS: the REST paths and bodies of services/task/contact.ts and index.ts, each
// success and failure notification by data.type and the MAIN call's interactionId (how aqm binds
// them), and the fields TaskManager.ts and core/Utils.ts read (the consult media entry, the other
// party's pType, hasLeft, the main call's participants for a conference).

#include "sim_wire.hpp"

#include <catch2/catch.hpp>

using namespace webexcc::testing;
using nlohmann::json;

namespace {

const std::string agent_id = "22a3ff9b-c51c-4c6b-8b8a-ca98154240f1";

int count_of(SimWire& wire, const std::string& type) {
    int n = 0;
    for (const auto& frame : wire.frames())
        if (frame.contains("data") && frame["data"].is_object() && frame["data"].value("type", "") == type) ++n;
    return n;
}

// The n-th (1-based) frame whose data.type is `type`, waited for up to 5 s.
json nth(SimWire& wire, const std::string& type, int n = 1) {
    for (int waited = 0; waited < 500 && count_of(wire, type) < n; ++waited) wire.pump(std::chrono::milliseconds(10));
    int seen = 0;
    for (const auto& frame : wire.frames())
        if (frame.contains("data") && frame["data"].is_object() && frame["data"].value("type", "") == type &&
            ++seen == n)
            return frame["data"];
    FAIL("no frame " << n << " of type " << type);
    return {};
}

SimWire consult_wire() {
    return SimWire([](wxcc_sim::Options& options) { options.auto_wrap_up = false; });
}

// An inbound call the agent is connected to; its interaction id.
std::string connected_call(SimWire& wire) {
    wire.open_socket();
    auto id = wire.sim().control({{"offerCall", {{"kind", "inbound"}}}})["interactionId"].get<std::string>();
    CHECK(nth(wire, "AgentContactAssigned")["interactionId"] == id);
    return id;
}

int post(SimWire& wire, const std::string& id, const std::string& action, const json& body = json::object()) {
    return wire.post("/v1/tasks/" + id + "/" + action, body).status;
}

// The media entry the SDK takes for the consult (core/Utils.ts getConsultedAgentId: mType "consult").
json consult_media(const json& data) {
    for (const auto& [key, media] : data["interaction"]["media"].items())
        if (media["mType"] == "consult") return media;
    return nullptr;
}

// TaskUtils.ts getIsConferenceInProgress: two or more agents still in the main call's media.
bool conference_in_progress(const json& data) {
    int agents = 0;
    for (const auto& id : data["interaction"]["media"][data["interactionId"].get<std::string>()]["participants"]) {
        const auto& participant = data["interaction"]["participants"][id.get<std::string>()];
        if (participant["pType"] != "Customer" && !participant.value("hasLeft", false)) ++agents;
    }
    return agents >= 2;
}

// A consult to `to` the other party has accepted; returns AgentConsulting's data.
json accepted_consult(SimWire& wire, const std::string& id, const std::string& to, const std::string& type) {
    int before = count_of(wire, "AgentConsulting");
    REQUIRE(post(wire, id, "consult", {{"to", to}, {"destinationType", type}, {"holdParticipants", true}}) == 202);
    return nth(wire, "AgentConsulting", before + 1);
}

}  // namespace

TEST_CASE("The buddy list the consult picker reads: BuddyAgents, filtered by state") {
    auto wire = consult_wire();
    wire.open_socket();
    CHECK(wire.post("/v1/agents/buddyList", {{"mediaType", "telephony"}}).status == 400);
    REQUIRE(wire.post("/v1/agents/buddyList", {{"agentProfileId", "p"}, {"mediaType", "telephony"}}).status == 202);
    auto all = wire.wait_for("BuddyAgents");
    REQUIRE(all);
    CHECK((*all)["type"] == "BuddyAgents");
    CHECK((*all)["data"]["agentList"].size() == 3);
    REQUIRE(wire.post("/v1/agents/buddyList", {{"agentProfileId", "p"}, {"mediaType", "telephony"}, {"state", "Idle"}})
                .status == 202);
    auto idle = nth(wire, "BuddyAgents", 2);
    REQUIRE(idle["agentList"].size() == 1);
    CHECK(idle["agentList"][0]["state"] == "Idle");
    for (const char* key : {"agentId", "teamId", "dn", "agentName", "siteId"})
        CHECK(idle["agentList"][0][key].is_string());
}

TEST_CASE("A consult to an agent: created, accepted, ended with /consult/end; the customer stays on hold") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    const std::string buddy = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01";
    CHECK(post(wire, id, "consult", {{"to", buddy}, {"destinationType", "supervisor"}}) == 400);
    REQUIRE(post(wire, id, "consult", {{"to", buddy}, {"destinationType", "agent"}, {"holdParticipants", true}}) ==
            202);
    auto created = nth(wire, "AgentConsultCreated");
    CHECK(created["interactionId"] == id);
    CHECK(created["destAgentId"] == buddy);
    CHECK(created["isConsulted"] == false);
    CHECK(created["interaction"]["state"] == "consult");
    CHECK(created["interaction"]["media"][id]["isHold"] == true);
    REQUIRE(consult_media(created).is_object());
    CHECK(consult_media(created)["mediaResourceId"] == created["consultMediaResourceId"]);
    CHECK(created["interaction"]["participants"][buddy]["hasJoined"] == false);

    auto consulting = nth(wire, "AgentConsulting");
    CHECK(consulting["interactionId"] == id);
    CHECK(consulting["interaction"]["state"] == "consulting");
    CHECK(consult_media(consulting)["participants"] == json::array({agent_id, buddy}));
    CHECK(consulting["interaction"]["participants"][buddy]["pType"] == "Agent");
    CHECK(consulting["interaction"]["participants"][buddy]["hasJoined"] == true);
    CHECK(post(wire, id, "consult", {{"to", buddy}, {"destinationType", "agent"}}) == 400);  // one at a time

    REQUIRE(post(wire, id, "consult/end") == 202);
    auto ended = nth(wire, "AgentConsultEnded");
    CHECK(ended["interactionId"] == id);
    CHECK(consult_media(ended).is_null());
    CHECK(ended["interaction"]["participants"][buddy]["hasLeft"] == true);
    CHECK(ended["interaction"]["state"] == "held");
    CHECK(post(wire, id, "consult/end") == 400);  // none left to end
    REQUIRE(post(wire, id, "unhold") == 202);
    CHECK(nth(wire, "AgentContactUnheld")["interaction"]["state"] == "connected");
}

TEST_CASE("Consults to a dial number and an entry point name the party as the SDK's calculateDestType reads it") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    auto dialled = accepted_consult(wire, id, "+14155550177", "dialNumber");
    CHECK(dialled["interaction"]["participants"]["+14155550177"]["pType"] == "DN");
    CHECK(dialled["destinationType"] == "dialNumber");
    REQUIRE(post(wire, id, "consult/end") == 202);
    REQUIRE(nth(wire, "AgentConsultEnded")["interactionId"] == id);

    auto entry = accepted_consult(wire, id, "ep-sales", "entryPoint");
    const auto& party = entry["interaction"]["participants"]["ep-sales"];
    CHECK(party["pType"] == "EP-DN");
    CHECK(party["type"] == "EpDn");
    CHECK(party["epId"] == "ep-sales");
    CHECK(consult_media(entry)["participants"] == json::array({agent_id, "ep-sales"}));
}

TEST_CASE("The consulted party declines or does not answer: AgentConsultFailed, or AgentConsultEnded") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    wire.sim().control({{"nextConsult", "decline"}});
    REQUIRE(post(wire, id, "consult", {{"to", "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e02"}, {"destinationType", "agent"}}) ==
            202);
    auto declined = nth(wire, "AgentConsultFailed");
    CHECK(declined["interactionId"] == id);
    CHECK(declined["reason"] == "USER_DECLINED");
    CHECK(declined["reasonCode"] == 156);
    CHECK(consult_media(declined).is_null());

    CHECK(wire.sim().control({{"consultRefusal", "maybe"}}).contains("error"));
    wire.sim().control({{"consultRefusal", "consult-ended"}});
    wire.sim().control({{"nextConsult", "no-answer"}});
    REQUIRE(post(wire, id, "consult", {{"to", "+14155550177"}, {"destinationType", "dialNumber"}}) == 202);
    auto unanswered = nth(wire, "AgentConsultEnded");
    CHECK(unanswered["reason"] == "RONA_TIMER_EXPIRED");
    CHECK(unanswered["reasonCode"] == 1035);

    wire.sim().control({{"nextConsult", "wait"}});  // rings until the control answers for the party
    REQUIRE(post(wire, id, "consult", {{"to", "+14155550178"}, {"destinationType", "dialNumber"}}) == 202);
    wire.pump(std::chrono::milliseconds(100));
    CHECK(count_of(wire, "AgentConsulting") == 0);
    CHECK(wire.sim().control({{"consultParty", "leave"}}).contains("error"));  // not in the consult yet
    CHECK(wire.sim().control({{"consultParty", "accept"}})["ok"] == true);
    CHECK(nth(wire, "AgentConsulting")["interactionId"] == id);
    CHECK(wire.sim().control({{"consultParty", "leave"}})["ok"] == true);  // the party hangs up
    CHECK(nth(wire, "AgentConsultEnded", 2)["interaction"]["participants"]["+14155550178"]["hasLeft"] == true);

    wire.sim().control({{"nextConsult", "wait"}});  // the agent ends the call while the consult rings
    REQUIRE(post(wire, id, "consult", {{"to", "+14155550179"}, {"destinationType", "dialNumber"}}) == 202);
    REQUIRE(post(wire, id, "end") == 202);
    REQUIRE(nth(wire, "AgentWrapup")["interactionId"] == id);
    CHECK(wire.sim().control({{"consultParty", "accept"}}).contains("error"));
    CHECK(count_of(wire, "AgentConsulting") == 1);
}

TEST_CASE("A consult to a queue waits for an agent of the queue; {queueId} cancels it (AgentCtqCancelled)") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    const std::string queue = "1cdb8b2e-b83c-4c53-8279-0e3138d43fb8";
    wire.sim().control({{"nextConsult", "wait"}});
    REQUIRE(post(wire, id, "consult", {{"to", queue}, {"destinationType", "queue"}}) == 202);
    wire.pump(std::chrono::milliseconds(100));
    CHECK(count_of(wire, "AgentConsultCreated") == 0);  // the SDK's request waits without a timeout
    CHECK(post(wire, id, "consult/end", {{"queueId", "another-queue"}}) == 400);
    REQUIRE(post(wire, id, "consult/end", {{"queueId", queue}}) == 202);
    auto cancelled = nth(wire, "AgentCtqCancelled");
    CHECK(cancelled["interactionId"] == id);
    CHECK(cancelled["queueId"] == queue);

    REQUIRE(post(wire, id, "consult", {{"to", queue}, {"destinationType", "queue"}}) == 202);  // taken this time
    auto created = nth(wire, "AgentConsultCreated");
    auto consulting = nth(wire, "AgentConsulting");
    auto taker = created["destAgentId"].get<std::string>();
    CHECK(taker != queue);
    CHECK(consulting["interaction"]["participants"][taker]["pType"] == "Agent");
    CHECK(consulting["destinationType"] == "queue");
    CHECK(post(wire, id, "consult/end", {{"queueId", queue}}) == 400);  // no longer waiting in the queue
}

TEST_CASE("Each consult, transfer and conference action has its ...Failed answer (fail-task-action)") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    auto fail = [&](const char* action) {
        return wire.sim().control({{"fault", "fail-task-action"}, {"action", action}, {"reason", "MEDIA_BUSY"}});
    };
    fail("consult");
    REQUIRE(post(wire, id, "consult", {{"to", "+14155550177"}, {"destinationType", "dialNumber"}}) == 202);
    auto failed = nth(wire, "AgentConsultFailed");
    CHECK(failed["interactionId"] == id);
    CHECK(failed["reason"] == "MEDIA_BUSY");
    fail("consult");
    REQUIRE(post(wire, id, "consult", {{"to", "q-1"}, {"destinationType", "queue"}}) == 202);
    CHECK(nth(wire, "AgentCtqFailed")["interactionId"] == id);
    fail("transfer");
    REQUIRE(post(wire, id, "transfer", {{"to", "q-1"}, {"destinationType", "queue"}}) == 202);
    CHECK(nth(wire, "AgentVteamTransferFailed")["interactionId"] == id);
    fail("transfer");
    REQUIRE(post(wire, id, "transfer", {{"to", "+14155550177"}, {"destinationType", "dialNumber"}}) == 202);
    CHECK(nth(wire, "AgentBlindTransferFailed")["interactionId"] == id);
    CHECK(count_of(wire, "AgentConsultCreated") + count_of(wire, "AgentWrapup") == 0);

    accepted_consult(wire, id, "+14155550177", "dialNumber");
    for (const char* action : {"consult/end", "consult/transfer", "consult/conference"}) fail(action);
    json party = {{"to", "+14155550177"}, {"destinationType", "dialNumber"}};
    json merge = {{"to", "+14155550177"}, {"destinationType", "dialNumber"}, {"agentId", agent_id}};
    REQUIRE(post(wire, id, "consult/end") == 202);
    REQUIRE(post(wire, id, "consult/transfer", party) == 202);
    REQUIRE(post(wire, id, "consult/conference", merge) == 202);
    CHECK(nth(wire, "AgentConsultEndFailed")["interactionId"] == id);
    CHECK(nth(wire, "AgentConsultTransferFailed")["interactionId"] == id);
    CHECK(nth(wire, "AgentConsultConferenceFailed")["interactionId"] == id);
    REQUIRE(post(wire, id, "consult/conference", merge) == 202);
    REQUIRE(nth(wire, "AgentConsultConferenced")["interactionId"] == id);
    fail("conference/exit");
    fail("conference/transfer");
    REQUIRE(post(wire, id, "conference/exit") == 202);
    REQUIRE(post(wire, id, "conference/transfer") == 202);
    CHECK(nth(wire, "ParticipantLeftConferenceFailed")["interactionId"] == id);
    CHECK(nth(wire, "AgentConferenceTransferFailed")["interactionId"] == id);
    CHECK(count_of(wire, "ParticipantLeftConference") == 0);
}

TEST_CASE("Consult transfer: the call goes to the consulted party and this agent wraps up") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    const std::string buddy = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e02";
    CHECK(post(wire, id, "consult/transfer", {{"to", buddy}, {"destinationType", "agent"}}) == 400);  // no consult
    accepted_consult(wire, id, buddy, "agent");
    CHECK(post(wire, id, "consult/transfer", {{"to", "someone-else"}, {"destinationType", "agent"}}) == 400);
    REQUIRE(post(wire, id, "consult/transfer", {{"to", buddy}, {"destinationType", "agent"}}) == 202);
    auto transferred = nth(wire, "AgentConsultTransferred");
    CHECK(transferred["interactionId"] == id);
    CHECK(transferred["interaction"]["media"][id]["participants"] == json::array({"+14155550123", buddy}));
    CHECK(transferred["interaction"]["participants"][agent_id]["hasLeft"] == true);
    auto wrap_up = nth(wire, "AgentWrapup");
    CHECK(wrap_up["interactionId"] == id);
    CHECK(wrap_up["interaction"]["participants"][agent_id]["isWrapUp"] == true);
    REQUIRE(post(wire, id, "wrapup", {{"wrapUpReason", "Sale"}, {"auxCodeId", "w-1"}}) == 202);
    CHECK(nth(wire, "AgentWrappedUp")["interactionId"] == id);
}

TEST_CASE("Blind transfer to an agent or a dial number (AgentBlindTransferred), to a queue (AgentVteamTransferred)") {
    auto wire = consult_wire();
    wire.open_socket();
    int calls = 0;
    auto call = [&] {
        auto id = wire.sim().control({{"offerCall", {{"kind", "inbound"}}}})["interactionId"].get<std::string>();
        CHECK(nth(wire, "AgentContactAssigned", ++calls)["interactionId"] == id);
        return id;
    };
    auto first = call();
    CHECK(post(wire, first, "transfer", {{"to", "ep-sales"}, {"destinationType", "entryPoint"}}) == 400);
    REQUIRE(post(wire, first, "transfer", {{"to", "+14155550177"}, {"destinationType", "dialNumber"}}) == 202);
    auto blind = nth(wire, "AgentBlindTransferred");
    CHECK(blind["interactionId"] == first);
    CHECK(blind["destinationType"] == "dialNumber");
    CHECK(nth(wire, "AgentWrapup")["interactionId"] == first);
    CHECK(post(wire, first, "transfer", {{"to", "q-1"}, {"destinationType", "queue"}}) == 400);  // in wrap-up
    REQUIRE(post(wire, first, "wrapup", {{"wrapUpReason", "Sale"}, {"auxCodeId", "w-1"}}) == 202);
    REQUIRE(nth(wire, "AgentWrappedUp")["interactionId"] == first);

    auto second = call();
    REQUIRE(post(wire, second, "transfer", {{"to", "q-1"}, {"destinationType", "queue"}}) == 202);
    CHECK(nth(wire, "AgentVteamTransferred")["interactionId"] == second);
    CHECK(nth(wire, "AgentWrapup", 2)["interactionId"] == second);
}

TEST_CASE("Conference: merged, a participant leaves; exit and conference transfer leave this agent to wrap up") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    const std::string buddy = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01";
    json merge = {{"agentId", agent_id}, {"to", buddy}, {"destinationType", "agent"}};
    CHECK(post(wire, id, "consult/conference", merge) == 400);  // no consult to merge
    CHECK(post(wire, id, "conference/exit") == 400);
    accepted_consult(wire, id, buddy, "agent");
    REQUIRE(post(wire, id, "consult/conference", merge) == 202);
    CHECK(nth(wire, "AgentConsultConferencing")["interactionId"] == id);
    auto conferenced = nth(wire, "AgentConsultConferenced");
    CHECK(conferenced["interaction"]["state"] == "conference");
    CHECK(consult_media(conferenced).is_null());
    CHECK(conferenced["interaction"]["media"][id]["isHold"] == false);
    auto joined = nth(wire, "ParticipantJoinedConference");
    CHECK(joined["participantId"] == buddy);
    CHECK(conference_in_progress(joined));

    CHECK(wire.sim().control({{"consultParty", "leave"}})["ok"] == true);
    auto left = nth(wire, "ParticipantLeftConference");
    CHECK(left["participantId"] == buddy);
    CHECK(!conference_in_progress(left));
    CHECK(left["interaction"]["state"] == "connected");

    accepted_consult(wire, id, buddy, "agent");
    REQUIRE(post(wire, id, "consult/conference", merge) == 202);
    REQUIRE(post(wire, id, "consult/end") == 202);  // the SDK's endConsult in a conference (isConsult false)
    CHECK(nth(wire, "AgentConsultConferenceEnded")["interaction"]["participants"][buddy]["hasLeft"] == true);

    accepted_consult(wire, id, buddy, "agent");
    REQUIRE(post(wire, id, "consult/conference", merge) == 202);
    REQUIRE(post(wire, id, "conference/exit") == 202);
    auto exited = nth(wire, "ParticipantLeftConference", 2);
    CHECK(exited["participantId"] == agent_id);
    CHECK(exited["interaction"]["participants"][agent_id]["hasLeft"] == true);
    CHECK(exited["interaction"]["owner"] == agent_id);  // the SDK keeps the owner's task for its wrap-up
    CHECK(exited["interaction"]["media"][id]["participants"] == json::array({"+14155550123", buddy}));
    CHECK(nth(wire, "AgentWrapup")["interactionId"] == id);
}

TEST_CASE("Conference transfer: AgentConferenceTransferred, then this agent leaves and wraps up") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    const std::string buddy = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01";
    accepted_consult(wire, id, buddy, "agent");
    REQUIRE(post(wire, id, "consult/conference",
                 {{"agentId", agent_id}, {"to", buddy}, {"destinationType", "agent"}}) == 202);
    REQUIRE(post(wire, id, "conference/transfer") == 202);
    CHECK(nth(wire, "AgentConferenceTransferred")["interactionId"] == id);
    CHECK(nth(wire, "ParticipantLeftConference")["participantId"] == agent_id);
    CHECK(nth(wire, "AgentWrapup")["interactionId"] == id);
}

TEST_CASE("A consult offered to this agent is ended with /consult/end (AgentConsultEnded)") {
    auto wire = consult_wire();
    wire.open_socket();
    auto id = wire.sim().control({{"offerCall", {{"kind", "consult"}}}})["interactionId"].get<std::string>();
    REQUIRE(nth(wire, "AgentConsulting")["interactionId"] == id);
    REQUIRE(post(wire, id, "consult/end") == 202);
    auto ended = nth(wire, "AgentConsultEnded");
    CHECK(ended["interactionId"] == id);
    CHECK(ended["isConsulted"] == true);
}

TEST_CASE("The picker's queues, entry points and address book honour search, page and pageSize as the SDK sends them") {
    auto wire = consult_wire();
    auto org = "/organization/" + wire.org_id() + "/v2/";
    // URLSearchParams as Queue.ts ~165-175 builds it (the SDK's leading slash doubles).
    auto support = wire.get("/" + org + "contact-service-queue?page=0&pageSize=100&search=SUPP");
    REQUIRE(support.status == 200);
    REQUIRE(support.body["data"].size() == 1);
    CHECK(support.body["data"][0]["name"] == "Support");
    CHECK(support.body["meta"]["totalRecords"] == 1);
    auto second = wire.get("/" + org + "entry-point?page=1&pageSize=1");
    REQUIRE(second.body["data"].size() == 1);
    CHECK(second.body["data"][0]["name"] == "Support line");
    CHECK(second.body["meta"]["page"] == 1);
    CHECK(second.body["meta"]["totalPages"] == 2);
    CHECK(wire.get("/" + org + "entry-point?page=2&pageSize=1").body["data"].empty());
    auto book = wire.get(
        org + "address-book/a9b8c7d6-1e2f-4a3b-8c4d-5e6f7a8b9c05/entry?page=0&pageSize=25&search=Billing+desk");
    REQUIRE(book.body["data"].size() == 1);
    CHECK(book.body["data"][0]["number"] == "+14155550161");
    auto by_number = wire.get(org + "address-book/a9b8c7d6-1e2f-4a3b-8c4d-5e6f7a8b9c05/entry?search=%2B1415555016");
    CHECK(by_number.body["data"].size() == 2);
}

TEST_CASE("The buddy list's failure: BuddyAgentsRetrieveFailed under the BuddyAgents envelope") {
    auto wire = consult_wire();
    wire.open_socket();
    wire.sim().control({{"fault", "fail-task-action"}, {"action", "buddyList"}, {"reason", "AGENT_NOT_FOUND"}});
    REQUIRE(wire.post("/v1/agents/buddyList", {{"agentProfileId", "p"}, {"mediaType", "telephony"}}).status == 202);
    auto failed = wire.wait_for("BuddyAgentsRetrieveFailed");
    REQUIRE(failed);
    CHECK((*failed)["type"] == "BuddyAgents");  // the SDK binds the failure by both (agent/index.ts ~140-145)
    CHECK((*failed)["data"]["reason"] == "AGENT_NOT_FOUND");
    REQUIRE(wire.post("/v1/agents/buddyList", {{"agentProfileId", "p"}, {"mediaType", "telephony"}}).status == 202);
    CHECK(nth(wire, "BuddyAgents")["agentList"].size() == 3);  // once only
}

TEST_CASE("Hostile bodies on the consult, transfer, conference and buddy-list endpoints are refused, never crash") {
    auto wire = consult_wire();
    auto id = connected_call(wire);
    const std::map<std::string, std::string> json_type{{"content-type", "application/json"}};
    const char* bodies[] = {"{not json",
                            "[]",
                            "null",
                            "\"agent\"",
                            R"({"to": 5, "destinationType": ["agent"]})",
                            R"({"to": null, "destinationType": "agent", "holdParticipants": "yes"})",
                            R"({"queueId": {"id": 1}})",
                            R"({"agentId": 7, "to": {}, "destinationType": 0})"};
    for (const char* action : {"consult", "consult/end", "consult/transfer", "consult/conference", "transfer",
                               "conference/exit", "conference/transfer"})
        for (const char* body : bodies) {
            auto answer =
                wire.request(boost::beast::http::verb::post, "/v1/tasks/" + id + "/" + action, body, json_type);
            INFO(action << " " << body);
            CHECK(answer.status >= 400);
            CHECK(answer.status < 500);
        }
    for (const char* body : bodies)
        CHECK(wire.request(boost::beast::http::verb::post, "/v1/agents/buddyList", body, json_type).status == 400);
    // Still serving, and the call is untouched: a well-formed consult goes through.
    CHECK(post(wire, id, "consult", {{"to", "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01"}, {"destinationType", "agent"}}) ==
          202);
}
