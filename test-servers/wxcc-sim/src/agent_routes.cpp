// wxcc-sim's agent endpoints: the configuration GETs of the SDK's register() (services/config),
// station login and logout, and the reload the SDK makes after register() (services/agent/index.ts,
// cc.ts stationLogin ~811-930, silentRelogin ~1264-1340).

#include "sim_server.hpp"

namespace wxcc_sim {

Response Simulator::Impl::configuration(const Request& request, const std::string& path, const std::string& query) {
    const std::string prefix = "/organization/";
    auto rest = path.substr(prefix.size());
    auto slash = rest.find('/');
    auto org = rest.substr(0, slash);
    auto resource = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    if (org != agent.org_id)  // the SDK reads the org id from the token's shape (<a>_<b>_<orgId>)
        return error(request, http::status::forbidden, "FORBIDDEN", "no access to organization " + org, 403);
    auto body = configuration_body(agent, profile, resource, query);
    if (!body) return error(request, http::status::not_found, "NOT_FOUND", "no such resource " + path, 404);
    return reply(request, http::status::ok, *body);
}

Response Simulator::Impl::reload(const Request& request) {
    if (!agent.logged_in) {  // the SDK takes AGENT_NOT_FOUND as "in no station" (cc.ts ~1327-1340)
        send_frame(agent_failure_frame({agent, now_ms(), ++sequence}, "AgentReloginFailed", "AgentReloginFailed",
                                       "AGENT_NOT_FOUND"));
        return reply(request, http::status::accepted, json::object());
    }
    std::vector<std::string> ids;
    for (const auto& [id, call] : calls) ids.push_back(id);
    send_frame(relogin_frame({agent, now_ms(), ++sequence}, ids));
    for (const auto& [id, call] : calls) send_frame(routing_frame({agent, now_ms(), ++sequence}, call, "AgentContact"));
    return reply(request, http::status::accepted, json::object());
}

// The body the SDK sends (cc.ts ~834-848): dialNumber, teamId, deviceType, isExtension, deviceId,
// roles, teamName, siteId, usesOtherDN, auxCodeId. A malformed one is refused at once (400); a
// refusal Webex decides later comes as StationLogin / AgentStationLoginFailed.
Response Simulator::Impl::station_login(const Request& request, const json& body) {
    auto device_type = text_of(body, "deviceType");
    auto team = team_name(text_of(body, "teamId"));
    if (device_type != "AGENT_DN" && device_type != "EXTENSION" && device_type != "BROWSER")
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "deviceType must be AGENT_DN, EXTENSION or BROWSER", 400);
    if (!team)
        return error(request, http::status::bad_request, "BAD_REQUEST", "teamId is not one of the agent's teams", 400);
    if (text_of(body, "dialNumber").empty())
        return error(request, http::status::bad_request, "BAD_REQUEST", "dialNumber is required", 400);
    if (!station_login_failure.empty()) {
        send_frame(agent_failure_frame({agent, now_ms(), ++sequence}, "StationLogin", "AgentStationLoginFailed",
                                       std::exchange(station_login_failure, std::string())));
        return reply(request, http::status::accepted, json::object());
    }
    agent.logged_in = true;
    agent.team_id = text_of(body, "teamId");
    agent.team_name = *team;
    agent.device_type = device_type;
    agent.dial_number = text_of(body, "dialNumber");
    agent.device_id = text_of(body, "deviceId").empty() ? agent.dial_number : text_of(body, "deviceId");
    agent.state = "Idle";
    agent.aux_code_id = default_idle_code_id;
    agent.last_state_change_reason.clear();
    agent.last_state_change_ms = now_ms();
    std::vector<std::string> ids;
    for (const auto& [id, call] : calls) ids.push_back(id);
    send_frame(station_login_frame({agent, now_ms(), ++sequence}, ids));
    return reply(request, http::status::accepted, json::object());
}

bool Simulator::Impl::agent_on_a_call() const {
    for (const auto& [id, call] : calls)
        if (call.owner.empty() || call.agent_joined) return true;
    return false;
}

// `{logoutReason}` (agent/types.ts Logout). Refused while the agent has a call, as Webex does.
Response Simulator::Impl::station_logout(const Request& request, const json& body) {
    auto reason = body.value("logoutReason", std::string("User requested logout"));
    std::string failure = !agent.logged_in ? "AGENT_NOT_FOUND" : agent_on_a_call() ? "AGENT_HAS_ACTIVE_CONTACTS" : "";
    if (!failure.empty()) {
        send_frame(agent_failure_frame({agent, now_ms(), ++sequence}, "Logout", "AgentLogoutFailed", failure));
        return reply(request, http::status::accepted, json::object());
    }
    agent.logged_in = false;
    agent.state = "Idle";
    agent.last_state_change_reason = reason;
    agent.last_state_change_ms = now_ms();
    send_frame(logout_frame({agent, now_ms(), ++sequence}, agent.name));
    return reply(request, http::status::accepted, json::object());
}

}  // namespace wxcc_sim
