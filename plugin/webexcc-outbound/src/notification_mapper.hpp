#pragma once
// From a Webex CC notification (read by the client: webexcc/client/notification.hpp) to the
// Workspace events of a call. Pure: no I/O, no clock; the only memory is the CallProgress the
// caller keeps per call.

#include "webexcc/client/notification.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

using client::Notification;

// What one notification says about the agent's wrap-up. The client keeps Webex's facts about every
// participant; which one is the agent is the plugin's judgement, with the agent id it learnt.
struct WrapUpSays {
    // Whether a wrap-up follows for the agent, from the one field about what follows:
    // agentsPendingWrapUp (with or without the agent). Empty when the notification does not say.
    std::optional<bool> pending;
    // The agent's participant isWrapUp: true. It describes the moment of the frame only, so its
    // false says nothing about what follows (a failure frame says false and AgentWrapup follows).
    bool now = false;
};
WrapUpSays wrap_up_says(const client::Interaction& interaction, const std::string& agent_id);

// Whether this notification is about the outdial `agent_id` placed to `destination`. A field that is
// present and different (direction not OUTBOUND, type not OUTDIAL, another owner, other numbers)
// says no; an absent field says nothing. With no field saying yes either, only the one outdial in
// flight is left as evidence, so a notification that names nothing is taken as its answer.
bool is_outdial_of(const Notification& notification, const std::string& agent_id, const std::string& destination);

// What the plugin has already published for a call, so each lifecycle event goes out once.
struct CallProgress {
    bool reserved = false;  // a preview campaign's reservation was published
    bool offered = false;
    bool answered = false;
    bool recording_announced = false;
    bool ended = false;  // over for the agent: eAgentContactEnded went out, or the agent handed the call over
    bool in_wrap_up = false;
    bool held = false;
    bool recording_paused = false;
    // The call ended (or failed) and the notification did not say whether the agent must wrap
    // up: DROPPED waits for AgentWrappedUp, or for the grace period if no AgentWrapup comes.
    bool wrap_up_undecided = false;
    bool consulted = false;  // the agent only joined this call as a consult: it ends with the consult
    // The agent handed the call over (a transfer, or it left the conference): over for it, only
    // its wrap-up is left (acw when AgentWrapup comes, then DROPPED).
    bool handed_over = false;
    bool dropped = false;
    std::string failure_reason;
    nlohmann::json failure_code;  // null when no failure
};

inline constexpr std::string_view dropped_event = "DROPPED";

// The events one notification produces for its call, in order, DROPPED last when the interaction
// is over; updates `progress`. Unknown notification types and anything after DROPPED give none.
// `agent_id`: the agent's, to find it among the participants.
std::vector<std::string> map_notification(const Notification& notification, const std::string& agent_id,
                                          CallProgress& progress);

// The name the spec's Incoming Call page gives `event` for an inbound call (eAgentOfferContact is
// "connected", CustAnswered "eAgentContactAssigned", eCallRecordingStarted "eCallRecordingstarted");
// other events keep their names.
std::string_view inbound_event_name(std::string_view event);

// Whether `event` is a failure, published with its reason and reason code.
bool is_failure_event(std::string_view event);

// The wrap-up grace period ran out with no AgentWrapup for the call: DROPPED, unless it came.
std::vector<std::string> wrap_up_grace_expired(CallProgress& progress);

// Whether a notification of this type, about an interaction not yet followed, starts following it
// (offers, a preview reservation, a consult offer, a snapshot after a reload).
bool starts_call(std::string_view notification_type);

}  // namespace webexcc::outbound
