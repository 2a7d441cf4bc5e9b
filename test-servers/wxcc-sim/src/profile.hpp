#pragma once
// The agent's configuration as Webex CC serves it: the GETs under /organization/{orgId}/ that the
// official SDK's register() makes (services/config/index.ts getAgentConfig, constants.ts endPointMap)
// and the lists behind consult and transfer pickers (services/Queue.ts, EntryPoint.ts,
// AddressBook.ts). Pure: bodies are built from the agent and the profile settings tests change.

#include "sim_model.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace wxcc_sim {

// What a test may change in the agent's desktop profile (the `profile` control command).
struct ProfileSettings {
    bool auto_wrap_up = false;              // agent-profile autoWrapUp: the client wraps up by itself
    int auto_wrap_after_seconds = 15;       // agent-profile autoWrapAfterSeconds
    bool allow_cancel_auto_wrap_up = true;  // agent-profile allowAutoWrapUpExtension
    bool dial_plan_enabled = true;          // false: no dial plan (and no adhoc dialing)
    bool outdial_enabled = true;            // agent-profile outdialEnabled
};

// The body of GET /organization/{orgId}/<resource>?<query>; nullopt when there is no such resource.
// `resource` is what follows the org id ("" for the organization itself, "agent-profile/{id}", ...).
std::optional<nlohmann::json> configuration_body(const Agent& agent, const ProfileSettings& settings,
                                                 std::string_view resource, std::string_view query);

// The name of one of the agent's teams; nullopt when `team_id` is not one of them.
std::optional<std::string> team_name(std::string_view team_id);

// The idle code an agent is in right after a station login (the organisation's default one).
inline constexpr const char* default_idle_code_id = "2f3b7a40-1c1d-4e8e-9a6b-0d1e2f3a4b11";

// Applies a `profile` control command's fields ({autoWrapUp, autoWrapAfterSeconds,
// allowCancelAutoWrapUp, dialPlan, outdialEnabled}); throws on wrong types.
void apply_profile_command(ProfileSettings& settings, const nlohmann::json& command);

}  // namespace wxcc_sim
