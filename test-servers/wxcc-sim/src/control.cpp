// wxcc-sim's control commands: scenario choice and faults (POST /control, Simulator::control).

#include "sim_server.hpp"

namespace wxcc_sim {

namespace {

// Text, not code: kept outside control_help so the one function stays a line long.
constexpr const char* control_commands =
    R"(control commands (POST /control with a JSON body, or in-process Simulator::control):
  {"nextScenario": "busy"}                       scenario of the next outdial, whatever its number
  {"agentState": "Idle"}                         change the agent's state remotely (AgentStateChange)
  {"offerCall": {"kind": "inbound", "number": "+14155550123", "scenario": "agent-ends"}}
                                                 a call Webex routes to the agent by itself. Kinds:
                                                 inbound progressive predictive callback (scenario as
                                                 given, default agent-ends), preview preview-same-id
                                                 (a reservation in campaign "campaign", default "Spring
                                                 Sale": the call follows POST /v1/dialer/.../accept),
                                                 preview-expired (a reservation, then nothing), consult
                                                 (another agent's call, until POST .../end; joined at
                                                 once, or with "accept": "wait" ringing until POST
                                                 .../consult/accept or answerConsult, else after
                                                 "ronaMs" (18000) AgentOfferContactRona). Answers its id.
  {"previewTimeoutMs": 18000, "previewExpiry": "contact-ended"}
                                                 an unaccepted reservation ends after this long with
                                                 ContactEnded (contact-ended) or AgentOfferContactRona (rona)
  {"endStyle": "wrapup-only"}                    how POST .../end is answered: ended-then-wrapup
                                                 (default), wrapup-only, wrapup-then-ended
  {"ringingEnd": "assign-failed"}                how POST .../end of a call still ringing is answered:
                                                 contact-ended (default; an outdial then AgentWrapup)
                                                 or assign-failed (AgentContactAssignFailed USER_DECLINED)
  {"autoWrapUp": true}                           AgentWrappedUp follows AgentWrapup by itself (default
                                                 false, as Webex: the client must wrap up)
  {"thinFrames": true}                           new calls' frames lack contactDirection, outboundType
  {"profile": {"autoWrapUp": true, "autoWrapAfterSeconds": 15, "allowCancelAutoWrapUp": true,
               "dialPlan": true, "outdialEnabled": true}}
                                                 the agent's desktop profile as GET .../agent-profile
                                                 serves it (dialPlan false: none, no adhoc dialing)
  {"station": false}                             the agent is in no station now (true: back in the
                                                 default one), without notifications
  {"fault": "fail-station-login", "reason": "DUPLICATE_LOCATION"}
                                                 the next POST /v1/agents/login is answered 202, then
                                                 StationLogin / AgentStationLoginFailed
  {"fault": "drop-socket"}                       close the notification socket abruptly
  {"fault": "stop-keepalives"} / "resume-keepalives"
  {"fault": "delay-frames", "ms": 500}           hold every later frame back by ms (order kept); 0 ends it
  {"fault": "duplicate-frames", "count": 3}      send each of the next 3 frames twice
  {"fault": "reorder-frames"}                    swap the next two frames (alone, the frame goes out late)
  {"fault": "poison-frames", "kind": "lone-surrogate", "path": "data.type", "onType": "ContactEnded", "count": 1}
                                                 spoil the next frames (of that data.type; any when
                                                 absent): the value at path becomes the poison. Kinds:
                                                 lone-surrogate invalid-utf8 control-char deep-nesting
                                                 huge-number wrong-type truncated
  {"fault": "rest-status", "status": 503, "count": 2, "retryAfter": 1, "path": "/v1/tasks/"}
                                                 answer the next matching REST calls with status (300-599)
  {"fault": "reject-websocket", "count": 2}      refuse the next WebSocket upgrades (HTTP 503)
  {"fault": "idle-timeout", "ms": 50}            close connections that bring no request for ms
                                                 (default 30000; status counts connectionsAccepted)
  {"fault": "fail-task-action", "action": "hold", "count": 1, "withInteractionId": true, "reason": "R"}
                                                 answer the next task action (end hold unhold wrapup
                                                 record/pause record/resume, or a preview's accept:
                                                 CampaignPreviewAcceptFailed; consult consult/end
                                                 transfer consult/transfer consult/conference
                                                 conference/exit conference/transfer; buddyList:
                                                 BuddyAgentsRetrieveFailed) 202, then its ...Failed
                                                 notification (without interactionId when false);
                                                 consult/accept: AgentContactAssignFailed ending the
                                                 offer, or with "status": 400 that REST error (errorType
                                                 the reason), the offer still ringing
  {"nextConsult": "accept"}                      how the next consult's other party answers after a
                                                 step: accept (default), decline, no-answer, or wait
  {"consultParty": "leave", "interactionId": "..."}
                                                 the other party of a consult answers now (accept,
                                                 decline, no-answer) or leaves the consult or conference
  {"answerConsult": {"interactionId": "..."}}    the agent answers the consult offer held for them
                                                 on their phone (the only one without interactionId)
  {"consultRefusal": "consult-ended"}            a declined or unanswered consult is told with
                                                 AgentConsultFailed (consult-failed, default) or
                                                 AgentConsultEnded (consult-ended)
  {"oauth": {"accessTokenSeconds": 5, "refreshTokenSeconds": 60, "deny": false, "wrongState": false,
             "rejectRefresh": 1, "failures": {"status": 503, "count": 2}, "delayMs": 2000,
             "expireAccessTokens": true}}
                                                 the OAuth endpoints (GET /v1/authorize, POST
                                                 /v1/access_token; client wxcc-sim-client, secret
                                                 wxcc-sim-secret): lifetimes of new tokens, denied
                                                 consent, a redirect with another state, refused
                                                 refreshes, 5xx answers, a slow endpoint, and every
                                                 access token issued so far expired now
  {"inject": {...} or "text"}                    send this frame (or raw text, e.g. malformed JSON) now
  {"fault": "clear"}                             end every fault
  {"status": true}                               counters: requests, frames sent / dropped, calls,
                                                 the last task actions received (path, body)
)";

}  // namespace

std::string Simulator::control_help() { return control_commands; }

// Bad commands (wrong types included) are answered with {"error"}, never thrown.
json Simulator::Impl::apply_control(const json& command) {
    try {
        return control_command(command);
    } catch (const std::exception& e) {
        return {{"error", std::string("bad control command: ") + e.what()}};
    }
}

json Simulator::Impl::control_command(const json& command) {
    if (command.contains("status") && command["status"] == true) return status_report();
    if (command.contains("offerCall")) return offer_call(command["offerCall"]);
    if (command.contains("oauth")) return oauth_control(command["oauth"]);
    if (command.contains("profile")) {
        apply_profile_command(profile, command["profile"]);
        return {{"ok", true}};
    }
    if (auto answer = setting_command(command)) return *answer;
    if (auto answer = consult_control(command)) return *answer;
    return fault_command(command.value("fault", std::string()), command);
}

json Simulator::Impl::status_report() const {
    json calls_now = json::array();
    for (const auto& [id, call] : calls)
        calls_now.push_back({{"interactionId", id},
                             {"scenario", call.scenario},
                             {"state", call.state},
                             {"destination", call.destination}});
    return {{"requests", requests},
            {"framesSent", frames_sent},
            {"framesDropped", frames_dropped},
            {"framesPoisoned", faults.poisoned_count()},
            {"calls", calls_now},
            {"agentState", agent.state},
            {"orgId", agent.org_id},
            {"allowMultiLogin", last_allow_multi_login},
            {"station",
             {{"loggedIn", agent.logged_in},
              {"teamId", agent.team_id},
              {"deviceType", agent.device_type},
              {"dialNumber", agent.dial_number}}},
            {"socketOpen", !current_socket.expired()},
            {"taskActions", json(task_actions)},
            {"connectionsAccepted", connections_accepted},
            {"oauth", {{"tokenRequests", oauth.token_requests}, {"refreshes", oauth.refreshes}}}};
}

std::optional<json> Simulator::Impl::setting_command(const json& command) {
    if (command.contains("endStyle")) {
        auto style = command["endStyle"].is_string() ? command["endStyle"].get<std::string>() : "";
        if (style != "ended-then-wrapup" && style != "wrapup-only" && style != "wrapup-then-ended")
            return json{{"error", "endStyle must be ended-then-wrapup, wrapup-only or wrapup-then-ended"}};
        end_style = style;
        return json{{"ok", true}};
    }
    if (command.contains("ringingEnd")) {
        auto answer = command["ringingEnd"].is_string() ? command["ringingEnd"].get<std::string>() : "";
        if (answer != "contact-ended" && answer != "assign-failed")
            return json{{"error", "ringingEnd must be contact-ended or assign-failed"}};
        ringing_end = answer;
        return json{{"ok", true}};
    }
    if (command.contains("autoWrapUp")) {
        auto_wrap_up = command.at("autoWrapUp").get<bool>();
        if (auto_wrap_up) wrap_up_parked_calls();
        return json{{"ok", true}};
    }
    if (command.contains("previewTimeoutMs") || command.contains("previewExpiry")) {
        auto expiry = command.value("previewExpiry", preview_expiry);
        if (expiry != "contact-ended" && expiry != "rona")
            return json{{"error", "previewExpiry must be contact-ended or rona"}};
        preview_expiry = expiry;
        preview_timeout = std::chrono::milliseconds(command.value("previewTimeoutMs", preview_timeout.count()));
        return json{{"ok", true}};
    }
    if (command.contains("thinFrames")) {
        thin_frames = command.at("thinFrames").get<bool>();
        return json{{"ok", true}};
    }
    if (command.contains("nextScenario")) {
        auto name = command["nextScenario"].is_string() ? command["nextScenario"].get<std::string>() : "";
        if (!find_scenario(name)) return json{{"error", "unknown scenario \"" + name + "\""}};
        next_scenario = name;
        return json{{"ok", true}};
    }
    if (command.contains("agentState")) {
        auto state = command.value("agentState", std::string());
        if (state != "Available" && state != "Idle") return json{{"error", "agentState must be Available or Idle"}};
        set_agent_state(state, state == "Available" ? "0" : "supervisor", "supervisor");
        return json{{"ok", true}};
    }
    if (command.contains("station")) {
        agent.logged_in = command.at("station").get<bool>();
        return json{{"ok", true}};
    }
    if (command.contains("inject")) {
        const auto& frame = command["inject"];
        route(frame.is_string() ? frame.get<std::string>() : frame.dump());
        return json{{"ok", true}};
    }
    return std::nullopt;
}

json Simulator::Impl::fault_command(const std::string& fault, const json& command) {
    if (fault == "drop-socket") {
        if (auto socket = current_socket.lock()) socket->drop();
        current_socket.reset();
    } else if (fault == "stop-keepalives") {
        keepalives_stopped = true;
    } else if (fault == "resume-keepalives") {
        keepalives_stopped = false;
    } else if (fault == "delay-frames") {
        frame_delay = std::chrono::milliseconds(command.value("ms", 0));
    } else if (fault == "duplicate-frames") {
        faults.duplicate_next(command.value("count", 1));
    } else if (fault == "reorder-frames") {
        faults.reorder_next();
    } else if (fault == "poison-frames") {
        auto kind = poison_from_string(command.value("kind", std::string()));
        if (!kind) return {{"error", "kind must be one of: " + poison_list()}};
        faults.poison_next(command.value("count", 1), *kind, command.value("path", std::string("data.type")),
                           command.value("onType", std::string()));
    } else if (fault == "rest-status") {
        int status = command.value("status", 500);
        if (status < 300 || status > 599) return {{"error", "status must be 300-599"}};
        rest_faults.push_back({command.value("path", std::string("/")), status, command.value("count", 1),
                               command.value("retryAfter", -1)});
    } else if (fault == "fail-task-action") {
        auto action = command.value("action", std::string());
        for (const char* known : {"end", "hold", "unhold", "wrapup", "record/pause", "record/resume", "accept",
                                  "consult", "consult/end", "transfer", "consult/transfer", "consult/conference",
                                  "conference/exit", "conference/transfer", "consult/accept", "buddyList"})
            if (action == known) {
                action_faults.push_back({action, command.value("count", 1), command.value("withInteractionId", true),
                                         command.value("reason", std::string("INJECTED_FAILURE")),
                                         command.value("status", 0)});
                return {{"ok", true}};
            }
        return {{"error",
                 "action must be one of: end hold unhold wrapup record/pause record/resume accept consult "
                 "consult/end transfer consult/transfer consult/conference conference/exit conference/transfer "
                 "consult/accept buddyList"}};
    } else if (fault == "fail-station-login") {
        station_login_failure = command.value("reason", std::string("DUPLICATE_LOCATION"));
    } else if (fault == "idle-timeout") {
        idle_timeout = std::chrono::milliseconds(command.value("ms", 30000));
    } else if (fault == "reject-websocket") {
        websocket_rejections = command.value("count", 1);
    } else if (fault == "clear") {
        keepalives_stopped = false;
        frame_delay = {};
        websocket_rejections = 0;
        idle_timeout = std::chrono::milliseconds(30000);
        rest_faults.clear();
        action_faults.clear();
        station_login_failure.clear();
        if (auto held_back = faults.clear()) deliver(*held_back);
    } else {
        return {{"error", "unknown control command; see wxcc-sim --help"}};
    }
    return {{"ok", true}};
}

}  // namespace wxcc_sim

namespace wxcc_sim {

json Simulator::Impl::offer_call(const json& spec) {
    if (!spec.is_object()) return {{"error", "offerCall must be an object"}};
    auto kind = spec.value("kind", std::string("inbound"));
    bool preview = kind.rfind("preview", 0) == 0;
    Call call;
    if (kind == "inbound" || kind == "consult") {
        call.direction = "INBOUND";
        call.outbound_type.clear();
        call.ani = "+18005550100";  // the number the customer called
    } else if (kind == "progressive" || kind == "predictive" || kind == "callback" || preview) {
        call.outbound_type = preview ? "PREVIEW" : kind;
        for (auto& c : call.outbound_type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        call.ani = "1908603511";
    } else {
        return {{"error",
                 "kind must be inbound, progressive, predictive, callback, preview, preview-same-id, preview-expired "
                 "or consult"}};
    }
    // A consult is joined at once unless held for the agent's answer ("accept": "wait").
    auto accept = spec.value("accept", std::string("join"));
    if (accept != "join" && accept != "wait") return {{"error", "accept must be join or wait"}};
    call.offer_timeout_ms = spec.value("ronaMs", call.offer_timeout_ms);
    call.scenario = preview             ? kind
                    : kind == "consult" ? (accept == "wait" ? "consult-held" : "consult")
                                        : spec.value("scenario", std::string("agent-ends"));
    if (!find_scenario(call.scenario)) return {{"error", "unknown scenario \"" + call.scenario + "\""}};
    if (kind == "consult") call.owner = make_uuid(0xC0175017);  // another agent's call
    call.destination = spec.value("number", std::string("+14155550123"));
    call.entry_point_id = "sim-campaign-entry-point";
    if (preview) call.campaign_id = spec.value("campaign", std::string("Spring Sale"));
    return {{"ok", true}, {"interactionId", start_call(std::move(call))}};
}

}  // namespace wxcc_sim
