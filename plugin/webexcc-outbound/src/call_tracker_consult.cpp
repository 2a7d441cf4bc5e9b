// CallTracker's consult, transfer and conference requests (issue 21), the request half: which call
// a leg's id names, the body each request sends, and the consult leg a Consult starts. The leg's
// events (created, consulting, its end) are the notifications' half.

#include "call_tracker.hpp"

namespace webexcc::outbound {

CallTracker::Call* CallTracker::leg_owner(const std::string& leg_id) {
    for (auto& [id, call] : calls_)
        if (call.consult && call.consult->id == leg_id) return &call;
    return nullptr;
}

// Checked already: the request is well formed and the call's state allows it (state_problem).
workspace::Result<client::ApiRequest> CallTracker::consult_request(Action action, const ControlRequest& request,
                                                                   Call& call) {
    const std::string& id = call.id;
    switch (action) {
        case Action::consult:
            // The leg exists from the request on, so a second Consult is refused; the CRM sees it
            // from AgentConsultCreated (until then it is never shown).
            start_leg(call, *request.destination, request.request_id);
            return client::consult_task(id, *request.destination);
        case Action::accept_consult: return client::accept_consult(id);
        case Action::consult_drop: {
            // A consult to a queue no agent has taken yet is cancelled by naming the queue
            // (contact.ts ~192-203); the consulted agent leaving a consult names nothing.
            const auto& leg = call.consult;
            bool queued = leg && !leg->created && leg->to.type == client::Destination::queue;
            return client::end_consult(id, queued ? leg->to.to : std::string());
        }
        case Action::consult_transfer: return client::consult_transfer(id, call.consult->to);
        case Action::conference: return client::consult_conference(id, agent_id_, call.consult->to);
        case Action::transfer: return client::transfer_task(id, *request.destination);
        case Action::exit_conference: return client::exit_conference(id);
        case Action::conference_transfer: return client::transfer_conference(id);
        default: return workspace::Problem("INVALID_REQUEST", "not a consult, transfer or conference request");
    }
}

void CallTracker::consult_refused(const PendingAction& consult) {
    Call* call = find_call(consult.call_id);
    if (call != nullptr && call->consult && !call->consult->created) call->consult.reset();
}

}  // namespace webexcc::outbound
