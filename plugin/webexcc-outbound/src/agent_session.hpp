#pragma once
// The agent's session requests on the bus (topic Agent): GetAgentProfile, StationLogin and
// StationLogout. Read and checked against the profile before anything is sent, then either the
// REST request to send or the request's one refusal. Pure: no I/O. Answers go out on the request's
// own key and carry `message` ({source "event" | "error", requestId, ...}), so a request
// subscription never takes one back; a login's or logout's success is the AgentStateChange that
// Webex's notification brings.

#include "outbound_messages.hpp"

#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/requests.hpp"
#include "workspace/problem.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

inline constexpr std::string_view get_profile_subtopic = "GetAgentProfile";
inline constexpr std::string_view station_login_subtopic = "StationLogin";
inline constexpr std::string_view station_logout_subtopic = "StationLogout";

// The error types of the session requests' refusals.
inline constexpr std::string_view profile_failed = "PROFILE_FAILED";
inline constexpr std::string_view station_login_failed = "STATION_LOGIN_FAILED";
inline constexpr std::string_view station_logout_failed = "STATION_LOGOUT_FAILED";

// A session request's one answer or refusal, and the REST request to send when accepted.
struct SessionDecision {
    std::vector<Outgoing> messages;             // the answer (GetAgentProfile) or the refusal
    std::optional<client::ApiRequest> request;  // set when accepted: send it, once
    std::string request_id;                     // echoed if Webex refuses it
    std::string why_refused;                    // for the log, when refused
    client::StationLoginRequest login;          // an accepted StationLogin's station (dialNumber: mask it in logs)
    std::uint64_t attempt = 0;                  // an accepted station request's: its answer and timeout name it
};

// GetAgentProfile: the profile the plugin holds, or PROFILE_FAILED saying why there is none
// (`failure`: the last read's problem, its code kept; nullopt before any read ended).
SessionDecision answer_profile_request(std::string_view request_text,
                                       const std::optional<client::AgentProfile>& profile,
                                       const std::optional<workspace::Problem>& failure);

// StationLogin {teamId, loginOption, dialNumber}: the team must be the profile's, the option one of
// the three, a phone's number given, and an AGENT_DN number one the profile's dial plans accept.
SessionDecision decide_station_login(std::string_view request_text, bool connected,
                                     const std::optional<client::AgentProfile>& profile);

// StationLogout {reason?}: one of the SDK's three reasons (default "User requested logout");
// refused while the plugin follows a call (Webex refuses it during one too).
SessionDecision decide_station_logout(std::string_view request_text, bool connected, std::size_t open_calls);

// MakeCall's data: the customer's number as a string, or {toAddress, ani?} (the Cisco sibling's
// object form) choosing the caller id among the profile's outdial ANIs. `problem` (with its code)
// says why it cannot be dialled as asked; an unknown ANI is refused, never sent.
struct DialTarget {
    std::string to_address;
    std::string ani;  // empty: the configured outdialAni, else the profile's (outdial_origin)
    std::string problem_code, problem;
};
DialTarget read_dial_target(const nlohmann::json& data, const std::optional<client::AgentProfile>& profile);

// Where an outdial comes from: the configured entryPointId, else the profile's outdial entry point;
// the ANI asked (data.ani), else the configured outdialAni, else the profile's first outdial ANI
// (its entries name no default). A problem (PROFILE_UNAVAILABLE before the profile is read,
// OUTDIAL_NOT_CONFIGURED when it has none) when neither the configuration nor the profile says.
struct OutdialOrigin {
    std::string entry_point_id, ani;
    std::string problem_code, problem;
};
OutdialOrigin outdial_origin(std::string_view configured_entry_point, std::string_view configured_ani,
                             std::string_view asked_ani, const std::optional<client::AgentProfile>& profile);

// Webex refused a sent session request (HTTP, transport, or its ...Failed notification).
Outgoing session_refused(std::string_view subtopic, std::string_view request_id, std::string_view code,
                         std::string_view message);

// Webexcc / Agent / <subtopic>: {source "event", requestId?, profile {...}}.
std::string agent_profile_message(const client::AgentProfile& profile, std::string_view request_id);

}  // namespace webexcc::outbound
