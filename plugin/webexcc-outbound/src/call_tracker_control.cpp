// CallTracker's call-control requests: which call a request means, what is sent for it, and how
// Webex's answers (REST errors, ...Failed notifications) come back to the requester.

#include "call_tracker.hpp"

#include "workspace/json/strict_json.hpp"

#include <algorithm>

namespace webexcc::outbound {

std::variant<CallTracker::Call*, Outgoing> CallTracker::control_target(Action action, const ControlRequest& request) {
    auto refuse = [&](std::string_view code, const std::string& message) {
        return refusal({0, action, request.call_id, request.request_id}, code, message);
    };
    if (!request.call_id.empty()) {
        if (auto* found = shown_call(request.call_id)) return found;
        // A consult leg's id names its call for the requests about the consult (issue 21).
        if (auto* owner = leg_owner(request.call_id)) {
            if (is_consult_action(action)) return owner;
            return refuse("INVALID_STATE",
                          "this id names a consult leg, which only the consult, transfer and "
                          "conference requests act on (end it with ConsultDrop)");
        }
        return refuse("UNKNOWN_CALL", "no active call has this id (it may have ended)");
    }
    // A consult leg is part of its call, never a second call; the unnamed failed outdial counts as
    // one of the agent's calls, but nothing can control it.
    if (calls_.empty()) return refuse("NO_ACTIVE_CALL", "the agent has no active call");
    if (open_calls() > 1)
        return refuse("CALL_ID_REQUIRED",
                      "the agent has " + std::to_string(open_calls()) + " active calls; name one with data.callId");
    return &calls_.begin()->second;
}

// The wrap-up the agent asked for (WrapUpCall's code, else the configured or the profile's default),
// or why there is none to send.
workspace::Result<client::ApiRequest> CallTracker::wrap_up_for(Action action, const ControlRequest& request,
                                                               Call& call) {
    auto code = action == Action::wrap_up && !request.wrap_up_code.empty() ? request.wrap_up_code
                                                                           : settings_.default_wrap_up_code_id;
    if (code.empty() && profile_ && profile_->default_wrap_up_code) code = profile_->default_wrap_up_code->id;
    if (code.empty())
        return workspace::Problem("WRAPUP_CODE_REQUIRED",
                                  "a wrap-up code is needed: give data.wrapup or configure defaultWrapUpCodeId");
    // Webex takes the code's name as the reason (task/index.ts ~208-212): the profile knows it.
    const auto* known = profile_ ? profile_->wrap_up_code(code) : nullptr;
    if (profile_ && known == nullptr)
        return workspace::Problem("UNKNOWN_WRAPUP_CODE", "the wrap-up code is not one of the agent's profile");
    call.auto_wrap_up_at = 0;  // the agent's wrap-up replaces the auto one, as in the SDK's wrapup()
    return wrap_up_request(call.id, {code, known ? known->name : ""}, request.wrap_up_text);
}

CallTracker::ControlDecision CallTracker::control(Action action, std::string_view request_text, bool connected) {
    ControlDecision decision;
    auto request = read_control_request(request_text, action);
    std::string named_leg;  // set once the call is found
    auto refuse = [&](std::string_view code, const std::string& message, const std::string& call_id = {}) {
        PendingAction refused{0, action, call_id.empty() ? request.call_id : call_id, request.request_id, named_leg};
        decision.messages.push_back(refusal(refused, code, message));
        return decision;
    };
    if (!request.problem.empty()) return refuse("INVALID_REQUEST", request.problem);
    if (!connected) return refuse("NOT_CONNECTED", "not connected to Webex Contact Center; try again shortly");
    auto target = control_target(action, request);
    if (auto* refused = std::get_if<Outgoing>(&target)) {
        decision.messages.push_back(std::move(*refused));
        return decision;
    }
    Call& call = *std::get<Call*>(target);
    ConsultState consult{call.consult.has_value(), call.consult && call.consult->answered, call.in_conference};
    if (call.consult && request.call_id == call.consult->id) named_leg = request.call_id;
    if (auto problem = state_problem(action, call.progress, consult); !problem.empty())
        return refuse("INVALID_STATE", problem, call.id);

    const std::string& id = call.id;
    switch (action) {
        case Action::disconnect: decision.request = client::end_task(id); break;
        case Action::hold:
            decision.request = client::hold_task(id, call.hold_media.empty() ? id : call.hold_media);
            break;
        case Action::resume:
            decision.request = client::unhold_task(id, !call.unhold_media.empty() ? call.unhold_media
                                                       : call.hold_media.empty()  ? id
                                                                                  : call.hold_media);
            break;
        case Action::wrap_up:
        case Action::clear_contact: {
            auto wrap_up = wrap_up_for(action, request, call);
            if (!wrap_up) return refuse(wrap_up.error().code, wrap_up.error().message, id);
            decision.request = std::move(*wrap_up);
            break;
        }
        case Action::cancel_auto_wrap_up:
            if (!profile_ || !profile_->auto_wrap_up.cancellable)
                return refuse("INVALID_STATE", "the agent's profile does not allow cancelling the auto wrap-up", id);
            if (call.auto_wrap_up_at == 0)
                return refuse("INVALID_STATE", "no auto wrap-up is pending for this call", id);
            cancel_auto_wrap_up(call, decision.messages);
            return decision;  // the timer is the plugin's own: nothing goes to Webex
        case Action::auto_wrap_up:
        case Action::accept_preview: return refuse("INVALID_REQUEST", "not a call-control request", id);
        case Action::pause_recording: decision.request = client::pause_recording(id); break;
        case Action::resume_recording: decision.request = client::resume_recording(id); break;
        default: {
            auto sent = consult_request(action, request, call);
            if (!sent) return refuse(sent.error().code, sent.error().message, id);
            decision.request = std::move(*sent);
        }
    }
    decision.action_id = ++action_ids_;
    actions_.push_back({decision.action_id, action, id, request.request_id, named_leg});
    return decision;
}

std::vector<Outgoing> CallTracker::control_answered(std::uint64_t action_id, const client::ApiResponse& response) {
    if (response.ok()) return {};  // done when Webex's notification says so
    auto found =
        std::find_if(actions_.begin(), actions_.end(), [&](const PendingAction& a) { return a.id == action_id; });
    if (found == actions_.end()) return {};
    auto action = *found;
    actions_.erase(found);
    if (action.action == Action::accept_preview) accept_refused(action);
    if (action.action == Action::consult) consult_refused(action);
    return {refusal(action, response.error->code, response.error->message)};
}

// A `...Failed` notification binds on its type alone (the SDK's rule): it answers the request for
// its interaction when it names one, else the oldest request it can refuse. Never retried.
bool CallTracker::action_failed(const Notification& failure, std::vector<Outgoing>& out) {
    auto answers = [&](const PendingAction& a) {
        return is_failure_of(a.action, failure.type) &&
               (failure.interaction.id.empty() || a.call_id == failure.interaction.id);
    };
    auto found = std::find_if(actions_.begin(), actions_.end(), answers);
    if (found == actions_.end()) return false;  // not a request of ours (another desktop's, or no request)
    auto pending = *found;
    actions_.erase(found);
    if (pending.action == Action::accept_preview) accept_refused(pending);
    if (pending.action == Action::consult) consult_refused(pending);
    std::string code = failure.reason.empty() ? failure.type : failure.reason;
    std::string detail =
        failure.reason_code.is_null() ? "" : " (reason code " + workspace::to_text(failure.reason_code) + ")";
    out.push_back(
        refusal(pending, code, "Webex CC refused the request: " + failure.type + " " + failure.reason + detail));
    return true;
}

// One request, one answer: a request Webex has not answered when its call ends is answered by the
// end (a REST answer or notification arriving later finds nothing to answer): CALL_ENDED, unless the
// end is what it asked for, when the call's DROPPED is its answer. The auto wrap-up answers no request.
void CallTracker::answer_unanswered(const Call& call, std::vector<Outgoing>& out) {
    auto of_call = [&](const PendingAction& a) { return a.call_id == call.id; };
    for (const auto& action : actions_)
        if (of_call(action) && action.action != Action::auto_wrap_up && !done_by_call_end(action.action))
            out.push_back(refusal(action, "CALL_ENDED",
                                  "the call ended before Webex CC answered the " +
                                      std::string(request_name(action.action)) + " request"));
    std::erase_if(actions_, of_call);
}

// The answer names the call as the request did when it named a consult leg, else as the CRM knows it.
Outgoing CallTracker::refusal(const PendingAction& action, std::string_view code, const std::string& message) const {
    auto call = calls_.find(action.call_id);
    const std::string& named = !action.named_leg.empty() ? action.named_leg
                               : call == calls_.end()    ? action.call_id
                                                         : shown_id(call->second);
    return call_message(
        control_error(request_name(action.action), error_type(action.action), code, message, action.request_id, named));
}

}  // namespace webexcc::outbound
