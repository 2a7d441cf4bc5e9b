#include "webexcc/client/requests.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

namespace webexcc::client {

namespace {

using nlohmann::json;

// An id as one path or query segment: everything but the unreserved characters percent-encoded,
// so an id Webex (or anyone) hands us cannot change the path.
std::string segment(const std::string& id) { return boost::urls::encode(id, boost::urls::unreserved_chars); }

// Task actions change a live call; replaying one could, e.g., end a second call, so none is replayed.
ApiRequest task_action(const std::string& interaction_id, const char* suffix, json body, const char* action) {
    return {Method::post, "/v1/tasks/" + segment(interaction_id) + suffix, body.dump(), Replay::never, action};
}

json destination_body(const TaskDestination& destination) {
    return {{"to", destination.to}, {"destinationType", destination_type_name(destination.type)}};
}

// page and pageSize first, as URLSearchParams orders them; the search percent-encoded (the SDK's
// URLSearchParams writes a space as "+", which a server decodes the same as "%20").
std::string list_query(const ListQuery& query, const char* extra) {
    auto text = "?page=" + std::to_string(query.page) + "&pageSize=" + std::to_string(query.page_size) + extra;
    if (!query.search.empty()) text += "&search=" + segment(query.search);
    return text;
}

// Reading configuration changes nothing: safe to replay.
ApiRequest config_get(const std::string& org_id, const std::string& resource, const char* action) {
    return {Method::get, "/organization/" + segment(org_id) + resource, "", Replay::safe, action};
}

}  // namespace

ApiRequest subscribe_notifications() {
    json body = {
        {"force", true}, {"isKeepAliveEnabled", false}, {"clientType", "WebexCCSDK"}, {"allowMultiLogin", false}};
    return {Method::post, "/v1/notification/subscribe", body.dump(), Replay::safe, "notification subscribe"};
}

ApiRequest reload_agent() { return {Method::post, "/v1/agents/reload", "{}", Replay::safe, "agent reload"}; }

ApiRequest set_agent_state(const std::string& state, const std::string& aux_code_id, const std::string& agent_id) {
    json body = {{"state", state}, {"auxCodeId", aux_code_id}};
    if (!agent_id.empty()) body["agentId"] = agent_id;
    // Setting the same state twice has the same effect: safe to replay.
    return {Method::put, "/v1/agents/session/state", body.dump(), Replay::safe, "agent state change"};
}

ApiRequest start_outdial(const OutdialRequest& outdial) {
    json body = {
        {"entryPointId", outdial.entry_point_id}, {"destination", outdial.destination}, {"direction", "OUTBOUND"},
        {"attributes", json::object()},           {"mediaType", "telephony"},           {"outboundType", "OUTDIAL"}};
    if (!outdial.origin.empty()) body["origin"] = outdial.origin;
    // A replayed outdial can ring the customer twice.
    return {Method::post, "/v1/tasks/", body.dump(), Replay::never, "outdial"};
}

ApiRequest end_task(const std::string& id) { return task_action(id, "/end", json::object(), "end call"); }
ApiRequest hold_task(const std::string& id, const std::string& media) {
    return task_action(id, "/hold", {{"mediaResourceId", media}}, "hold");
}
ApiRequest unhold_task(const std::string& id, const std::string& media) {
    return task_action(id, "/unhold", {{"mediaResourceId", media}}, "unhold");
}
ApiRequest wrapup_task(const std::string& id, const std::string& reason, const std::string& aux_code_id) {
    return task_action(id, "/wrapup", {{"wrapUpReason", reason}, {"auxCodeId", aux_code_id}}, "wrap-up");
}
ApiRequest accept_preview_contact(const std::string& campaign_name, const std::string& reservation_id) {
    // The campaign's name may have spaces or "/": one segment, as encodeURIComponent makes it.
    // A replayed accept could dial the customer twice: never replayed.
    return {Method::post,
            "/v1/dialer/campaign/" + segment(campaign_name) + "/preview-task/" + segment(reservation_id) + "/accept",
            "{}", Replay::never, "preview accept"};
}
ApiRequest pause_recording(const std::string& id) {
    return task_action(id, "/record/pause", json::object(), "pause recording");
}
ApiRequest resume_recording(const std::string& id) {
    return task_action(id, "/record/resume", {{"autoResumed", false}}, "resume recording");
}

const char* destination_type_name(Destination type) {
    switch (type) {
        case Destination::queue: return "queue";
        case Destination::dial_number: return "dialNumber";
        case Destination::entry_point: return "entryPoint";
        case Destination::agent: break;
    }
    return "agent";
}

ApiRequest consult_task(const std::string& id, const TaskDestination& destination) {
    auto body = destination_body(destination);
    body["holdParticipants"] = true;  // the customer waits on hold (task/types.ts ~1027: "always true")
    return task_action(id, "/consult", body, "consult");
}
ApiRequest end_consult(const std::string& id, const std::string& queue_id) {
    // contact.ts ~192-203: the queueId is what makes Webex cancel a consult to a queue (AgentCtqCancelled).
    if (queue_id.empty()) return task_action(id, "/consult/end", json::object(), "end consult");
    return task_action(id, "/consult/end", {{"queueId", queue_id}}, "cancel consult to queue");
}
ApiRequest accept_consult(const std::string& id) {
    return task_action(id, "/consult/accept", json::object(), "accept consult");
}
ApiRequest transfer_task(const std::string& id, const TaskDestination& destination) {
    // task/index.ts ~1351-1362: the same path and body; Webex answers a queue's with AgentVteamTransferred.
    return task_action(id, "/transfer", destination_body(destination),
                       destination.type == Destination::queue ? "transfer to queue" : "blind transfer");
}
ApiRequest consult_transfer(const std::string& id, const TaskDestination& destination) {
    return task_action(id, "/consult/transfer", destination_body(destination), "consult transfer");
}
ApiRequest consult_conference(const std::string& id, const std::string& agent_id, const TaskDestination& destination) {
    auto body = destination_body(destination);
    body["agentId"] = agent_id;  // task/index.ts ~1560-1564: this agent's id, then to and destinationType
    return task_action(id, "/consult/conference", body, "conference");
}
ApiRequest exit_conference(const std::string& id) {
    return task_action(id, "/conference/exit", json::object(), "exit conference");
}
ApiRequest transfer_conference(const std::string& id) {
    return task_action(id, "/conference/transfer", json::object(), "conference transfer");
}

ApiRequest get_buddy_agents(const std::string& agent_profile_id, const std::string& media_type,
                            const std::string& state) {
    json body = {{"agentProfileId", agent_profile_id}, {"mediaType", media_type}};
    if (!state.empty()) body["state"] = state;
    // Asking for a list changes nothing: safe to replay.
    return {Method::post, "/v1/agents/buddyList", body.dump(), Replay::safe, "buddy agents"};
}
ApiRequest get_queues(const std::string& org_id, const ListQuery& query) {
    return config_get(org_id, "/v2/contact-service-queue" + list_query(query, ""), "queues");
}
ApiRequest get_entry_points(const std::string& org_id, const ListQuery& query) {
    // EntryPoint.ts ~93, ~140-144: sortOrder defaults to "asc" and is always sent.
    return config_get(org_id, "/v2/entry-point" + list_query(query, "&sortOrder=asc"), "entry points");
}
ApiRequest get_address_book_entries(const std::string& org_id, const std::string& address_book_id,
                                    const ListQuery& query) {
    return config_get(org_id, "/v2/address-book/" + segment(address_book_id) + "/entry" + list_query(query, ""),
                      "address book");
}

ApiRequest station_login(const StationLoginRequest& login) {
    bool browser = login.login_option == "BROWSER";
    bool phone = login.login_option == "EXTENSION" || login.login_option == "AGENT_DN";
    json body = {{"dialNumber", browser ? login.agent_id : login.dial_number},
                 {"teamId", login.team_id},
                 {"deviceType", login.login_option},
                 {"isExtension", login.login_option == "EXTENSION"},
                 {"deviceId", phone ? login.dial_number : "webrtc-" + login.agent_id},
                 {"roles", {"agent"}},
                 {"teamName", ""},
                 {"siteId", ""},
                 {"usesOtherDN", false},
                 {"auxCodeId", ""}};
    // A second login for the same station is refused, not doubled; still, one answer per request.
    return {Method::post, "/v1/agents/login", body.dump(), Replay::never, "station login"};
}

ApiRequest station_logout(const std::string& logout_reason) {
    return {Method::post, "/v1/agents/logout", json{{"logoutReason", logout_reason}}.dump(), Replay::never,
            "station logout"};
}

ApiRequest get_agent_user(const std::string& org_id, const std::string& agent_id) {
    return config_get(org_id, "/user/by-ci-user-id/" + segment(agent_id), "agent configuration");
}
ApiRequest get_desktop_profile(const std::string& org_id, const std::string& desktop_profile_id) {
    return config_get(org_id, "/agent-profile/" + segment(desktop_profile_id), "desktop profile");
}
ApiRequest get_teams(const std::string& org_id, int page, const std::vector<std::string>& team_ids) {
    std::string filter;
    for (const auto& id : team_ids) filter += (filter.empty() ? "" : ",") + segment(id);
    auto query = "?page=" + std::to_string(page) + "&pageSize=100";
    if (!filter.empty()) query += "&filter=id=in=(" + filter + ")";
    return config_get(org_id, "/v2/team" + query, "teams");
}
ApiRequest get_aux_codes(const std::string& org_id, int page) {
    return config_get(org_id,
                      "/v2/auxiliary-code?page=" + std::to_string(page) +
                          "&pageSize=100&attributes=id,isSystemCode,name,defaultCode,workTypeCode,active",
                      "auxiliary codes");
}
ApiRequest get_dial_plans(const std::string& org_id) {
    return config_get(org_id, "/dial-plan?agentView=true", "dial plans");
}
ApiRequest get_tenant_settings(const std::string& org_id) {
    return config_get(org_id, "/v2/tenant-configuration?agentView=true", "tenant configuration");
}
ApiRequest get_org_settings(const std::string& org_id) {
    return config_get(org_id, "/v2/organization-setting?agentView=true", "organization settings");
}
ApiRequest get_outdial_ani_entries(const std::string& org_id, const std::string& outdial_ani_id) {
    return config_get(org_id, "/v2/outdial-ani/" + segment(outdial_ani_id) + "/entry", "outdial ANI entries");
}

}  // namespace webexcc::client
