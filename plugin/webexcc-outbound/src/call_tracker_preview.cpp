// CallTracker and preview campaigns: a reservation (AgentOfferCampaignReservation) rings nothing
// until the agent accepts it with a MakeCall that names no number (services/task/dialer.ts ~71-105);
// its call then arrives under a new interaction id that names the reservation
// (reservationInteractionId). The SDK moves its task to the new id (TaskManager.ts ~259-270); the
// CRM keeps the reservation's id, so it follows one call that ends in one DROPPED, and a control
// request may name either id. The reservation's expiry stops once the agent accepts it.

#include "call_tracker.hpp"

#include <algorithm>

namespace webexcc::outbound {

CallTracker::Call* CallTracker::shown_call(const std::string& id) {
    if (id.empty()) return nullptr;
    for (auto& [interaction, call] : calls_)
        if (call.shown_id == id) return &call;
    auto found = calls_.find(id);
    return found == calls_.end() ? nullptr : &found->second;
}

CallTracker::MakeCallDecision CallTracker::accept_preview(const std::string& call_id, const std::string& request_id,
                                                          bool connected) {
    MakeCallDecision decision;
    auto refuse = [&](std::string_view code, const std::string& message, const std::string& id) {
        decision.messages.push_back(refusal({0, Action::accept_preview, id, request_id}, code, message));
        return decision;
    };
    auto waiting = [](const Call& call) { return state_problem(Action::accept_preview, call.progress).empty(); };
    if (!connected) return refuse("NOT_CONNECTED", "not connected to Webex Contact Center; try again shortly", call_id);
    Call* reservation = shown_call(call_id);
    if (!call_id.empty() && reservation == nullptr)
        return refuse("UNKNOWN_CALL", "no preview reservation has this id (it may have expired)", call_id);
    if (call_id.empty()) {
        auto offered = std::count_if(calls_.begin(), calls_.end(), [&](const auto& c) { return waiting(c.second); });
        if (offered == 0)
            return refuse("NO_RESERVATION",
                          "no preview reservation is offered; to dial, give the customer's number in \"data\"", "");
        if (offered > 1)
            return refuse("CALL_ID_REQUIRED",
                          std::to_string(offered) + " preview reservations are offered; name one with data.callId", "");
        reservation =
            &std::find_if(calls_.begin(), calls_.end(), [&](const auto& c) { return waiting(c.second); })->second;
    }
    const std::string& id = reservation->id;
    if (auto problem = state_problem(Action::accept_preview, reservation->progress); !problem.empty())
        return refuse("INVALID_STATE", problem, id);
    if (reservation->campaign_id.empty())
        return refuse("INVALID_STATE", "the reservation names no campaign to accept it in", id);
    if (std::any_of(actions_.begin(), actions_.end(),
                    [&](const PendingAction& a) { return a.call_id == id && a.action == Action::accept_preview; }))
        return refuse("INVALID_STATE", "the reservation is already being accepted", id);
    decision.accept = client::accept_preview_contact(reservation->campaign_id, id);
    decision.action_id = ++action_ids_;
    actions_.push_back({decision.action_id, Action::accept_preview, id, request_id});
    timers_.push_back({id, TimerKind::reservation_expiry, {}, true});  // accepted: it no longer expires
    return decision;
}

void CallTracker::accept_refused(const PendingAction& accept) {
    Call* reservation = find_call(accept.call_id);
    if (reservation != nullptr && !reservation->progress.offered && !reservation->progress.dropped)
        timers_.push_back({reservation->id, TimerKind::reservation_expiry, settings_.reservation_timeout});
}

// Only a reservation still waiting for its accept expires: one being accepted, or whose call came
// (under its id or a new one), is the call's now.
void CallTracker::reservation_expired(Call& call, std::vector<Outgoing>& out) {
    auto accepting = [&](const PendingAction& a) { return a.call_id == call.id && a.action == Action::accept_preview; };
    if (call.progress.offered || call.progress.dropped || std::any_of(actions_.begin(), actions_.end(), accepting))
        return;
    call.progress.dropped = true;
    call.progress.failure_reason = "RESERVATION_EXPIRED";
    append_call_messages(call, {std::string(dropped_event)}, "{}", nullptr, out,
                         "the preview reservation was not followed by a call");
}

CallTracker::Call* CallTracker::follow_reservation(const Notification& n) {
    const auto& s = n.interaction;
    if (s.reservation_id.empty() || s.id.empty() || s.reservation_id == s.id || !starts_call(n.type)) return nullptr;
    auto reserved = calls_.find(s.reservation_id);
    if (reserved == calls_.end() || !reserved->second.progress.reserved || reserved->second.progress.offered)
        return nullptr;
    Call call = std::move(reserved->second);
    calls_.erase(reserved);
    finish_quietly(call.id);  // a late frame about the reservation itself changes nothing now
    for (auto& action : actions_)
        if (action.call_id == call.id) action.call_id = s.id;  // the accept, answered under the new id
    if (call.shown_id.empty()) call.shown_id = call.id;
    call.id = s.id;
    return &calls_.insert_or_assign(s.id, std::move(call)).first->second;
}

}  // namespace webexcc::outbound
