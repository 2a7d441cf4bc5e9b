#pragma once
// The agent's profile as the JS SDK's register() assembles it (services/config/index.ts
// getAgentConfig, Util.ts parseAgentConfigs): the agent, its desktop profile, teams, idle and
// wrap-up codes, dial plans, tenant and organisation settings, and the outdial ANI entries, read
// with the configuration GETs under organization/{orgId}/. Each answer is read strictly: a field of
// the wrong type, a missing id or an answer that is not JSON is a Problem (INVALID_PROFILE), never a
// crash nor a silent default.
//
// The reading is pure (one function per answer, tested on fixtures); read_agent_profile() chains
// the GETs on a RestClient.

#include "webexcc/client/requests.hpp"
#include "workspace/problem.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::client {

class RestClient;

struct NamedItem {
    std::string id;
    std::string name;
    bool operator==(const NamedItem&) const = default;
};

struct OutdialAni {
    std::string number;
    std::string name;
    bool operator==(const OutdialAni&) const = default;
};

// A dial plan of the agent's desktop profile (Util.ts getFilteredDialplanEntries).
struct DialPlan {
    std::string name;
    std::string regex;  // ECMAScript, as the SDK's RegExp reads it
    std::string prefix;
    std::string stripped_chars;
    bool operator==(const DialPlan&) const = default;
};

// wrapUpProps (config/types.ts ~849-865): the client's own timer, Webex does not wrap up by itself.
struct AutoWrapUp {
    bool enabled = false;            // autoWrapUp
    std::int64_t after_seconds = 0;  // autoWrapAfterSeconds: seconds, as documented
    bool cancellable = false;        // allowAutoWrapUpExtension
    bool operator==(const AutoWrapUp&) const = default;
};

// The flags a CRM needs to show or hide its buttons.
struct ProfileFeatures {
    bool outbound = false;  // outdial enabled for the tenant and for the agent
    bool adhoc_dialing = false;
    bool agent_available_after_outdial = false;
    bool end_call = false;
    bool end_consult = false;
    bool consult_to_queue = false;
    bool campaign_management = false;
    bool web_rtc = false;
    bool last_agent_routing = false;
    bool operator==(const ProfileFeatures&) const = default;
};

struct AgentProfile {
    std::string org_id;
    std::string agent_id;  // ciUserId
    std::string agent_name;
    std::string site_id;
    std::string default_dn;                  // defaultDialledNumber
    std::string agent_profile_id;            // the desktop profile's id (the user's agentProfileId)
    std::string address_book_id;             // the desktop profile's addressBookId; empty when none
    std::vector<std::string> login_options;  // loginVoiceOptions: "AGENT_DN", "EXTENSION", "BROWSER"
    std::vector<NamedItem> teams;
    std::vector<NamedItem> idle_codes;     // active IDLE_CODEs the profile allows (no "Available")
    std::vector<NamedItem> wrap_up_codes;  // active WRAP_UP_CODEs the profile allows
    std::optional<NamedItem> default_wrap_up_code;
    std::string outdial_entry_point_id;
    std::vector<OutdialAni> outdial_anis;
    std::vector<DialPlan> dial_plans;
    AutoWrapUp auto_wrap_up;
    ProfileFeatures features;

    const NamedItem* team(std::string_view id) const;
    const NamedItem* idle_code(std::string_view id) const;
    const NamedItem* wrap_up_code(std::string_view id) const;
    const OutdialAni* outdial_ani(std::string_view number) const;
    bool operator==(const AgentProfile&) const = default;
};

// Whether an AGENT_DN dial number is one the profile's dial plans accept (core/Utils.ts
// isValidDialNumber): any plan's regex found in it, or the SDK's US/Canada pattern when the
// profile has no plan. A plan whose regex does not compile, uses a back-reference or is longer
// than 1000 characters accepts nothing; the search takes polynomial time whatever the plan.
bool dial_number_allowed(const std::vector<DialPlan>& plans, std::string_view dial_number);

// The organisation id in an access token shaped <a>_<b>_<orgId> (webex-core
// extractOrgIdFromUserToken); INVALID_TOKEN otherwise. Never quotes the token.
workspace::Result<std::string> org_id_of_token(std::string_view token);

// ---- the answers, read one by one (pure) ----------------------------------------------------

// user/by-ci-user-id: who the agent is and where its desktop profile is.
struct AgentUser {
    std::string ci_user_id, first_name, last_name, agent_profile_id, site_id, default_dn;
    std::vector<std::string> team_ids;
};
workspace::Result<AgentUser> read_agent_user(std::string_view body);

// agent-profile/{id}: the desktop profile.
struct DesktopProfile {
    std::vector<std::string> login_options;
    bool all_idle_codes = false, all_wrap_up_codes = false;  // accessIdleCode / accessWrapUpCode "ALL"
    std::vector<std::string> idle_code_ids, wrap_up_code_ids, dial_plan_ids;
    bool dial_plan_enabled = false, outdial_enabled = false, agent_available_after_outdial = false;
    bool consult_to_queue = false, last_agent_routing = false;
    std::string outdial_entry_point_id, outdial_ani_id;
    std::string address_book_id;  // addressBookId (Util.ts ~244): the picker's address book
    AutoWrapUp auto_wrap_up;
};
workspace::Result<DesktopProfile> read_desktop_profile(std::string_view body);

// A page of v2/team or v2/auxiliary-code: its items' raw objects are read by the next functions.
struct AuxCode {
    NamedItem code;
    std::string work_type;  // "IDLE_CODE" or "WRAP_UP_CODE"
    bool active = false, is_default = false;
};
struct TeamsPage {
    std::vector<NamedItem> teams;
    int total_pages = 1;
};
struct AuxCodesPage {
    std::vector<AuxCode> codes;
    int total_pages = 1;
};
workspace::Result<TeamsPage> read_teams_page(std::string_view body);
workspace::Result<AuxCodesPage> read_aux_codes_page(std::string_view body);

// dial-plan: every dial plan of the organisation, with its id (the desktop profile names ids).
struct OrgDialPlan {
    std::string id;
    DialPlan plan;
};
workspace::Result<std::vector<OrgDialPlan>> read_dial_plans(std::string_view body);

// v2/tenant-configuration and v2/organization-setting ({data: [settings]}).
struct TenantSettings {
    bool outdial_enabled = false, end_call_enabled = false, end_consult_enabled = false;
};
struct OrgSettings {
    bool campaign_manager_enabled = false, web_rtc_enabled = false;
};
workspace::Result<TenantSettings> read_tenant_settings(std::string_view body);
workspace::Result<OrgSettings> read_org_settings(std::string_view body);

// v2/outdial-ani/{id}/entry ({data: [{id, name, number}]}).
workspace::Result<std::vector<OutdialAni>> read_outdial_ani_entries(std::string_view body);

// Everything read, put together as parseAgentConfigs does.
struct ProfileAnswers {
    std::string org_id;
    AgentUser user;
    DesktopProfile desktop;
    std::vector<NamedItem> teams;
    std::vector<AuxCode> aux_codes;
    std::vector<OrgDialPlan> dial_plans;
    TenantSettings tenant;
    OrgSettings org;
    std::vector<OutdialAni> outdial_anis;
};
AgentProfile assemble_profile(const ProfileAnswers& answers);

// ---- the GETs ---------------------------------------------------------------------------------

// Reads the profile of `agent_id` (the Welcome's agentId) in organisation `org_id` with the GETs
// above, one after the other; `done` gets the profile or the first problem, once, on the client's
// executor (never if the client is destroyed first).
void read_agent_profile(RestClient& rest, std::string org_id, std::string agent_id,
                        std::function<void(workspace::Result<AgentProfile>)> done);

}  // namespace webexcc::client
