#pragma once
// The messages the plugin publishes, in the customer's format. Pure.
//
// OutBoundCallStateChange is assembled as text so that ResponseActual is the notification exactly
// as received (spliced, not re-serialized) and the keys keep the sample response's order.

#include "notification_mapper.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

// One message to publish on channel Webexcc.
struct Outgoing {
    std::string topic;
    std::string subtopic;
    std::string text;
};

inline constexpr std::string_view channel = "Webexcc";
inline constexpr std::string_view call_topic = "outbound";
inline constexpr std::string_view call_subtopic = "OutBoundCallStateChange";
inline constexpr std::string_view inbound_topic = "Inbound";
inline constexpr std::string_view inbound_subtopic = "InboundCallStateChange";
inline constexpr std::string_view app_topic = "App";
inline constexpr std::string_view state_sync_subtopic = "StateSync";
inline constexpr std::string_view agent_topic = "Agent";
inline constexpr std::string_view agent_subtopic = "AgentStateChange";

// A message on the call topic (outbound / OutBoundCallStateChange), where MakeCall's and call
// control's answers go too.
inline Outgoing call_message(std::string text) {
    return {std::string(call_topic), std::string(call_subtopic), std::move(text)};
}

struct CallEvent {
    std::string_view event;                      // "eAgentOfferContact", ..., "DROPPED"
    std::string_view call_id;                    // the interaction id ("" before Webex named the call)
    std::string_view notification_text;          // ResponseActual; "{}" when no notification caused it
    const Notification* notification = nullptr;  // what it said, read; nullptr for none
    std::string_view to_fallback;                // toAddress when the notification has no dnis (the number dialled)
    std::string_view from_fallback;              // fromAddress when it has no ani (the configured outdial ANI)
    std::string_view request_id;                 // echoed when the caller gave one
    std::string_view reason;                     // failure events and DROPPED after a failure
    const nlohmann::json* reason_code = nullptr;
    std::string_view reason_message;                // human-readable detail, e.g. a REST error
    std::string_view outbound_type = "manualdial";  // ResponseFields.OutBoundType; "" for inbound calls
    bool inbound = false;                           // Inbound / InboundCallStateChange, CallType "Inbound"
    std::int64_t auto_wrap_up_at = 0;               // acw: message.autoWrapUpAt (epoch ms); 0 for none
    // A consult leg's (this agent's consult, followed as a call of its own): the main call's shown
    // id and where the consult goes; its toAddress is `to_fallback` (the consult's to). Empty for calls.
    std::string_view parent_call_id = {};
    std::string_view destination_type = {};
};

// Outbound / OutBoundCallStateChange, or Inbound / InboundCallStateChange for an inbound call.
std::string call_state_change(const CallEvent& event);

// MakeCall rejections: message.source "error", message.error {type MAKE_CALL_FAILED, code, message}.
std::string make_call_error(std::string_view code, std::string_view message, std::string_view request_id);

// A refused call-control request, on the call topic where MakeCall's errors go:
// message {source "error", request, requestId?, callId?, error {type, code, message}}.
std::string control_error(std::string_view request, std::string_view type, std::string_view code,
                          std::string_view message, std::string_view request_id, std::string_view call_id);

// One active call as StateSync lists it.
struct CallSummary {
    std::string id;
    std::string event;          // the last event published for it
    std::string call_state;     // the last interaction.state seen
    std::string outbound_type;  // as published; "" for inbound
    std::string call_type;      // as published: "OUTBOUND", "Inbound", ...
    // A consult leg's, listed after its main call: the main call's id and where the consult goes.
    std::string parent_call_id = {};
    std::string destination_type = {};
};

// Whose the agent's Webex session is: this plugin's, or another client's (the Webex Agent Desktop,
// another tab) that subscribed after it (AGENT_MULTI_LOGIN) until TakeOverSession.
enum class Session { active, taken_over };

// What AgentStateChange and StateSync say about the agent (message.agent).
struct AgentView {
    std::string_view state;        // Webex's subStatus: "Available", "Idle", ...
    std::string_view reason;       // lastStateChangeReason
    std::string_view aux_code_id;  // the idle code
    Session session = Session::active;
    std::optional<bool> logged_in = std::nullopt;  // in a station; omitted until a notification says
    // The station while logged in (StationLogin, relogin); each omitted when unknown. The dial
    // number is the agent's phone: masked in logs like a customer's.
    std::string_view team_id = {}, team_name = {}, login_option = {}, dial_number = {};
    std::string_view idle_code_name = {};  // the profile's name of aux_code_id; idleCode when not Available
};

// App / StateSync: {source "event", initState "Loaded", requestId?, agent {...}, calls [...]}.
std::string state_sync(const AgentView& agent, const std::vector<CallSummary>& calls, std::string_view request_id);

// Agent / AgentStateChange: {state, ready, reason, auxCodeId, session "active" | "takenOver", loggedIn?}.
std::string agent_state_change(const AgentView& agent);

// Agent / SessionTakenOver: {source "event", reason}: another client took the agent's session; the
// plugin waits for TakeOverSession.
std::string session_taken_over(std::string_view reason);

// Agent / TakeOverSession's refusal: {source "error", requestId?, error {type SESSION_FAILED, code, message}}.
std::string take_over_error(std::string_view code, std::string_view message, std::string_view request_id);

// Agent / <subtopic> errors: message.error {type SET_AGENTSTATE_FAILED, code, message}.
std::string agent_state_error(std::string_view subtopic, std::string_view code, std::string_view message,
                              std::string_view request_id);

// Agent / AuthenticationRequired: {source "event", reason, command}: the plugin has no usable
// Webex token and the agent must sign in again (wxcc-login); it resumes by itself afterwards.
std::string authentication_required(std::string_view reason);

}  // namespace webexcc::outbound
