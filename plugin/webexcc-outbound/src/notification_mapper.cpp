#include "notification_mapper.hpp"

#include "phone_number.hpp"
#include "workspace/json/json_scan.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace webexcc::outbound {

using nlohmann::json;

namespace {

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

namespace scan = workspace::json_scan;

std::vector<std::string> SnapshotReader::list(const scan::Member& m) {
    std::vector<std::string> items;
    auto parsed = json::parse(m.raw, nullptr, false);
    if (parsed.is_array())
        for (const auto& item : parsed)
            if (item.is_string()) items.push_back(item.get<std::string>());
    return items;
}

// A field the mapper reads as text must be a string (or null, read as absent); anything else
// makes the notification malformed rather than silently read as "".
void SnapshotReader::wrong_type(const scan::Member& m) {
    if (!(m.kind == scan::Kind::literal && m.raw == "null") && s_.malformed.empty()) s_.malformed = std::string(m.key);
}

std::string SnapshotReader::string_of(const scan::Member& m) {
    if (m.kind == scan::Kind::string) return scan::text_of(m);
    wrong_type(m);
    return std::string();
}

bool SnapshotReader::member(const scan::Member& m) {
    // Enters the member's object, whose members are then read as `object`.
    auto enter = [&](Object object) {
        if (m.kind != scan::Kind::object) return wrong_type(m), false;
        if (m.depth + 1 >= std::ssize(inside_)) return false;
        inside_[m.depth + 1] = object;
        return true;
    };
    if (m.depth >= std::ssize(inside_)) return false;
    switch (inside_[m.depth]) {
        case Object::envelope:
            if (m.key == "orgId") envelope_org_id_ = string_of(m);
            return m.key == "data" && enter(Object::data);
        case Object::data: {
            auto value = [&] { return string_of(m); };
            if (m.key == "type") s_.type = value();
            else if (m.key == "interactionId") s_.interaction_id = value();
            else if (m.key == "orgId") s_.org_id = value();
            else if (m.key == "ronaTimeout") s_.rona_timeout = s_.rona_timeout.empty() ? scan::text_of(m) : s_.rona_timeout;
            else if (m.key == "reason") s_.reason = value();
            else if (m.key == "reasonCode") s_.reason_code = m.kind == scan::Kind::string ? json(value()) : json::parse(m.raw, nullptr, false);
            else if (m.key == "agentId") s_.agent_id = value();
            else if (m.key == "subStatus") s_.sub_status = value();
            else if (m.key == "lastStateChangeReason") s_.state_change_reason = value();
            else if (m.key == "auxCodeId") s_.aux_code_id = value();
            else if (m.key == "interactionIds" && m.kind == scan::Kind::array) s_.interaction_ids = list(m);
            else if (m.key == "mediaResourceId") s_.media_resource_id = value();
            else if (m.key == "reservationInteractionId") s_.reservation_interaction_id = value();
            else if (m.key == "agentsPendingWrapUp" && m.kind == scan::Kind::array) {
                auto pending = list(m);
                s_.agent_pending_wrap_up = std::find(pending.begin(), pending.end(), agent_id_) != pending.end();
            }
            return m.key == "interaction" && enter(Object::interaction);
        }
        case Object::interaction:
            if (m.key == "state") s_.state = string_of(m);
            else if (m.key == "outboundType") s_.outbound_type = string_of(m);
            else if (m.key == "owner") s_.owner = string_of(m);
            else if (m.key == "interactionId") nested_interaction_id_ = string_of(m);
            else if (m.key == "contactDirection") return enter(Object::contact_direction);
            else if (m.key == "callProcessingDetails") return enter(Object::call_processing_details);
            else if (m.key == "participants") return enter(Object::participants);
            else if (m.key == "media") return enter(Object::media);
            return false;
        case Object::contact_direction:
            if (m.key == "type") s_.direction = string_of(m);
            return false;
        case Object::call_processing_details:
            if (m.key == "outdialAgentId") s_.outdial_agent_id = string_of(m);
            else if (m.key == "ani") s_.ani = string_of(m);
            else if (m.key == "dnis") s_.dnis = string_of(m);
            else if (m.key == "customerNumber") s_.customer_number = string_of(m);
            else if (m.key == "ronaTimeout") s_.rona_timeout = scan::text_of(m);
            else if (m.key == "virtualTeamName") s_.virtual_team_name = string_of(m);
            else if (m.key == "recordingStarted") s_.recording_started = workspace::message::iequals(scan::text_of(m), "true");
            else if (m.key == "isPaused") s_.recording_paused = workspace::message::iequals(scan::text_of(m), "true");
            return false;
        case Object::participants:
            s_.participant_ids.emplace_back(m.key);
            return m.key == agent_id_ && enter(Object::own_participant);
        case Object::own_participant:
            if (m.key == "isWrapUp") s_.agent_in_wrap_up = workspace::message::iequals(scan::text_of(m), "true");
            return false;
        case Object::media:
            if (!enter(Object::media_entry)) return false;
            media_.emplace_back();
            return true;
        case Object::media_entry:
            if (m.key == "mType") media_.back().first = string_of(m);
            else if (m.key == "mediaResourceId") media_.back().second = string_of(m);
            return false;
    }
    return false;
}

CallSnapshot SnapshotReader::take() {
    CallSnapshot s = std::move(s_);
    for (const auto& [type, id] : media_)
        if (type == "mainCall" && s.main_media_resource_id.empty()) s.main_media_resource_id = id;
    if (s.interaction_id.empty()) s.interaction_id = nested_interaction_id_;
    if (s.org_id.empty()) s.org_id = envelope_org_id_;
    if (s.reason_code.is_discarded()) s.reason_code = nullptr;
    return s;
}

std::optional<CallSnapshot> read_snapshot(std::string_view text, const std::string& agent_id) {
    SnapshotReader reader(agent_id);
    if (!scan::scan(text, [&](const scan::Member& m) { return reader.member(m); })) return std::nullopt;
    return reader.take();
}

bool is_outdial_of(const CallSnapshot& s, const std::string& agent_id, const std::string& destination) {
    using workspace::message::iequals;
    if (!s.direction.empty() && !iequals(s.direction, "OUTBOUND")) return false;
    if (!s.outbound_type.empty() && !iequals(s.outbound_type, "OUTDIAL")) return false;
    bool owner_named = !s.owner.empty() || !s.outdial_agent_id.empty();
    if (owner_named && (agent_id.empty() || (s.owner != agent_id && s.outdial_agent_id != agent_id))) return false;
    auto matches = [&](const std::string& number) { return same_number(number, destination); };
    bool numbers_named = !s.dnis.empty() || !s.customer_number.empty();
    if (numbers_named && !matches(s.dnis) && !matches(s.customer_number) &&
        std::none_of(s.participant_ids.begin(), s.participant_ids.end(), matches))
        return false;
    return true;
}

bool starts_call(std::string_view type) {
    for (auto starter : {"AgentOfferContact", "AgentOfferCampaignReservation", "AgentContactAssigned", "AgentOfferConsult",
                         "AgentContact"})
        if (type == starter) return true;
    return false;
}

std::string_view inbound_event_name(std::string_view event) {
    if (event == "eAgentOfferContact") return "connected";
    if (event == "CustAnswered") return "eAgentContactAssigned";
    if (event == "eCallRecordingStarted") return "eCallRecordingstarted";  // sic, as the Incoming Call page spells it
    return event;
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
    // The call is over for the agent. A wrap-up said to follow (agentsPendingWrapUp names the
    // agent, or it is in wrap-up) is awaited; DROPPED comes now when agentsPendingWrapUp leaves the
    // agent out, or when Webex says nothing and nothing was ever offered (no task to wrap up).
    // Otherwise the tracker arms the grace period: a participant's isWrapUp: false is only the
    // frame's moment, and DROPPED must never precede acw.
    auto over = [&] {
        if (progress.in_wrap_up || s.agent_pending_wrap_up.value_or(false) || s.agent_in_wrap_up) return;
        if (s.agent_pending_wrap_up.has_value() || !progress.offered) drop();
        else progress.wrap_up_undecided = true;
    };
    auto fail = [&](std::string_view event) {
        if (!progress.failure_code.is_null() || !progress.failure_reason.empty()) return;
        progress.failure_reason = s.reason.empty() ? "UNKNOWN_REASON" : s.reason;
        progress.failure_code = s.reason_code;
        events.emplace_back(event);
    };

    const std::string& type = s.type;
    if (type == "AgentOfferCampaignReservation") {
        once(progress.reserved, "eAgentOfferCampaignReserved");
    } else if (type == "AgentOfferContact") {
        once(progress.offered, "eAgentOfferContact");
    } else if (type == "AgentContactAssigned") {
        progress.offered = true;
        once(progress.answered, "CustAnswered");
    } else if (type == "ContactEnded") {
        once(progress.ended, "eAgentContactEnded");
        over();
    } else if (type == "AgentWrapup") {
        // After the agent's own end Webex may send no ContactEnded: the end is published here.
        if (progress.answered) once(progress.ended, "eAgentContactEnded");
        progress.wrap_up_undecided = false;
        once(progress.in_wrap_up, "acw");
    } else if (type == "AgentWrappedUp") {
        drop();
    } else if (type == "AgentOutboundFailed") {
        fail("eOutdialFailed");
        over();
    } else if (auto failure = lookup(final_failures, type); !failure.empty()) {
        fail(failure);
        drop();
    } else if (type == "AgentContact") {
        // A snapshot after a reload: publish whatever the call went through while we were away.
        if (workspace::message::iequals(s.state, "new")) once(progress.offered, "eAgentOfferContact");
        bool wrapping = s.agent_pending_wrap_up.value_or(false) || s.agent_in_wrap_up ||
                        workspace::message::iequals(s.state, "wrapUp");
        if (talking_state(s.state) || wrapping) {
            once(progress.offered, "eAgentOfferContact");
            once(progress.answered, "CustAnswered");
        }
        if (wrapping) {
            once(progress.ended, "eAgentContactEnded");
            progress.wrap_up_undecided = false;
            once(progress.in_wrap_up, "acw");
        }
        progress.held = workspace::message::iequals(s.state, "held");
        progress.recording_paused = s.recording_paused;
    } else if (auto event = lookup(renamed, type); !event.empty()) {
        events.emplace_back(event);
        if (type == "AgentContactHeld" || type == "AgentContactUnheld") progress.held = type == "AgentContactHeld";
        if (type == "ContactRecordingPaused" || type == "ContactRecordingResumed")
            progress.recording_paused = type == "ContactRecordingPaused";
        if (type == "AgentOfferConsult") progress.offered = true;
        if (type == "AgentConsulting") progress.answered = true;
        // A consulted agent leaves the call when the consult ends; its owner goes on with it.
        if (type == "AgentConsultEnded" && progress.consulted) drop();
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

std::vector<std::string> wrap_up_grace_expired(CallProgress& progress) {
    if (progress.dropped || !progress.wrap_up_undecided || progress.in_wrap_up) return {};
    progress.wrap_up_undecided = false;
    progress.dropped = true;
    return {std::string(dropped_event)};
}

}  // namespace webexcc::outbound
