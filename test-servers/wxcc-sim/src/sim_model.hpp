#pragma once
// The simulator's model of one agent and its calls, and the notification frames Webex CC sends
// about them. Pure: no sockets, no clocks (times are passed in), so frames are tested directly.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wxcc_sim {

struct Agent {
    std::string id = "22a3ff9b-c51c-4c6b-8b8a-ca98154240f1";
    std::string org_id = "013dce5c-a8aa-4590-bebe-fed6d419dcc4";
    std::string session_id = "64c80b4a-4583-43d8-9776-64eabb443c2d";
    std::string team_id = "56cf5b28-56b0-4905-9d49-6893257100b1";
    std::string team_name = "Acqueon_Site1_Team1";
    std::string site_id = "5729b45e-2913-4425-b5e2-0d730aa6db0a";
    std::string name = "wxcc-sim agent";
    std::string channel_id = "339fd456-0655-46f9-b9ee-da7198c9dc3e";
    // The station (POST /v1/agents/login): the SDK's relogin needs deviceType (cc.ts handleDeviceType).
    bool logged_in = true;
    std::string device_type = "AGENT_DN";  // AGENT_DN, EXTENSION or BROWSER
    std::string dial_number = "14085550199";
    std::string device_id = "14085550199";
    std::string state = "Available";  // "Available" or "Idle"
    std::string aux_code_id = "0";
    std::string last_state_change_reason;
    std::int64_t last_state_change_ms = 0;
};

struct Call {
    std::string interaction_id;
    std::string destination;  // customer number as dialled (the caller, for an inbound call)
    std::string ani;          // outdial ANI (agent side number; the number called, for an inbound call)
    std::string entry_point_id;
    std::string scenario;
    std::string direction = "OUTBOUND";     // contactDirection.type: OUTBOUND or INBOUND
    std::string outbound_type = "OUTDIAL";  // OUTDIAL, PREVIEW, PROGRESSIVE, ...; "" for inbound
    std::string owner;                      // interaction.owner; the agent's id when empty
    std::string reservation_id;             // data.reservationInteractionId: the preview reservation it follows
    std::string campaign_id;                // a preview campaign's NAME (callProcessingDetails.campaignId)
    bool thin = false;                      // frames lack contactDirection and outboundType
    bool wrap_up_unsaid = false;            // the next frame has neither agentsPendingWrapUp nor isWrapUp
    std::string state = "new";              // interaction.state
    std::int64_t created_ms = 0;
    std::int64_t queued_ms = 0;
    bool offered = false;
    bool agent_joined = false;
    bool customer_joined = false;
    bool held = false;
    bool recording_started = false;
    bool recording_paused = false;
    bool terminated = false;
    bool pending_wrap_up = false;
    bool wrapped_up = false;
    std::size_t next_step = 0;
    std::uint64_t schedule_generation = 0;  // which scheduled step is current (the simulator's timers)
    // How long an offer held for the agent's answer (scenario consult-held) rings before RONA.
    std::int64_t offer_timeout_ms = 18000;

    // Another agent's call offered to this agent as a consult (joined at once, or held for an answer).
    bool offered_as_consult() const { return scenario == "consult" || scenario == "consult-held"; }
};

// Sequence numbers make every frame's trackingId unique; the caller owns the counter.
struct FrameContext {
    const Agent& agent;
    std::int64_t now_ms;
    std::uint64_t sequence;
};

std::string make_uuid(std::uint64_t seed);

// A request body's string member `key`; "" when it is absent or not a string (the routes then
// refuse what they need and ignore what they do not).
inline std::string text_of(const nlohmann::json& body, const char* key) {
    auto found = body.find(key);
    return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// A notification: {orgId, trackingId, type, data}, data given the orgId, a trackingId and eventTime.
nlohmann::json envelope(const FrameContext& context, const std::string& type, nlohmann::json data);

nlohmann::json welcome_frame(const Agent& agent);
nlohmann::json keepalive_frame();

// A RoutingMessage about `call`: data.type `type`, with the interaction as the sample response has
// it (participants, media, callProcessingDetails); `extra` is merged into data (reason, ...).
nlohmann::json routing_frame(const FrameContext& context, const Call& call, const std::string& type,
                             const nlohmann::json& extra = nlohmann::json::object());

// A `...Failed` answer to a task action: data {type, agentId, reason, reasonCode, interactionId?}.
nlohmann::json failure_frame(const FrameContext& context, const std::string& type, const std::string& interaction_id,
                             const std::string& reason, int reason_code);

nlohmann::json agent_state_frame(const FrameContext& context, const std::string& change_type);
nlohmann::json relogin_frame(const FrameContext& context, const std::vector<std::string>& interaction_ids);

// Station frames (SDK services/agent/index.ts): StationLogin / AgentStationLoginSuccess, Logout /
// AgentLogoutSuccess, and the failures of login, logout and relogin (data.reason names why).
nlohmann::json station_login_frame(const FrameContext& context, const std::vector<std::string>& interaction_ids);
nlohmann::json logout_frame(const FrameContext& context, const std::string& logged_out_by);
// `type` is the envelope's (StationLogin, Logout, AgentReloginFailed), `failure` data.type's.
nlohmann::json agent_failure_frame(const FrameContext& context, const std::string& type, const std::string& failure,
                                   const std::string& reason);

}  // namespace wxcc_sim
