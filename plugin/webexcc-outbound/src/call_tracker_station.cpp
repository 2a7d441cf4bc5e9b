// CallTracker: the agent's station. StationLogin and StationLogout are checked here (against the
// profile and the calls followed) and answered by Webex's StationLogin / Logout notifications:
// success is the AgentStateChange saying where the agent is (always published for a request, so
// each request gets its one answer), failure the request's refusal with Webex's reason, silence
// past stationAnswerTimeoutMs a refusal with TIMEOUT.

#include "call_tracker.hpp"

namespace webexcc::outbound {

SessionDecision CallTracker::station_request(std::string_view subtopic, std::string_view request_text, bool connected) {
    bool login = subtopic == station_login_subtopic;
    auto decision = login ? decide_station_login(request_text, connected, profile_)
                          : decide_station_logout(request_text, connected, open_calls());
    if (!decision.request) return decision;
    if (station_pending_) {
        decision.request.reset();
        decision.why_refused = "a station login or logout is under way; wait for its answer";
        decision.messages.push_back(
            session_refused(subtopic, decision.request_id, "REQUEST_IN_PROGRESS", decision.why_refused));
        return decision;
    }
    const auto& asked = decision.login;
    decision.attempt = ++station_attempts_;
    station_pending_ = PendingStation{std::string(subtopic),
                                      decision.request_id,
                                      {asked.team_id, asked.login_option, asked.dial_number},
                                      decision.attempt};
    return decision;
}

// Only the request still waiting is answered: one answered already (by its notification or its
// timeout) gets no second answer.
std::vector<Outgoing> CallTracker::station_answered(std::uint64_t attempt, const client::ApiResponse& response) {
    if (response.ok() || !station_pending_ || station_pending_->attempt != attempt) return {};
    auto pending = *std::exchange(station_pending_, std::nullopt);
    return {session_refused(pending.subtopic, pending.request_id, response.error->code, response.error->message)};
}

std::vector<Outgoing> CallTracker::station_timed_out(std::uint64_t attempt) {
    if (!station_pending_ || station_pending_->attempt != attempt) return {};
    auto pending = *std::exchange(station_pending_, std::nullopt);
    bool login = pending.subtopic == station_login_subtopic;
    return {session_refused(pending.subtopic, pending.request_id, "TIMEOUT",
                            std::string("Webex Contact Center did not answer the ") +
                                (login ? "station login" : "station logout") + " within " +
                                std::to_string(settings_.station_answer_timeout.count()) + " ms")};
}

bool CallTracker::take_station(const client::AgentSession& agent) {
    Station before = station_;
    if (agent.logged_in == false) station_ = {};
    else if (!agent.team_id.empty() || !agent.dial_number.empty() || !agent.device_type.empty()) {
        const Station* asked = station_pending_ ? &station_pending_->asked : nullptr;
        auto pick = [](const std::string& said, const std::string* fallback) {
            return !said.empty() || fallback == nullptr ? said : *fallback;
        };
        station_ = {pick(agent.team_id, asked ? &asked->team_id : nullptr),
                    pick(agent.device_type, asked ? &asked->login_option : nullptr),
                    pick(agent.dial_number, asked ? &asked->dial_number : nullptr)};
    }
    return before.team_id != station_.team_id || before.login_option != station_.login_option ||
           before.dial_number != station_.dial_number;
}

void CallTracker::station_notification(const Notification& n, std::vector<Outgoing>& out) {
    bool login = n.type == "AgentStationLoginSuccess" || n.type == "AgentStationLoginFailed";
    bool logout = n.type == "AgentLogoutSuccess" || n.type == "AgentLogoutFailed";
    if (!station_pending_ || (!login && !logout)) return;
    auto subtopic = login ? station_login_subtopic : station_logout_subtopic;
    if (station_pending_->subtopic != subtopic) return;
    auto request_id = std::exchange(station_pending_, std::nullopt)->request_id;
    if (n.type.ends_with("Failed")) {
        auto reason =
            n.reason.empty() ? std::string(login ? "STATION_LOGIN_FAILED" : "STATION_LOGOUT_FAILED") : n.reason;
        out.push_back(session_refused(subtopic, request_id, reason,
                                      "Webex Contact Center refused the " +
                                          std::string(login ? "station login" : "station logout") + ": " + reason));
        return;
    }
    bool answered = std::any_of(out.begin(), out.end(), [](const Outgoing& o) { return o.subtopic == agent_subtopic; });
    if (!answered)
        out.push_back({std::string(agent_topic), std::string(agent_subtopic), agent_state_change(agent_view())});
}

void CallTracker::add_station(AgentView& view) const {
    view.team_id = station_.team_id;
    view.login_option = station_.login_option;
    view.dial_number = station_.dial_number;
    if (!profile_) return;
    if (const auto* team = profile_->team(station_.team_id)) view.team_name = team->name;
    if (const auto* code = profile_->idle_code(agent_aux_code_)) view.idle_code_name = code->name;
}

}  // namespace webexcc::outbound
