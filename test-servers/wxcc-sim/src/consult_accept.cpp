// A consult offered to this agent and held until the agent answers it (offerCall kind consult,
// "accept": "wait"; scenario consult-held). The official SDK (@webex/contact-center 3.12.0) accepts
// it two ways: contact.consultAccept POSTs {} to /v1/tasks/{id}/consult/accept, bound to
// AgentConsulting for the interaction and failing on AgentContactAssignFailed (task/contact.ts
// ~235-257); task.accept() of a telephony task sends nothing unless the login is BROWSER: the agent
// answers the phone and Webex sends AgentConsulting (task/index.ts ~336-400). Unanswered, the offer
// ends with AgentOfferContactRona, which TaskManager treats as the offer's end (the task removed,
// TASK_REJECT with the reason), as it does AgentContactAssignFailed.

#include "sim_server.hpp"

namespace wxcc_sim {

namespace {

bool ringing(const Call& call) {
    const auto& steps = find_scenario(call.scenario)->steps;
    return call.scenario == "consult-held" && call.next_step < steps.size() &&
           steps[call.next_step] == Step::wait_for_accept;
}

}  // namespace

Response Simulator::Impl::accept_offered_consult(const Request& request, Call& call) {
    if (!ringing(call))
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "no consult is offered to this agent on task " + call.interaction_id, 400);
    for (auto& fault : action_faults) {
        if (fault.action != "consult/accept" || fault.count <= 0) continue;
        --fault.count;
        // A REST refusal leaves the offer ringing; AgentContactAssignFailed ends it.
        if (fault.status >= 400 && fault.status <= 599)
            return error(request, static_cast<http::status>(fault.status), fault.reason,
                         "the consult could not be accepted", fault.status);
        auto id = call.interaction_id;
        call.terminated = true;
        send_frame(routing_frame({agent, now_ms(), ++sequence}, call, "AgentContactAssignFailed",
                                 {{"reason", fault.reason}, {"reasonCode", 1100}}));
        forget(id);
        return reply(request, http::status::accepted, json::object());
    }
    join_offered_consult(call);
    return reply(request, http::status::accepted, json::object());
}

void Simulator::Impl::join_offered_consult(Call& call) {
    ++call.next_step;                             // past wait_for_accept: AgentConsulting comes next
    schedule(call.interaction_id, options.step);  // voids the offer's RONA
}

json Simulator::Impl::answer_consult_on_phone(const json& spec) {
    auto id = spec.is_object() ? spec.value("interactionId", std::string()) : std::string();
    if (id.empty())
        for (const auto& [candidate, call] : calls)
            if (ringing(call)) id = candidate;
    auto found = calls.find(id);
    if (found == calls.end() || !ringing(found->second))
        return {{"error", "no consult offer is ringing for this agent" + (id.empty() ? "" : " on " + id)}};
    join_offered_consult(found->second);
    return {{"ok", true}};
}

}  // namespace wxcc_sim
