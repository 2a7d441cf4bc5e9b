// wxcc-sim's transfers and conferences, as the official SDK asks for them and reads the answers
// (@webex/contact-center 3.12.0 task/contact.ts ~259-332 and ~433-509, task/index.ts ~1338-1760):
// blind and queue transfer, consult transfer, the consult merged into a conference, and this agent
// leaving the conference or handing it over. An agent who hands a call over wraps it up.

#include "sim_server.hpp"

namespace wxcc_sim {

namespace {

// What the SDK computes from the participants for consult transfer and conference
// (core/Utils.ts calculateDestAgentId ~314-327, calculateDestType ~336-359).
bool names_the_party(const ConsultLeg& leg, const json& body) {
    auto expected_type = leg.destination_type == "queue" ? std::string("agent") : leg.destination_type;
    return text_of(body, "to") == leg.party_id && text_of(body, "destinationType") == expected_type;
}

}  // namespace

void Simulator::Impl::leave_for_wrap_up(Call& call) {
    consults.erase(call.interaction_id);
    consult_timers.erase(call.interaction_id);
    call_timers.erase(call.interaction_id);
    ++call.schedule_generation;  // the customer's scenario no longer plays for this agent
    call.held = false;
    apply(call, Step::wrapup);
    await_wrap_up(call);
}

// TransferPayLoad {to, destinationType} (types.ts ~1000-1005): to a queue the SDK calls it a vteam
// transfer (index.ts ~1352-1361) answered AgentVteamTransferred, which the SDK takes as the task's
// end with wrap-up (TaskManager.ts ~359-365); else AgentBlindTransferred (contact.ts ~262-306).
// An entry point is for consults only (types.ts ~30).
Response Simulator::Impl::blind_transfer(const Request& request, Call& call, const json& body) {
    auto type = text_of(body, "destinationType");
    if (type != "agent" && type != "queue" && type != "dialNumber")
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "destinationType must be agent, queue or dialNumber", 400);
    if (text_of(body, "to").empty())
        return error(request, http::status::bad_request, "BAD_REQUEST", "to is required", 400);
    if (!call.agent_joined || call.terminated || call.pending_wrap_up || call.offered_as_consult())
        return error(request, http::status::bad_request, "BAD_REQUEST", "the task is not a connected call", 400);
    if (consults.count(call.interaction_id))
        return error(request, http::status::bad_request, "BAD_REQUEST", "a consult is in progress", 400);
    bool queue = type == "queue";
    if (fail_injected("transfer", call.interaction_id, json::object(), queue ? "AgentVteamTransferFailed" : ""))
        return reply(request, http::status::accepted, json::object());
    send_frame(routing_frame({agent, now_ms(), ++sequence}, call,
                             queue ? "AgentVteamTransferred" : "AgentBlindTransferred",
                             {{"destAgentId", text_of(body, "to")}, {"destinationType", type}}));
    leave_for_wrap_up(call);
    return reply(request, http::status::accepted, json::object());
}

// ConsultTransferPayLoad {to, destinationType} naming the consulted party (index.ts ~1442-1468):
// AgentConsultTransferred or AgentConsultTransferring (contact.ts ~310-332); the customer stays
// with the other party and this agent wraps up.
Response Simulator::Impl::consult_transfer(const Request& request, Call& call, const json& body) {
    auto found = consults.find(call.interaction_id);
    if (found == consults.end() || found->second.stage != "consulting")
        return error(request, http::status::bad_request, "BAD_REQUEST", "no one has accepted a consult", 400);
    if (!names_the_party(found->second, body))
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "to and destinationType must name the consulted party", 400);
    if (fail_injected("consult/transfer", call.interaction_id))
        return reply(request, http::status::accepted, json::object());
    ConsultLeg& leg = found->second;
    leg.stage = "transferred";
    leg.agent_left = true;
    call.held = false;
    send_consult(call, leg, "AgentConsultTransferred");
    leave_for_wrap_up(call);
    return reply(request, http::status::accepted, json::object());
}

// ConsultConferenceData {agentId, to, destinationType} (types.ts ~1071-1078, index.ts ~1544-1570):
// AgentConsultConferencing, AgentConsultConferenced (contact.ts ~435-458), and
// ParticipantJoinedConference, from which the SDK counts the agents in the main call
// (TaskManager.ts ~474-480, TaskUtils.ts getIsConferenceInProgress ~62-84).
Response Simulator::Impl::merge_conference(const Request& request, Call& call, const json& body) {
    auto found = consults.find(call.interaction_id);
    if (found == consults.end() || found->second.stage != "consulting")
        return error(request, http::status::bad_request, "BAD_REQUEST", "no one has accepted a consult", 400);
    if (!names_the_party(found->second, body) || text_of(body, "agentId") != agent.id)
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "agentId must be the agent's, to and destinationType the consulted party's", 400);
    if (fail_injected("consult/conference", call.interaction_id))
        return reply(request, http::status::accepted, json::object());
    ConsultLeg& leg = found->second;
    leg.stage = "conference";
    call.held = false;
    call.state = "conference";
    send_consult(call, leg, "AgentConsultConferencing", {{"isConferencing", true}});
    send_consult(call, leg, "AgentConsultConferenced");
    send_consult(call, leg, "ParticipantJoinedConference", {{"participantId", leg.party_id}});
    return reply(request, http::status::accepted, json::object());
}

// POST .../conference/exit and .../conference/transfer, both {} (index.ts ~1650-1760), both answered
// ParticipantLeftConference naming this agent (contact.ts ~464-509); a transfer is first
// AgentConferenceTransferred (TaskManager.ts ~512-517). The SDK keeps the task of the call's owner
// (TaskManager.ts ~482-500), which then wraps up.
Response Simulator::Impl::leave_conference(const Request& request, Call& call, bool handing_over) {
    auto found = consults.find(call.interaction_id);
    if (found == consults.end() || found->second.stage != "conference")
        return error(request, http::status::bad_request, "BAD_REQUEST", "the task is not a conference", 400);
    if (fail_injected(handing_over ? "conference/transfer" : "conference/exit", call.interaction_id))
        return reply(request, http::status::accepted, json::object());
    ConsultLeg& leg = found->second;
    leg.agent_left = true;
    call.state = "connected";  // the other party and the customer go on
    if (handing_over) send_consult(call, leg, "AgentConferenceTransferred");
    send_consult(call, leg, "ParticipantLeftConference", {{"participantId", agent.id}});
    leave_for_wrap_up(call);
    return reply(request, http::status::accepted, json::object());
}

}  // namespace wxcc_sim
