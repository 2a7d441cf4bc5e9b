#include "notification_mapper.hpp"

#include "phone_number.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace webexcc::outbound {

using nlohmann::json;

namespace {

// Notifications that only rename: Webex name -> Desktop SDK event name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 27> renamed_types{{
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
std::string_view lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                        std::string_view key) {
    for (const auto& [from, to] : table)
        if (from == key) return to;
    return {};
}

// Webex holds the customer while its agent consults (holdParticipants is always true), and leaves
// it held when the consult ends; a conference has everyone on the line.
bool held_state(const std::string& state) {
    for (auto s : {"held", "consult", "consulting"})
        if (workspace::message::iequals(state, s)) return true;
    return false;
}

bool talking_state(const std::string& state) {
    for (auto s : {"connected", "held", "consult", "consulting", "conference", "conferencing"})
        if (workspace::message::iequals(state, s)) return true;
    return false;
}

}  // namespace

WrapUpSays wrap_up_says(const client::Interaction& interaction, const std::string& agent_id) {
    WrapUpSays says;
    if (const auto& pending = interaction.agents_pending_wrap_up)
        says.pending = std::find(pending->begin(), pending->end(), agent_id) != pending->end();
    says.now = std::any_of(interaction.participants.begin(), interaction.participants.end(),
                           [&](const client::Participant& p) { return p.id == agent_id && p.in_wrap_up; });
    return says;
}

bool is_outdial_of(const Notification& notification, const std::string& agent_id, const std::string& destination) {
    using workspace::message::iequals;
    const auto& s = notification.interaction;
    if (!s.direction.empty() && !iequals(s.direction, "OUTBOUND")) return false;
    if (!s.outbound_type.empty() && !iequals(s.outbound_type, "OUTDIAL")) return false;
    bool owner_named = !s.owner.empty() || !s.outdial_agent_id.empty();
    if (owner_named && (agent_id.empty() || (s.owner != agent_id && s.outdial_agent_id != agent_id))) return false;
    auto matches = [&](const std::string& number) { return same_number(number, destination); };
    bool numbers_named = !s.dnis.empty() || !s.customer_number.empty();
    if (numbers_named && !matches(s.dnis) && !matches(s.customer_number) &&
        std::none_of(s.participants.begin(), s.participants.end(), [&](const auto& p) { return matches(p.id); }))
        return false;
    return true;
}

bool starts_call(std::string_view type) {
    for (auto starter : {"AgentOfferContact", "AgentOfferCampaignReservation", "AgentContactAssigned",
                         "AgentOfferConsult", "AgentContact"})
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

namespace {

// One notification being mapped for one call: the events so far, and the progress they make.
class Mapping {
public:
    Mapping(const Notification& n, const std::string& agent_id, CallProgress& progress)
        : n_(n), agent_id_(agent_id), wrap_up_(wrap_up_says(n.interaction, agent_id)), progress_(progress) {}

    // The offer, answer, end, wrap-up and failure notifications; false for any other type.
    bool lifecycle() {
        const std::string& type = n_.type;
        if (type == "AgentOfferCampaignReservation") once(progress_.reserved, "eAgentOfferCampaignReserved");
        else if (type == "AgentOfferContact") once(progress_.offered, "eAgentOfferContact");
        else if (type == "AgentContactAssigned") {
            progress_.offered = true;
            once(progress_.answered, "CustAnswered");
        } else if (type == "ContactEnded") {
            once(progress_.ended, "eAgentContactEnded");
            over();
        } else if (type == "AgentWrapup") {
            // After the agent's own end Webex may send no ContactEnded: the end is published here.
            if (progress_.answered) once(progress_.ended, "eAgentContactEnded");
            wrap_up();
        } else if (type == "AgentWrappedUp") drop();
        else if (type == "AgentOutboundFailed") {
            fail("eOutdialFailed");
            over();
        } else if (auto failure = lookup(final_failures, type); !failure.empty()) {
            fail(failure);
            drop();
        } else if (type == "AgentContact") hydrate();
        else return false;
        return true;
    }

    // Notifications that only rename, and what they say about hold, recording and consults;
    // false for a type that is not one of them.
    bool renamed() {
        const std::string& type = n_.type;
        auto event = lookup(renamed_types, type);
        if (event.empty()) return false;
        events_.emplace_back(event);
        if (type == "AgentContactHeld" || type == "AgentContactUnheld") progress_.held = type == "AgentContactHeld";
        if (type == "ContactRecordingPaused" || type == "ContactRecordingResumed")
            progress_.recording_paused = type == "ContactRecordingPaused";
        if (type == "AgentOfferConsult") progress_.offered = true;
        if (type == "AgentConsulting") progress_.answered = true;
        if (n_.step != client::TaskStep::none && !progress_.consulted && !n_.interaction.state.empty())
            progress_.held = held_state(n_.interaction.state);
        task_step();
        return true;
    }

    // Recording is announced once, with the first notification saying it started (before a DROPPED).
    std::vector<std::string> take_events() {
        if (n_.interaction.recording_started && !progress_.recording_announced) {
            progress_.recording_announced = true;
            auto position = progress_.dropped ? events_.end() - 1 : events_.end();
            events_.insert(position, "eCallRecordingStarted");
        }
        return std::move(events_);
    }

private:
    // What a consult, transfer or conference step means for this agent's part in the call: a call
    // it hands over is over for it; a consulted agent leaves with the consult unless the call is
    // transferred to it (it becomes the owner) or it stays in the conference.
    void task_step() {
        using client::TaskStep;
        bool consulted = progress_.consulted;
        switch (n_.step) {
            case TaskStep::blind_transferred:
            case TaskStep::queue_transferred: hand_over(); break;
            case TaskStep::consult_transferred:
            case TaskStep::conference_transferred:
                if (!consulted) hand_over();
                else if (owns_call()) progress_.consulted = false;
                break;
            case TaskStep::participant_left:
                if (!agent_id_.empty() && n_.consult.participant_id == agent_id_) hand_over();
                break;
            case TaskStep::consult_ended:
                if (consulted) drop();
                break;
            case TaskStep::conference_ended:
                if (consulted && !owns_call()) drop();
                break;
            default: break;
        }
    }
    // Whether this agent has the customer now: the owner, the transfer's destination, or on the
    // call's main media.
    bool owns_call() const {
        const auto& s = n_.interaction;
        if (agent_id_.empty()) return false;
        if (s.owner == agent_id_ || n_.consult.dest_agent_id == agent_id_) return true;
        return std::any_of(s.media.begin(), s.media.end(), [&](const client::Media& m) {
            return m.m_type == "mainCall" &&
                   std::find(m.participants.begin(), m.participants.end(), agent_id_) != m.participants.end();
        });
    }
    // The call goes on without the agent: no eAgentContactEnded for it, no request but the wrap-up.
    void hand_over() {
        if (std::exchange(progress_.handed_over, true)) return;
        progress_.ended = true;
        over();
    }
    void once(bool& done, std::string_view event) {
        if (!done) events_.emplace_back(event);
        done = true;
    }
    void drop() {
        progress_.dropped = true;
        events_.emplace_back(dropped_event);
    }
    void wrap_up() {
        progress_.wrap_up_undecided = false;
        once(progress_.in_wrap_up, "acw");
    }
    // The call is over for the agent. A wrap-up said to follow (agentsPendingWrapUp names the
    // agent, or it is in wrap-up) is awaited; DROPPED comes now when agentsPendingWrapUp leaves the
    // agent out, or when Webex says nothing and nothing was ever offered (no task to wrap up).
    // Otherwise the tracker arms the grace period: a participant's isWrapUp: false is only the
    // frame's moment, and DROPPED must never precede acw.
    void over() {
        if (progress_.in_wrap_up || wrap_up_.pending.value_or(false) || wrap_up_.now) return;
        if (wrap_up_.pending.has_value() || !progress_.offered) drop();
        else progress_.wrap_up_undecided = true;
    }
    void fail(std::string_view event) {
        if (!progress_.failure_code.is_null() || !progress_.failure_reason.empty()) return;
        progress_.failure_reason = n_.reason.empty() ? "UNKNOWN_REASON" : n_.reason;
        progress_.failure_code = n_.reason_code;
        events_.emplace_back(event);
    }
    // A snapshot after a reload: publish whatever the call went through while we were away.
    void hydrate() {
        using workspace::message::iequals;
        const auto& state = n_.interaction.state;
        if (iequals(state, "new")) once(progress_.offered, "eAgentOfferContact");
        bool wrapping = wrap_up_.pending.value_or(false) || wrap_up_.now || iequals(state, "wrapUp");
        if (talking_state(state) || wrapping) {
            once(progress_.offered, "eAgentOfferContact");
            once(progress_.answered, "CustAnswered");
        }
        if (wrapping) {
            once(progress_.ended, "eAgentContactEnded");
            wrap_up();
        }
        progress_.held = !progress_.consulted && held_state(state);
        progress_.recording_paused = n_.interaction.recording_paused;
    }

    const Notification& n_;
    const std::string& agent_id_;
    WrapUpSays wrap_up_;
    CallProgress& progress_;
    std::vector<std::string> events_;
};

}  // namespace

std::vector<std::string> map_notification(const Notification& notification, const std::string& agent_id,
                                          CallProgress& progress) {
    if (progress.dropped) return {};
    Mapping mapping(notification, agent_id, progress);
    if (!mapping.lifecycle() && !mapping.renamed()) return {};  // not a call notification we know: skipped
    return mapping.take_events();
}

std::vector<std::string> wrap_up_grace_expired(CallProgress& progress) {
    if (progress.dropped || !progress.wrap_up_undecided || progress.in_wrap_up) return {};
    progress.wrap_up_undecided = false;
    progress.dropped = true;
    return {std::string(dropped_event)};
}

}  // namespace webexcc::outbound
