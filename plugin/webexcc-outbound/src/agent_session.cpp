#include "agent_session.hpp"

#include "call_control.hpp"

#include "workspace/json/strict_json.hpp"

#include <algorithm>
#include <array>

namespace webexcc::outbound {

namespace {

using nlohmann::json;

std::string error_type_of(std::string_view subtopic) {
    if (subtopic == get_profile_subtopic) return std::string(profile_failed);
    if (subtopic == station_login_subtopic) return std::string(station_login_failed);
    return std::string(station_logout_failed);
}

std::string on_own_key(std::string_view subtopic, json message) {
    return workspace::to_text(
        {{"channel", channel}, {"topic", agent_topic}, {"subtopic", subtopic}, {"message", std::move(message)}});
}

json named_list(const std::vector<client::NamedItem>& items) {
    json list = json::array();
    for (const auto& item : items) list.push_back({{"id", item.id}, {"name", item.name}});
    return list;
}

json profile_json(const client::AgentProfile& p) {
    json anis = json::array(), plans = json::array();
    for (const auto& ani : p.outdial_anis) anis.push_back({{"number", ani.number}, {"name", ani.name}});
    for (const auto& plan : p.dial_plans)
        plans.push_back({{"name", plan.name},
                         {"regex", plan.regex},
                         {"prefix", plan.prefix},
                         {"strippedChars", plan.stripped_chars}});
    const auto& f = p.features;
    return {{"agentId", p.agent_id},
            {"agentName", p.agent_name},
            {"loginOptions", p.login_options},
            {"teams", named_list(p.teams)},
            {"idleCodes", named_list(p.idle_codes)},
            {"wrapUpCodes", named_list(p.wrap_up_codes)},
            {"defaultWrapUpCode", p.default_wrap_up_code
                                      ? json{{"id", p.default_wrap_up_code->id}, {"name", p.default_wrap_up_code->name}}
                                      : json()},
            {"outdialEntryPointId", p.outdial_entry_point_id},
            {"outdialAnis", std::move(anis)},
            {"dialPlans", std::move(plans)},
            {"autoWrapUp",
             {{"enabled", p.auto_wrap_up.enabled},
              {"afterSeconds", p.auto_wrap_up.after_seconds},
              {"cancellable", p.auto_wrap_up.cancellable}}},
            {"features",
             {{"outbound", f.outbound},
              {"adhocDialing", f.adhoc_dialing},
              {"agentAvailableAfterOutdial", f.agent_available_after_outdial},
              {"endCall", f.end_call},
              {"endConsult", f.end_consult},
              {"consultToQueue", f.consult_to_queue},
              {"campaignManagement", f.campaign_management},
              {"webRtc", f.web_rtc},
              {"lastAgentRouting", f.last_agent_routing}}}};
}

// The refusal of a request, as its one answer.
SessionDecision refused(SessionDecision decision, std::string_view subtopic, std::string_view code,
                        std::string message) {
    decision.messages.push_back(session_refused(subtopic, decision.request_id, code, message));
    decision.why_refused = std::move(message);
    decision.request.reset();
    return decision;
}

// The SDK's logout reasons (services/agent/types.ts ~257-263).
constexpr std::array<std::string_view, 3> logout_reasons{"User requested logout", "Inactivity Logout",
                                                         "User requested agent profile update"};

}  // namespace

Outgoing session_refused(std::string_view subtopic, std::string_view request_id, std::string_view code,
                         std::string_view message) {
    json body = {{"source", "error"},
                 {"error", {{"type", error_type_of(subtopic)}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return {std::string(agent_topic), std::string(subtopic), on_own_key(subtopic, std::move(body))};
}

std::string agent_profile_message(const client::AgentProfile& profile, std::string_view request_id) {
    json body = {{"source", "event"}, {"event", "AgentProfile"}, {"profile", profile_json(profile)}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return on_own_key(get_profile_subtopic, std::move(body));
}

DialTarget read_dial_target(const json& data, const std::optional<client::AgentProfile>& profile) {
    if (data.is_string()) return {data.get<std::string>(), {}, {}, {}};
    if (!data.is_object()) return {{}, {}, "INVALID_REQUEST", "\"data\" must be the customer's number as a string"};
    auto to = text_member(data, "toAddress");
    auto ani = text_member(data, "ani");
    if (!to || to->empty()) return {{}, {}, "INVALID_REQUEST", "\"data.toAddress\" must be the customer's number"};
    if (!ani) return {{}, {}, "INVALID_REQUEST", "\"data.ani\" must be an outdial ANI's number as a string"};
    if (ani->empty() || (profile && profile->outdial_ani(*ani))) return {*to, *ani, {}, {}};
    if (!profile) return {{}, {}, "PROFILE_UNAVAILABLE", "the agent's outdial ANIs are not known yet"};
    return {{}, {}, "INVALID_ANI", "\"data.ani\" is not one of the outdial ANIs of the agent's profile"};
}

OutdialOrigin outdial_origin(std::string_view configured_entry_point, std::string_view configured_ani,
                             std::string_view asked_ani, const std::optional<client::AgentProfile>& profile) {
    OutdialOrigin origin{
        std::string(configured_entry_point), std::string(asked_ani.empty() ? configured_ani : asked_ani), {}, {}};
    if (profile && origin.entry_point_id.empty()) origin.entry_point_id = profile->outdial_entry_point_id;
    if (profile && origin.ani.empty() && !profile->outdial_anis.empty()) origin.ani = profile->outdial_anis[0].number;
    if (!origin.entry_point_id.empty() && !origin.ani.empty()) return origin;
    std::string missing = origin.entry_point_id.empty() ? "outdial entry point" : "outdial ANI (caller ID)";
    if (!profile) {
        origin.problem_code = "PROFILE_UNAVAILABLE";
        origin.problem = "the " + missing +
                         " comes from the agent's profile, not read from Webex Contact Center yet (or set it in the "
                         "plugin's configuration: entryPointId, outdialAni)";
    } else {
        origin.problem_code = "OUTDIAL_NOT_CONFIGURED";
        origin.problem = "the agent's profile has no " + missing + " and the plugin's configuration sets none";
    }
    return origin;
}

SessionDecision answer_profile_request(std::string_view request_text,
                                       const std::optional<client::AgentProfile>& profile,
                                       const std::optional<workspace::Problem>& failure) {
    auto fields = read_request_fields(request_text, "{}");
    SessionDecision decision;
    decision.request_id = fields.request_id;
    if (!fields.problem.empty()) return refused(decision, get_profile_subtopic, "INVALID_REQUEST", fields.problem);
    if (!profile && failure)
        return refused(decision, get_profile_subtopic, failure->code,
                       "the agent's profile could not be read: " + failure->message);
    if (!profile)
        return refused(decision, get_profile_subtopic, "PROFILE_UNAVAILABLE",
                       "the agent's profile has not been read from Webex Contact Center yet");
    decision.messages.push_back({std::string(agent_topic), std::string(get_profile_subtopic),
                                 agent_profile_message(*profile, fields.request_id)});
    return decision;
}

SessionDecision decide_station_login(std::string_view request_text, bool connected,
                                     const std::optional<client::AgentProfile>& profile) {
    auto fields =
        read_request_fields(request_text, R"({"teamId": "...", "loginOption": "AGENT_DN", "dialNumber": "..."})");
    SessionDecision decision;
    decision.request_id = fields.request_id;
    auto refuse = [&](std::string_view code, std::string message) {
        return refused(decision, station_login_subtopic, code, std::move(message));
    };
    if (!fields.problem.empty()) return refuse("INVALID_REQUEST", fields.problem);
    auto& login = decision.login;
    for (auto [name, field] : {std::pair{"teamId", &login.team_id}, std::pair{"loginOption", &login.login_option},
                               std::pair{"dialNumber", &login.dial_number}}) {
        auto value = fields.data.is_object() ? text_member(fields.data, name) : std::optional<std::string>("");
        if (!value) return refuse("INVALID_REQUEST", "\"data." + std::string(name) + "\" must be a string");
        *field = *value;
    }
    std::transform(login.login_option.begin(), login.login_option.end(), login.login_option.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (login.login_option != "EXTENSION" && login.login_option != "AGENT_DN" && login.login_option != "BROWSER")
        return refuse("INVALID_LOGIN_OPTION", "\"data.loginOption\" must be EXTENSION, AGENT_DN or BROWSER");
    if (!connected) return refuse("NOT_CONNECTED", "not connected to Webex Contact Center");
    if (!profile) return refuse("PROFILE_UNAVAILABLE", "the agent's profile (its teams) is not known yet");
    if (!profile->team(login.team_id)) return refuse("UNKNOWN_TEAM", "the team is not one of the agent's profile");
    if (login.login_option != "BROWSER" && login.dial_number.empty())
        return refuse("DIAL_NUMBER_REQUIRED", "an " + login.login_option + " login needs data.dialNumber");
    if (login.login_option == "AGENT_DN" && !client::dial_number_allowed(profile->dial_plans, login.dial_number))
        return refuse("INVALID_DIAL_NUMBER", "the dial number is not one the profile's dial plans allow");
    login.agent_id = profile->agent_id;
    decision.request = client::station_login(login);
    return decision;
}

SessionDecision decide_station_logout(std::string_view request_text, bool connected, std::size_t open_calls) {
    auto fields = read_request_fields(request_text, R"({"reason": "User requested logout"})");
    SessionDecision decision;
    decision.request_id = fields.request_id;
    auto refuse = [&](std::string_view code, std::string message) {
        return refused(decision, station_logout_subtopic, code, std::move(message));
    };
    if (!fields.problem.empty()) return refuse("INVALID_REQUEST", fields.problem);
    auto reason = fields.data.is_object() ? text_member(fields.data, "reason") : std::optional<std::string>("");
    if (!reason) return refuse("INVALID_REQUEST", "\"data.reason\" must be a string");
    if (reason->empty()) *reason = logout_reasons[0];
    if (std::find(logout_reasons.begin(), logout_reasons.end(), *reason) == logout_reasons.end())
        return refuse("INVALID_REASON",
                      "\"data.reason\" must be one of \"User requested logout\", \"Inactivity "
                      "Logout\", \"User requested agent profile update\"");
    if (!connected) return refuse("NOT_CONNECTED", "not connected to Webex Contact Center");
    if (open_calls > 0) return refuse("CALL_IN_PROGRESS", "the agent cannot leave the station during a call");
    decision.request = client::station_logout(*reason);
    return decision;
}

}  // namespace webexcc::outbound
