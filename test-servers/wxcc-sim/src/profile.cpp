// The agent's configuration bodies, shaped as the official SDK 3.12.0 parses them
// (services/config/types.ts AgentResponse, DesktopProfileResponse, ListTeamsResponse,
// ListAuxCodesResponse, OrgSettings, TenantData, DialPlanEntity, SiteInfo; config/Util.ts
// parseAgentConfigs; types.ts PaginatedResponse for queues, entry points and the address book).

#include "profile.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

namespace wxcc_sim {

using nlohmann::json;

namespace {

constexpr const char* desktop_profile_id = "5b0e1bd1-2d6c-4b66-9c8f-5f0e0c2c1a01";
constexpr const char* multimedia_profile_id = "7c3d8a10-55e1-4f0b-a2f7-0b7d5d9c2e02";
constexpr const char* skill_profile_id = "8d4e9b21-66f2-4a1c-b308-1c8e6eac3f03";
constexpr const char* outdial_entry_point_id = "sim-outdial-entry-point";
constexpr const char* outdial_ani_id = "f1a2b3c4-0d9e-4f8a-b7c6-d5e4f3a2b104";
constexpr const char* address_book_id = "a9b8c7d6-1e2f-4a3b-8c4d-5e6f7a8b9c05";
// The agent's two teams; the first is the station's at start (Agent::team_id).
constexpr const char* first_team_id = "56cf5b28-56b0-4905-9d49-6893257100b1";
constexpr const char* second_team_id = "56cf5b28-56b0-4905-9d49-6893257100b2";

json page(json data) {
    auto count = data.size();
    return {{"data", std::move(data)},
            {"meta", {{"page", 0}, {"pageSize", 100}, {"totalPages", 1}, {"totalRecords", count}}}};
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// One query parameter as URLSearchParams writes it ('+' a space, %XX a byte); "" when absent.
std::string query_param(std::string_view query, std::string_view name) {
    for (std::size_t at = 0; at <= query.size();) {
        auto end = std::min(query.find('&', at), query.size());
        auto pair = query.substr(at, end - at);
        at = end + 1;
        auto equals = pair.find('=');
        if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
        std::string value;
        for (std::size_t i = equals + 1; i < pair.size(); ++i) {
            if (pair[i] == '%' && i + 2 < pair.size() && std::isxdigit(static_cast<unsigned char>(pair[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(pair[i + 2]))) {
                value += static_cast<char>(std::stoi(std::string(pair.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                value += pair[i] == '+' ? ' ' : pair[i];
            }
        }
        return value;
    }
    return {};
}

int number_param(std::string_view query, std::string_view name, int fallback) {
    auto text = query_param(query, name);
    int value = fallback;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && value >= 0 ? value : fallback;
}

// The queues, entry points and address book as Queue.ts, EntryPoint.ts and AddressBook.ts ask for
// them: `search` (a keyword, matched here in `keys` case-insensitively), `page` from 0 and `pageSize`
// (PageCache.ts PAGINATION_DEFAULTS ~64-69: 0 and 100), answered as a PaginatedResponse.
json picker_page(const json& all, std::string_view query, std::initializer_list<const char*> keys) {
    auto search = lower(query_param(query, "search"));
    json found = json::array();
    for (const auto& entry : all)
        for (const char* key : keys)
            if (lower(entry.value(key, std::string())).find(search) != std::string::npos) {
                found.push_back(entry);
                break;
            }
    auto size = std::max(1, number_param(query, "pageSize", 100));
    auto number = number_param(query, "page", 0);
    auto total = static_cast<int>(found.size());
    json data = json::array();
    for (int i = number * size; i < total && i < (number + 1) * size; ++i) data.push_back(found[i]);
    return {
        {"data", std::move(data)},
        {"meta",
         {{"page", number}, {"pageSize", size}, {"totalPages", (total + size - 1) / size}, {"totalRecords", total}}}};
}

json user(const Agent& agent) {
    return {{"id", "0c5e4fd0-6a2b-4c47-9e51-3a7a1b2c3d06"},
            {"ciUserId", agent.id},
            {"firstName", "wxcc-sim"},
            {"lastName", "agent"},
            {"email", "agent@wxcc-sim.example"},
            {"agentProfileId", desktop_profile_id},
            {"teamIds", {first_team_id, second_team_id}},
            {"multimediaProfileId", multimedia_profile_id},
            {"skillProfileId", skill_profile_id},
            {"siteId", agent.site_id},
            {"dbId", "sim-agent-db-id"},
            {"defaultDialledNumber", "14085550199"}};
}

// The codes of the organisation; the desktop profile grants all idle codes and some wrap-up codes.
json aux_codes() {
    auto code = [](const char* id, const char* name, const char* type, bool is_default, bool active = true) {
        return json{{"id", id},         {"name", name},          {"workTypeCode", type}, {"defaultCode", is_default},
                    {"active", active}, {"isSystemCode", false}, {"description", name}};
    };
    return json::array({code(default_idle_code_id, "Break", "IDLE_CODE", true),
                        code("2f3b7a40-1c1d-4e8e-9a6b-0d1e2f3a4b12", "Lunch", "IDLE_CODE", false),
                        code("2f3b7a40-1c1d-4e8e-9a6b-0d1e2f3a4b13", "Meeting", "IDLE_CODE", false),
                        code("2f3b7a40-1c1d-4e8e-9a6b-0d1e2f3a4b14", "Retired", "IDLE_CODE", false, false),
                        code("9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c21", "Sale", "WRAP_UP_CODE", true),
                        code("9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c22", "No sale", "WRAP_UP_CODE", false),
                        code("9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c23", "Callback requested", "WRAP_UP_CODE", false),
                        code("9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c24", "Other team's code", "WRAP_UP_CODE", false)});
}

json desktop_profile(const ProfileSettings& settings) {
    return {{"id", desktop_profile_id},
            {"name", "wxcc-sim agent profile"},
            {"loginVoiceOptions", {"AGENT_DN", "EXTENSION", "BROWSER"}},
            {"accessIdleCode", "ALL"},
            {"idleCodes", json::array()},
            {"accessWrapUpCode", "SPECIFIC"},
            {"wrapUpCodes",
             {"9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c21", "9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c22",
              "9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c23"}},
            {"dialPlanEnabled", settings.dial_plan_enabled},
            {"dialPlans", {"d1a1b1c1-0000-4000-8000-000000000031", "d1a1b1c1-0000-4000-8000-000000000032"}},
            {"lastAgentRouting", false},
            {"autoWrapUp", settings.auto_wrap_up},
            {"autoWrapAfterSeconds", settings.auto_wrap_after_seconds},
            {"allowAutoWrapUpExtension", settings.allow_cancel_auto_wrap_up},
            {"autoAnswer", false},
            {"agentAvailableAfterOutdial", false},
            {"outdialEnabled", settings.outdial_enabled},
            {"outdialEntryPointId", outdial_entry_point_id},
            {"outdialANIId", outdial_ani_id},
            {"consultToQueue", true},
            {"addressBookId", address_book_id},
            {"viewableStatistics",
             {{"id", "sim-stats"},
              {"agentStats", true},
              {"accessQueueStats", "ALL"},
              {"contactServiceQueues", json::array()},
              {"loggedInTeamStats", true},
              {"accessTeamStats", "ALL"},
              {"teams", json::array()}}},
            {"agentDNValidation", "PROVISIONED_VALUE"},
            {"timeoutDesktopInactivityCustomEnabled", false},
            {"timeoutDesktopInactivityMins", 0},
            {"showUserDetailsMS", false},
            {"stateSynchronizationMS", false},
            {"showUserDetailsWebex", false},
            {"stateSynchronizationWebex", false}};
}

json teams(const Agent& agent, std::string_view query) {
    auto team = [&](const std::string& id, const std::string& name) {
        return json{{"id", id},
                    {"name", name},
                    {"teamType", "AGENT_BASED"},
                    {"teamStatus", "IN_SERVICE"},
                    {"active", true},
                    {"siteId", agent.site_id},
                    {"siteName", "Site1"},
                    {"multiMediaProfileId", multimedia_profile_id},
                    {"userIds", {agent.id}},
                    {"rankQueuesForTeam", false},
                    {"queueRankings", json::array()},
                    {"desktopLayoutId", "sim-layout"}};
    };
    json all = {team(first_team_id, *team_name(first_team_id)), team(second_team_id, *team_name(second_team_id))};
    auto filter = query.find("filter=id=in=(");  // the SDK asks for the user's teams by id
    if (filter == std::string_view::npos) return page(all);
    auto ids = query.substr(filter);
    json chosen = json::array();
    for (const auto& entry : all)
        if (ids.find(entry["id"].get<std::string>()) != std::string_view::npos) chosen.push_back(entry);
    return page(chosen);
}

json dial_plans() {
    auto plan = [](const char* id, const char* name, const char* expression) {
        return json{
            {"id", id}, {"name", name}, {"regularExpression", expression}, {"prefix", ""}, {"strippedChars", ""}};
    };
    return json::array(
        {plan("d1a1b1c1-0000-4000-8000-000000000031", "US", "1[0-9]{3}[2-9][0-9]{6}([,]{1,10}[0-9]+){0,1}"),
         plan("d1a1b1c1-0000-4000-8000-000000000032", "International", "\\+[1-9][0-9]{7,14}"),
         plan("d1a1b1c1-0000-4000-8000-000000000033", "Any format", "([0-9a-zA-Z]+[-._])*[0-9a-zA-Z]+")});
}

// Outdial ANIs, queues, entry points and address book entries: {id, name, number/...}.
json outdial_ani_entries() {
    auto entry = [](const char* id, const char* name, const char* number) {
        return json{{"id", id},         {"name", name},        {"number", number}, {"links", json::array()},
                    {"createdTime", 0}, {"lastUpdatedTime", 0}};
    };
    return json::array({entry("e1b2c3d4-0000-4000-8000-000000000041", "Main line", "+18005550100"),
                        entry("e1b2c3d4-0000-4000-8000-000000000042", "Sales line", "+18005550111")});
}

json queues(std::string_view query) {
    auto queue = [](const char* id, const char* name) {
        return json{{"id", id},
                    {"name", name},
                    {"queueType", "INBOUND"},
                    {"channelType", "TELEPHONY"},
                    {"active", true},
                    {"routingType", "LONGEST_AVAILABLE_AGENT"},
                    {"queueRoutingType", "TEAM_BASED"},
                    {"callDistributionGroups",
                     {{{"agentGroups", {{{"teamId", first_team_id}}}}, {"order", 1}, {"duration", 0}}}}};
    };
    return picker_page(json::array({queue("1cdb8b2e-b83c-4c53-8279-0e3138d43fb8", "Outdial Queue-1"),
                                    queue("1cdb8b2e-b83c-4c53-8279-0e3138d43fb9", "Support")}),
                       query, {"name"});
}

json entry_points(const Agent& agent, std::string_view query) {
    auto entry_point = [&](const char* id, const char* name, const char* type) {
        return json{{"id", id}, {"name", name}, {"type", type}, {"isActive", true}, {"orgId", agent.org_id}};
    };
    return picker_page(json::array({entry_point(outdial_entry_point_id, "Outdial EP", "OUTBOUND"),
                                    entry_point("b7c8d9e0-0000-4000-8000-000000000051", "Support line", "INBOUND")}),
                       query, {"name"});
}

json address_book(std::string_view query) {
    auto entry = [](const char* id, const char* name, const char* number) {
        return json{{"id", id}, {"name", name}, {"number", number}};
    };
    return picker_page(json::array({entry("c1d2e3f4-0000-4000-8000-000000000061", "Billing desk", "+14155550161"),
                                    entry("c1d2e3f4-0000-4000-8000-000000000062", "Supervisor", "+14155550162")}),
                       query, {"name", "number"});
}

std::optional<json> organization_body(const Agent& agent, std::string_view resource) {
    if (resource.empty())
        return json{{"tenantId", "sim-tenant"}, {"timezone", "America/New_York"}, {"environment", "produs1"}};
    if (resource == "v2/organization-setting")
        return json{
            {"data", {{{"webRtcEnabled", true}, {"maskSensitiveData", false}, {"campaignManagerEnabled", true}}}}};
    if (resource == "v2/tenant-configuration")
        return json{{"data",
                     {{{"timeoutDesktopInactivityMins", 60},
                       {"timeoutDesktopInactivityEnabled", false},
                       {"forceDefaultDn", false},
                       {"dnDefaultRegex", "1[0-9]{3}[2-9][0-9]{6}([,]{1,10}[0-9]+){0,1}"},
                       {"dnOtherRegex", "([0-9a-zA-Z]+[-._])*[0-9a-zA-Z]+"},
                       {"privacyShieldVisible", false},
                       {"outdialEnabled", true},
                       {"endCallEnabled", true},
                       {"endConsultEnabled", true},
                       {"callVariablesSuppressed", false},
                       {"lostConnectionRecoveryTimeout", 120000}}}}};
    if (resource == "v2/org-url-mapping") return page(json::array());
    if (resource == "v2/ai-feature") return page(json::array());
    if (resource == "site/" + agent.site_id)
        return json{{"id", agent.site_id},
                    {"name", "Site1"},
                    {"active", true},
                    {"multimediaProfileId", multimedia_profile_id},
                    {"systemDefault", false}};
    if (resource == std::string("multimedia-profile/") + multimedia_profile_id)
        return json{{"id", multimedia_profile_id},
                    {"organizationId", agent.org_id},
                    {"name", "Voice only"},
                    {"telephony", 1},
                    {"chat", 0},
                    {"email", 0},
                    {"social", 0},
                    {"active", true},
                    {"blendingModeEnabled", false},
                    {"blendingMode", "BLENDED"},
                    {"systemDefault", false}};
    return std::nullopt;
}

}  // namespace

std::optional<json> configuration_body(const Agent& agent, const ProfileSettings& settings, std::string_view resource,
                                       std::string_view query) {
    if (resource == "user/by-ci-user-id/" + agent.id) return user(agent);
    if (resource == std::string("agent-profile/") + desktop_profile_id) return desktop_profile(settings);
    if (resource == "v2/team") return teams(agent, query);
    if (resource == "v2/auxiliary-code") return page(aux_codes());
    if (resource == "dial-plan") return dial_plans();  // a bare array: the SDK reads the body itself
    if (resource == std::string("v2/outdial-ani/") + outdial_ani_id + "/entry") return page(outdial_ani_entries());
    if (resource == "v2/contact-service-queue") return queues(query);
    if (resource == "v2/entry-point") return entry_points(agent, query);
    if (resource == std::string("v2/address-book/") + address_book_id + "/entry") return address_book(query);
    return organization_body(agent, resource);
}

std::optional<std::string> team_name(std::string_view team_id) {
    if (team_id == first_team_id) return "Acqueon_Site1_Team1";
    if (team_id == second_team_id) return "Acqueon_Site1_Team2";
    return std::nullopt;
}

void apply_profile_command(ProfileSettings& settings, const json& command) {
    if (!command.is_object()) throw std::invalid_argument("profile must be an object");
    if (command.contains("autoWrapUp")) settings.auto_wrap_up = command.at("autoWrapUp").get<bool>();
    if (command.contains("autoWrapAfterSeconds"))
        settings.auto_wrap_after_seconds = command.at("autoWrapAfterSeconds").get<int>();
    if (command.contains("allowCancelAutoWrapUp"))
        settings.allow_cancel_auto_wrap_up = command.at("allowCancelAutoWrapUp").get<bool>();
    if (command.contains("dialPlan")) settings.dial_plan_enabled = command.at("dialPlan").get<bool>();
    if (command.contains("outdialEnabled")) settings.outdial_enabled = command.at("outdialEnabled").get<bool>();
}

}  // namespace wxcc_sim
