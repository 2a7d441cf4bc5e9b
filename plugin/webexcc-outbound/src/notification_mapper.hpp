#pragma once
// From a Webex CC notification to the Workspace events of a call. Pure: no I/O, no clock; the only
// memory is the CallProgress the caller keeps per call.

#include "webexcc/client/notification_channel.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

// What one notification says about a call, read once; missing fields are empty, never an error.
struct CallSnapshot {
    std::string type;            // data.type, e.g. "AgentOfferContact"
    std::string interaction_id;  // data.interactionId
    std::string org_id;          // data.orgId, else the envelope's
    std::string state;           // data.interaction.state
    std::string direction;       // interaction.contactDirection.type
    std::string outbound_type;   // interaction.outboundType
    std::string owner;           // interaction.owner
    std::string outdial_agent_id;  // callProcessingDetails.outdialAgentId
    std::string ani;             // callProcessingDetails.ani (agent side for an outdial)
    std::string dnis;            // callProcessingDetails.dnis (the customer for an outdial)
    std::string customer_number; // callProcessingDetails.customerNumber
    std::string rona_timeout;    // callProcessingDetails.ronaTimeout, else data.ronaTimeout as text
    std::string virtual_team_name;
    std::vector<std::string> participant_ids;
    std::string media_resource_id;       // data.mediaResourceId (hold takes it)
    std::string main_media_resource_id;  // interaction.media entry with mType "mainCall" (unhold takes it)
    std::string reservation_interaction_id;  // data.reservationInteractionId (a preview's offer)
    bool recording_started = false;      // callProcessingDetails.recordingStarted
    bool recording_paused = false;       // callProcessingDetails.isPaused
    // Whether a wrap-up follows for the agent, from the one field about what follows:
    // agentsPendingWrapUp (with or without the agent). Empty when the notification does not say.
    std::optional<bool> agent_pending_wrap_up;
    // The agent's participant isWrapUp: true. It describes the moment of the frame only, so its
    // false says nothing about what follows (a failure frame says false and AgentWrapup follows).
    bool agent_in_wrap_up = false;
    std::string reason;                  // data.reason
    nlohmann::json reason_code;          // data.reasonCode as sent, null when absent

    // Agent notifications (Welcome, AgentStateChange, AgentReloginSuccess) use these.
    std::string agent_id;                // data.agentId
    std::string sub_status;              // data.subStatus: "Available", "Idle", ...
    std::string state_change_reason;     // data.lastStateChangeReason
    std::string aux_code_id;             // data.auxCodeId
    std::optional<std::vector<std::string>> interaction_ids;  // data.interactionIds, when present

    // The first field read as text that held something else (a number, an object...); empty when
    // none. Such a notification is not trusted: it is skipped and the state learnt again.
    std::string malformed;
};

// Reads a CallSnapshot member by member, as json_scan hands them out: in the notification
// channel's own validating pass (it is the plugin's FrameReader), or alone (read_snapshot).
class SnapshotReader final : public client::FrameReader {
public:
    explicit SnapshotReader(std::string agent_id) : agent_id_(std::move(agent_id)) {}
    bool member(const workspace::json_scan::Member& member) override;
    // What was read, moved out; meaningful only when the scan accepted the whole text.
    CallSnapshot take();

private:
    using Member = workspace::json_scan::Member;
    static std::vector<std::string> list(const Member& member);
    void wrong_type(const Member& member);
    std::string string_of(const Member& member);

    std::string agent_id_;
    CallSnapshot s_;
    std::string envelope_org_id_, nested_interaction_id_;
    // The objects read, named by where they are: a member of depth d belongs to inside_[d].
    enum class Object : unsigned char {
        envelope, data, interaction, contact_direction, call_processing_details, participants, own_participant,
        media, media_entry
    };
    std::array<Object, 6> inside_{Object::envelope, Object::envelope, Object::envelope,
                                  Object::envelope, Object::envelope, Object::envelope};
    // interaction.media: {mType, mediaResourceId} of each entry, in order.
    std::vector<std::pair<std::string, std::string>> media_;
};

// Reads the snapshot from the notification's text in one pass (json_scan), without a tree.
// nullopt for a text json_scan does not accept (not strict JSON, not UTF-8, too deep or too large):
// such a notification must be skipped, never published.
std::optional<CallSnapshot> read_snapshot(std::string_view notification_text, const std::string& agent_id);

// Whether this notification is about the outdial `agent_id` placed to `destination`. A field that is
// present and different (direction not OUTBOUND, type not OUTDIAL, another owner, other numbers)
// says no; an absent field says nothing. With no field saying yes either, only the one outdial in
// flight is left as evidence, so a notification that names nothing is taken as its answer.
bool is_outdial_of(const CallSnapshot& snapshot, const std::string& agent_id, const std::string& destination);

// What the plugin has already published for a call, so each lifecycle event goes out once.
struct CallProgress {
    bool reserved = false;       // a preview campaign's reservation was published
    bool offered = false;
    bool answered = false;
    bool recording_announced = false;
    bool ended = false;
    bool in_wrap_up = false;
    bool held = false;
    bool recording_paused = false;
    // The call ended (or failed) and the notification did not say whether the agent must wrap
    // up: DROPPED waits for AgentWrappedUp, or for the grace period if no AgentWrapup comes.
    bool wrap_up_undecided = false;
    bool consulted = false;      // the agent only joined this call as a consult: it ends with the consult
    bool dropped = false;
    std::string failure_reason;
    nlohmann::json failure_code;  // null when no failure
};

inline constexpr std::string_view dropped_event = "DROPPED";

// The events one notification produces for its call, in order, DROPPED last when the interaction
// is over; updates `progress`. Unknown notification types and anything after DROPPED give none.
std::vector<std::string> map_notification(const CallSnapshot& snapshot, CallProgress& progress);

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
