// CallTracker and the agent profile's auto wrap-up. Webex does not wrap up by itself: the client
// does, as the SDK's task does (services/task/index.ts ~169-230, AutoWrapup.ts), with the profile's
// default wrap-up code once autoWrapAfterSeconds have passed since the call entered wrap-up. The timer is the
// plugin's (it arms what take_timers() asks for); the decision is here.

#include "call_tracker.hpp"

namespace webexcc::outbound {

std::int64_t CallTracker::arm_auto_wrap_up(Call& call) {
    if (!profile_ || !clock_ || !profile_->default_wrap_up_code) return 0;  // as the SDK: no code, no timer
    const auto& auto_wrap_up = profile_->auto_wrap_up;
    // autoWrapAfterSeconds is seconds, as documented (config/types.ts ~852), though the SDK 3.12
    // hands it to a millisecond timer. Not positive: a profile mistake, not "wrap up at once".
    std::chrono::seconds after(auto_wrap_up.after_seconds);
    if (!auto_wrap_up.enabled || after.count() <= 0) return 0;
    auto at = clock_() + after;
    call.auto_wrap_up_at = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    timers_.push_back({call.id, TimerKind::auto_wrap_up, after});
    return call.auto_wrap_up_at;
}

CallTracker::ControlDecision CallTracker::auto_wrap_up_due(Call& call) {
    ControlDecision decision;
    // Cancelled, wrapped up by the agent, or over: nothing to do.
    if (call.auto_wrap_up_at == 0 || !state_problem(Action::auto_wrap_up, call.progress).empty()) return decision;
    call.auto_wrap_up_at = 0;
    if (!profile_ || !profile_->default_wrap_up_code) return decision;
    decision.request = wrap_up_request(call.id, *profile_->default_wrap_up_code, {});
    decision.action_id = ++action_ids_;
    // A refusal reaches the CRM as an AutoWrapUp error; the call stays in wrap-up until the agent
    // wraps it up, so its one DROPPED still comes with AgentWrappedUp.
    actions_.push_back({decision.action_id, Action::auto_wrap_up, call.id, {}});
    return decision;
}

// Success is the call's ordinary event, as for every call-control request: eAutoWrapUpCancelled,
// with no autoWrapUpAt.
void CallTracker::cancel_auto_wrap_up(Call& call, std::vector<Outgoing>& out) {
    call.auto_wrap_up_at = 0;
    std::string_view event = "eAutoWrapUpCancelled";
    out.push_back(event_message(call, event, "{}", nullptr, call.request_id, false, {}, 0));
    call.last_event = event;
}

}  // namespace webexcc::outbound
