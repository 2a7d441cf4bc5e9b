#pragma once
// Webex CC notifications as typed values. The notification socket delivers each frame read once:
// read_frame validates the text (strict JSON, see workspace/json/json_scan.hpp) and, in the same
// pass, reads the envelope and the Notification. Only this client knows Webex's JSON layout;
// consumers read these fields.
//
// One Notification holds every field any notification type carries, grouped by what it is about
// (the interaction, the agent's session); fields a notification lacks stay empty. New kinds of
// notification add their own group. A consult, transfer or conference notification (TaskStep) with
// no interaction id is malformed (a ...Failed excepted: it answers its request by type alone).

#include "workspace/problem.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::client {

// A participant of data.interaction.participants (keyed by the participant's id).
struct Participant {
    std::string id;
    // Its isWrapUp: true. Only the moment of the frame: a false says nothing about what follows.
    bool in_wrap_up = false;
    // pType: "Agent", "Customer", "DN" (a dial number consulted), "EP-DN" (an entry point's), "VVA",
    // "Supervisor"; the SDK derives a consult transfer's destinationType from it (core/Utils.ts ~336-359).
    std::string p_type;
    std::string type;       // "Agent" for an agent reached by its dial number (core/Utils.ts ~283-305)
    std::string ep_id;      // epId: the entry point an EP-DN participant stands for, the transfer's "to"
    std::string dn;         // the dial number
    bool has_left = false;  // hasLeft: true once it left the call (a conference's exit)
};

// An entry of data.interaction.media (keyed by its id): one leg of the call. mType "mainCall" is the
// customer's call, "consult" the consult leg; participants are the participant ids on the leg.
struct Media {
    std::string id;
    std::string m_type;
    std::string media_resource_id;
    std::vector<std::string> participants;
};

// The interaction (the contact, the call) a RoutingMessage is about.
struct Interaction {
    std::string id;                         // data.interactionId, else data.interaction.interactionId
    std::string state;                      // interaction.state: "new", "connected", "held", "wrapUp", ...
    std::string direction;                  // interaction.contactDirection.type: "OUTBOUND", "INBOUND"
    std::string outbound_type;              // interaction.outboundType: "OUTDIAL", "PREVIEW", ...
    std::string owner;                      // interaction.owner (an agent id)
    std::string outdial_agent_id;           // callProcessingDetails.outdialAgentId
    std::string ani;                        // callProcessingDetails.ani (agent side for an outdial)
    std::string dnis;                       // callProcessingDetails.dnis (the customer for an outdial)
    std::string customer_number;            // callProcessingDetails.customerNumber
    std::string rona_timeout;               // callProcessingDetails.ronaTimeout, else data.ronaTimeout, as text
    std::string virtual_team_name;          // callProcessingDetails.virtualTeamName
    bool recording_started = false;         // callProcessingDetails.recordingStarted
    bool recording_paused = false;          // callProcessingDetails.isPaused
    std::vector<Participant> participants;  // in the order sent
    std::string media_resource_id;          // data.mediaResourceId (hold takes it)
    std::string main_media_resource_id;     // the interaction.media entry with mType "mainCall" (unhold takes it)
    std::vector<Media> media;               // interaction.media, in the order sent
    bool consult_to_queue = false;          // callProcessingDetails.ctqInProgress: a consult waits in a queue
    bool conferencing = false;              // callProcessingDetails.isConferencing
    std::string reservation_id;             // data.reservationInteractionId (a preview's offer names its reservation)
    // A preview campaign's name (not an id): callProcessingDetails.campaignId, else data.campaignId
    // (the SDK's task/types.ts PreviewContactPayload). Its accept names the campaign by it.
    std::string campaign_id;
    // data.agentsPendingWrapUp, the agents whose wrap-up follows; nullopt when not sent.
    std::optional<std::vector<std::string>> agents_pending_wrap_up;
};

// The agent's session: Welcome, AgentStateChange, StationLogin, AgentReloginSuccess / Failed,
// AGENT_MULTI_LOGIN.
struct AgentSession {
    std::string agent_id;                                     // data.agentId
    std::string sub_status;                                   // data.subStatus: "Available", "Idle", ...
    std::string state_change_reason;                          // data.lastStateChangeReason
    std::string aux_code_id;                                  // data.auxCodeId
    std::optional<std::vector<std::string>> interaction_ids;  // data.interactionIds, when sent
    // The station (StationLogin's AgentStationLoginSuccess, AgentReloginSuccess, Logout's
    // AgentLogoutSuccess): services/agent/types.ts.
    std::string status;       // data.status: "LoggedIn", "LoggedOut"
    std::string team_id;      // data.teamId
    std::string dial_number;  // data.dialNumber, else data.dn
    std::string device_type;  // data.deviceType: "AGENT_DN", "EXTENSION", "BROWSER"
    // Whether the agent is in a station, when the notification says: AgentReloginSuccess true,
    // AgentReloginFailed (the answer to a reload when the agent is in no station) false.
    std::optional<bool> logged_in;
    // A frame whose envelope type is AGENT_MULTI_LOGIN: another client (the Webex Agent Desktop,
    // another tab) subscribed for this agent and Webex moved the session there.
    bool multi_login = false;
};

// The consult, transfer and conference notifications the SDK's TaskManager handles
// (services/task/TaskManager.ts ~346-500, names in services/config/types.ts ~28-81), by data.type.
enum class TaskStep {
    none,                            // any other notification
    consult_offered,                 // AgentOfferConsult: another agent consults this one
    consult_created,                 // AgentConsultCreated: this agent's consult is under way
    consulting,                      // AgentConsulting: the consult leg is connected
    consult_failed,                  // AgentConsultFailed
    consult_to_queue_failed,         // AgentCtqFailed
    consult_to_queue_cancelled,      // AgentCtqCancelled
    consult_to_queue_cancel_failed,  // AgentCtqCancelFailed
    consult_ended,                   // AgentConsultEnded
    consult_end_failed,              // AgentConsultEndFailed
    consult_transferring,            // AgentConsultTransferring
    consult_transferred,             // AgentConsultTransferred
    consult_transfer_failed,         // AgentConsultTransferFailed
    blind_transferred,               // AgentBlindTransferred
    blind_transfer_failed,           // AgentBlindTransferFailed
    queue_transferred,               // AgentVteamTransferred
    queue_transfer_failed,           // AgentVteamTransferFailed
    conferencing,                    // AgentConsultConferencing
    conferenced,                     // AgentConsultConferenced
    conference_failed,               // AgentConsultConferenceFailed
    conference_ended,                // AgentConsultConferenceEnded
    conference_end_failed,           // AgentConsultConferenceEndFailed
    participant_joined,              // ParticipantJoinedConference
    participant_left,                // ParticipantLeftConference
    participant_left_failed,         // ParticipantLeftConferenceFailed
    conference_transferred,          // AgentConferenceTransferred
    conference_transfer_failed,      // AgentConferenceTransferFailed
    contact_merged,                  // ContactMerged: a consult leg merged into its parent call
};
TaskStep task_step_of(std::string_view data_type);
// A ...Failed step: Webex refused the request; Notification::reason / reason_code say why.
bool is_failure(TaskStep step);

// What a consult, transfer or conference notification says beside the interaction (task/types.ts
// TaskData ~755-835).
struct Consult {
    std::string dest_agent_id;              // data.destAgentId: the agent consulted or transferred to
    std::string consult_media_resource_id;  // data.consultMediaResourceId: the consult leg
    std::string destination_type;           // data.destinationType
    std::string participant_id;             // data.participantId: who joined or left a conference
    std::string child_interaction_id;       // data.childInteractionId: the leg merged (ContactMerged)
    bool conferencing = false;              // data.isConferencing
};

// An agent of the buddy list (the BuddyAgents notification's data.agentList; agent/types.ts ~369-376).
struct BuddyAgent {
    std::string agent_id;  // agentId
    std::string name;      // agentName
    std::string state;     // "Available", "Idle", ...
    std::string team_id;   // teamId
    std::string dn;        // dn
    std::string site_id;   // siteId
};

struct Notification {
    std::string type;                // data.type: "AgentOfferContact", "AgentStateChangeSuccess", ...
    TaskStep step = TaskStep::none;  // what `type` means for a consult, transfer or conference
    std::string org_id;              // data.orgId, else the envelope's
    Interaction interaction;
    AgentSession agent;
    Consult consult;
    // data.agentList of a BuddyAgents notification (the answer to a buddy list request); nullopt
    // when not sent. An item that is not an agent (an object with a string agentId) makes the
    // notification malformed.
    std::optional<std::vector<BuddyAgent>> buddy_agents;
    std::string reason;          // data.reason (failures)
    nlohmann::json reason_code;  // data.reasonCode as sent; null when absent
    // The first field read as text (or entered as an object) that held something else; empty when
    // none. Such a notification is not to be trusted: skip it and learn the state again.
    std::string malformed;
};

struct Frame {
    std::string text;              // exactly as received; strict JSON (json_scan accepts it)
    std::string type;              // the envelope's "type" ("RoutingMessage", "Welcome", ...)
    bool repeat = false;           // the same notification (trackingId) was delivered before
    std::uint64_t connection = 0;  // which connection it arrived on, counting from 1
    Notification notification;     // read from `text` in the same pass

    // A tree of the frame, for consumers that want one.
    nlohmann::json json() const { return nlohmann::json::parse(text); }
};

// One received frame, read: validated (strict JSON, UTF-8, no lone surrogates, size and depth
// limits), its envelope and notification read, and its repeat-detection key computed.
struct ReadFrame {
    Frame frame;
    std::string repeat_key;  // trackingId + "/" + data.type; empty when the frame has no trackingId
    bool keepalive = false;  // {"keepalive": "true"}
};

// Pure. A frame that is not accepted is a Problem saying why, never quoting the text: BAD_JSON
// (json_scan's: where, and the size) or INVALID_NOTIFICATION (not a notification's envelope).
workspace::Result<ReadFrame> read_frame(std::string text, std::uint64_t connection);

}  // namespace webexcc::client
