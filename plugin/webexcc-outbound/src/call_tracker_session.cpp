// CallTracker: the agent's session beside other clients of the same agent (the Webex Agent
// Desktop, another tab). Webex keeps one notification subscription per agent: a newer one takes
// the session (AGENT_MULTI_LOGIN on the older socket) and the older client stays off until it
// takes it back (TakeOverSession). Calls in progress stay followed meanwhile: no frame about them
// reaches this plugin, and the reload after the take-back finishes each one Webex no longer lists
// (reconcile), so every call the CRM saw still ends in exactly one DROPPED.

#include "call_tracker.hpp"

#include "call_control.hpp"

namespace webexcc::outbound {

AgentView CallTracker::agent_view() const {
    AgentView view{agent_state_, agent_reason_, agent_aux_code_, session_, logged_in_};
    add_station(view);
    return view;
}

std::vector<Outgoing> CallTracker::session_taken_over(std::string_view reason) {
    if (session_ == Session::taken_over) return {};
    session_ = Session::taken_over;
    return {{std::string(agent_topic), "SessionTakenOver", outbound::session_taken_over(reason)},
            {std::string(agent_topic), std::string(agent_subtopic), agent_state_change(agent_view())}};
}

std::vector<Outgoing> CallTracker::session_connected() {
    if (session_ == Session::active) return {};
    session_ = Session::active;
    return {{std::string(agent_topic), std::string(agent_subtopic), agent_state_change(agent_view())}};
}

CallTracker::TakeOverDecision CallTracker::take_over_request(std::string_view request_text) const {
    TakeOverDecision decision;
    auto request = nlohmann::json::parse(request_text, nullptr, false);
    if (request.is_object()) decision.request_id = text_member(request, "requestId").value_or(std::string());
    if (session_ == Session::taken_over) {
        decision.take_over = true;
        return decision;
    }
    decision.messages.push_back(
        {std::string(agent_topic), std::string(agent_subtopic), agent_state_change(agent_view())});
    return decision;
}

Outgoing CallTracker::take_over_failed(std::string_view request_id, const workspace::Problem& problem) const {
    return {std::string(agent_topic), "TakeOverSession", take_over_error(problem.code, problem.message, request_id)};
}

}  // namespace webexcc::outbound
