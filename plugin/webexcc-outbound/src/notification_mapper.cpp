#include "notification_mapper.hpp"

#include "phone_number.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace webexcc::outbound {

using nlohmann::json;

namespace {

const json& member(const json& object, const char* key) {
    static const json missing;
    if (!object.is_object()) return missing;
    auto it = object.find(key);
    return it == object.end() ? missing : *it;
}

std::string text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number()) return value.dump();
    return {};
}

bool truthy(const json& value) {
    return (value.is_boolean() && value.get<bool>()) || (value.is_string() && workspace::message::iequals(value.get<std::string>(), "true"));
}

// Notifications that only rename: Webex name -> Desktop SDK event name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 27> renamed{{
    {"AgentContactHeld", "eAgentContactHeld"},
    {"AgentContactUnheld", "eAgentContactUnHeld"},
    {"ContactRecordingPaused", "ePauseRecording"},
    {"ContactRecordingResumed", "eResumeRecording"},
    {"AgentOfferConsult", "eAgentOfferConsult"},
    {"AgentConsultCreated", "eAgentConsultCreated"},
    {"AgentConsulting", "eAgentConsulting"},
    {"AgentConsultEnded", "eAgentConsultEnded"},
    {"AgentConsultFailed", "eAgentConsultFailed"},
    {"AgentConsultEndFailed", "eAgentConsultEndFailed"},
    {"AgentConsultConferencing", "eAgentConsultConferencing"},
    {"AgentConsultConferenced", "eAgentConsultConferenced"},
    {"AgentConsultConferenceEnded", "eAgentConsultConferenceEnded"},
    {"AgentConsultConferenceEndFailed", "eAgentConsultConferenceEndFailed"},
    {"AgentCtqCancelled", "eAgentCtqCancelled"},
    {"AgentCtqFailed", "eAgentCtqFailed"},
    {"AgentCtqCancelFailed", "eAgentCtqCancelFailed"},
    {"ParticipantJoinedConference", "eParticipantJoinedConference"},
    {"ParticipantLeftConference", "eParticipantLeftConference"},
    {"ParticipantPostCallActivity", "eParticipantPostCallActivity"},
    {"AgentConferenceTransferred", "eAgentConferenceTransferred"},
    {"AgentConsultTransferring", "eAgentConsultTransferring"},
    {"AgentConsultTransferred", "eConsultTransfer"},
    {"AgentConsultTransferFailed", "eAgentConsultTransferFailed"},
    {"AgentBlindTransferred", "eAgentblindTransferred"},
    {"AgentVteamTransferred", "eAgentvteamTransfer"},
    {"ContactMerged", "eContactMerged"},
}};

// Failures that end the call at once (nothing to wrap up): Webex name -> Desktop SDK name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> final_failures{{
    {"AgentOfferContactRona", "eAgentOfferContactRona"},
    {"AgentContactAssignFailed", "eAgentContactAssignFailed"},
    {"AgentInviteFailed", "eAgentInviteFailed"},
}};

template <std::size_t N>
std::string_view lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& table, std::string_view key) {
    for (const auto& [from, to] : table)
        if (from == key) return to;
    return {};
}

bool talking_state(const std::string& state) {
    for (auto s : {"connected", "held", "consult", "consulting", "conference", "conferencing"})
        if (workspace::message::iequals(state, s)) return true;
    return false;
}

}  // namespace

CallSnapshot read_snapshot(const json& notification, const std::string& agent_id) {
    CallSnapshot s;
    const json& data = member(notification, "data");
    const json& interaction = member(data, "interaction");
    const json& details = member(interaction, "callProcessingDetails");
    s.type = text(member(data, "type"));
    s.interaction_id = text(member(data, "interactionId"));
    if (s.interaction_id.empty()) s.interaction_id = text(member(interaction, "interactionId"));
    s.org_id = text(member(data, "orgId"));
    if (s.org_id.empty()) s.org_id = text(member(notification, "orgId"));
    s.state = text(member(interaction, "state"));
    s.direction = text(member(member(interaction, "contactDirection"), "type"));
    s.outbound_type = text(member(interaction, "outboundType"));
    s.owner = text(member(interaction, "owner"));
    s.outdial_agent_id = text(member(details, "outdialAgentId"));
    s.ani = text(member(details, "ani"));
    s.dnis = text(member(details, "dnis"));
    s.customer_number = text(member(details, "customerNumber"));
    s.rona_timeout = text(member(details, "ronaTimeout"));
    if (s.rona_timeout.empty()) s.rona_timeout = text(member(data, "ronaTimeout"));
    s.virtual_team_name = text(member(details, "virtualTeamName"));
    s.recording_started = truthy(member(details, "recordingStarted"));
    if (const json& participants = member(interaction, "participants"); participants.is_object())
        for (auto it = participants.begin(); it != participants.end(); ++it) s.participant_ids.push_back(it.key());
    const json& pending = member(data, "agentsPendingWrapUp");
    s.agent_pending_wrap_up =
        (pending.is_array() && std::find(pending.begin(), pending.end(), json(agent_id)) != pending.end()) ||
        truthy(member(member(member(interaction, "participants"), agent_id.c_str()), "isWrapUp"));
    s.reason = text(member(data, "reason"));
    s.reason_code = member(data, "reasonCode");
    return s;
}

bool is_outdial_of(const CallSnapshot& s, const std::string& agent_id, const std::string& destination) {
    if (!workspace::message::iequals(s.direction, "OUTBOUND") || !workspace::message::iequals(s.outbound_type, "OUTDIAL"))
        return false;
    if (agent_id.empty() || (s.owner != agent_id && s.outdial_agent_id != agent_id)) return false;
    auto matches = [&](const std::string& number) { return same_number(number, destination); };
    return matches(s.dnis) || matches(s.customer_number) || std::any_of(s.participant_ids.begin(), s.participant_ids.end(), matches);
}

bool is_failure_event(std::string_view event) {
    return event == "eOutdialFailed" ||
           std::any_of(final_failures.begin(), final_failures.end(), [&](const auto& f) { return f.second == event; });
}

std::vector<std::string> map_notification(const CallSnapshot& s, CallProgress& progress) {
    std::vector<std::string> events;
    if (progress.dropped) return events;
    auto once = [&](bool& done, std::string_view event) {
        if (!done) events.emplace_back(event);
        done = true;
    };
    auto drop = [&] {
        progress.dropped = true;
        events.emplace_back(dropped_event);
    };
    auto fail = [&](std::string_view event) {
        if (!progress.failure_code.is_null() || !progress.failure_reason.empty()) return;
        progress.failure_reason = s.reason.empty() ? "UNKNOWN_REASON" : s.reason;
        progress.failure_code = s.reason_code;
        events.emplace_back(event);
    };

    const std::string& type = s.type;
    if (type == "AgentOfferContact") {
        once(progress.offered, "eAgentOfferContact");
    } else if (type == "AgentContactAssigned") {
        progress.offered = true;
        once(progress.answered, "CustAnswered");
    } else if (type == "ContactEnded") {
        once(progress.ended, "eAgentContactEnded");
        if (!s.agent_pending_wrap_up) drop();
    } else if (type == "AgentWrapup") {
        once(progress.in_wrap_up, "acw");
    } else if (type == "AgentWrappedUp") {
        drop();
    } else if (type == "AgentOutboundFailed") {
        fail("eOutdialFailed");
        if (!s.agent_pending_wrap_up) drop();
    } else if (auto failure = lookup(final_failures, type); !failure.empty()) {
        fail(failure);
        drop();
    } else if (type == "AgentContact") {
        // A snapshot after a reload: publish whatever the call went through while we were away.
        if (workspace::message::iequals(s.state, "new")) once(progress.offered, "eAgentOfferContact");
        bool wrapping = s.agent_pending_wrap_up || workspace::message::iequals(s.state, "wrapUp");
        if (talking_state(s.state) || wrapping) {
            once(progress.offered, "eAgentOfferContact");
            once(progress.answered, "CustAnswered");
        }
        if (wrapping) {
            once(progress.ended, "eAgentContactEnded");
            once(progress.in_wrap_up, "acw");
        }
    } else if (auto event = lookup(renamed, type); !event.empty()) {
        events.emplace_back(event);
    } else {
        return events;  // not a call notification we know: skipped
    }

    if (s.recording_started && !progress.recording_announced) {
        progress.recording_announced = true;
        auto position = progress.dropped ? events.end() - 1 : events.end();
        events.insert(position, "eCallRecordingStarted");
    }
    return events;
}

}  // namespace webexcc::outbound
