// wxcc-sim's REST API: the Webex CC agent endpoints, with Webex's error bodies and injected faults.

#include "sim_server.hpp"

#include <algorithm>

namespace wxcc_sim {

// The SDK sends a `trackingid` header on every call; Webex answers it as `TrackingID` (support asks
// for it). Without one, the simulator makes its own.
std::string Simulator::Impl::tracking_id(const Request& request) {
    auto sent = request["trackingid"];
    return sent.empty() ? "WXCC_SIM_" + next_id() : std::string(sent);
}

Response Simulator::Impl::reply(const Request& request, http::status status, const json& body) {
    Response response{status, request.version()};
    response.set(http::field::server, "wxcc-sim");
    response.set(http::field::content_type, "application/json");
    response.set("TrackingID", tracking_id(request));
    response.keep_alive(request.keep_alive());
    response.body() = body.dump();
    response.prepare_payload();
    return response;
}

Response Simulator::Impl::error(const Request& request, http::status status, const std::string& type,
                                const std::string& message, int code) {
    auto tracking = tracking_id(request);
    auto response = reply(request, status,
                          {{"trackingId", tracking},
                           {"errorType", type},
                           {"errorMessage", message},
                           {"errorData", ""},
                           {"reasonCode", code}});
    response.set("TrackingID", tracking);
    return response;
}

Response Simulator::Impl::handle(const Request& request) {
    std::string target(request.target());
    std::string path = target.substr(0, target.find('?'));
    std::string query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string();
    // The SDK joins its service URL and some resources ("/organization/...") with a second slash.
    for (auto twice = path.find("//"); twice != std::string::npos; twice = path.find("//")) path.erase(twice, 1);
    ++requests[std::string(request.method_string()) + " " + path];

    if (path == "/control") {
        auto command = json::parse(request.body(), nullptr, false);
        if (request.method() == http::verb::get) command = {{"status", true}};
        if (!command.is_object())
            return error(request, http::status::bad_request, "BAD_REQUEST", "control body must be a JSON object", 400);
        auto result = apply_control(command);
        return reply(request, result.contains("error") ? http::status::bad_request : http::status::ok, result);
    }
    if (request.method() == http::verb::get && path == "/v1/authorize") return authorize(request);
    if (request.method() == http::verb::post && path == "/v1/access_token") return access_token(request);
    if (!token_accepted(request[http::field::authorization]))
        return error(request, http::status::unauthorized, "UNAUTHORIZED", "the access token is invalid or expired",
                     401);
    for (auto& fault : rest_faults) {
        if (fault.count > 0 && path.rfind(fault.path, 0) == 0) {
            --fault.count;
            auto response = error(request, static_cast<http::status>(fault.status), "INJECTED_FAULT",
                                  "injected HTTP " + std::to_string(fault.status), fault.status);
            if (fault.retry_after >= 0) response.set(http::field::retry_after, std::to_string(fault.retry_after));
            return response;
        }
    }
    auto body = json::parse(request.body().empty() ? "{}" : request.body(), nullptr, false);
    if (!body.is_object())
        return error(request, http::status::bad_request, "BAD_REQUEST", "the body is not a JSON object", 400);

    if (request.method() == http::verb::get && path.rfind("/organization/", 0) == 0)
        return configuration(request, path, query);
    if (request.method() == http::verb::post && path == "/v1/notification/subscribe") return subscribe(request, body);
    if (request.method() == http::verb::put && path == "/v1/agents/session/state") return state_change(request, body);
    if (request.method() == http::verb::post && path == "/v1/agents/reload") return reload(request);
    if (request.method() == http::verb::post && path == "/v1/agents/login") return station_login(request, body);
    if (request.method() == http::verb::post && path == "/v1/agents/logout") return station_logout(request, body);
    if (request.method() == http::verb::post && path == "/v1/agents/buddyList") return buddy_list(request, body);
    if (request.method() == http::verb::post && (path == "/v1/tasks/" || path == "/v1/tasks"))
        return outdial(request, body);
    if (request.method() == http::verb::post && path.rfind("/v1/tasks/", 0) == 0)
        return task_action(request, path.substr(10), body);
    if (request.method() == http::verb::post && path.rfind("/v1/dialer/", 0) == 0)
        return preview_accept(request, path, body);
    return error(request, http::status::not_found, "NOT_FOUND", "no such resource " + path, 404);
}

// The SDK's body {force, isKeepAliveEnabled, clientType, allowMultiLogin} (cc.ts ~1226-1233). What
// allowMultiLogin changes on Webex's side is not shown by the SDK: the newest socket always wins.
Response Simulator::Impl::subscribe(const Request& request, const json& body) {
    last_allow_multi_login = body.value("allowMultiLogin", false);
    auto id = "AgentDesktop-" + next_id();
    subscriptions.insert(id);
    auto scheme = tls ? "wss://" : "ws://";
    return reply(
        request, http::status::ok,
        {{"webSocketUrl", scheme + host_port() + "/v1/notification/subscription/" + id}, {"subscriptionId", id}});
}

Response Simulator::Impl::state_change(const Request& request, const json& body) {
    auto state = body.value("state", std::string());
    if (state != "Available" && state != "Idle")
        return error(request, http::status::bad_request, "BAD_REQUEST", "state must be Available or Idle", 400);
    set_agent_state(state, body.value("auxCodeId", state == "Available" ? "0" : ""),
                    body.value("lastStateChangeReason", ""));
    return reply(request, http::status::accepted, json::object());
}

void Simulator::Impl::set_agent_state(const std::string& state, const std::string& aux_code,
                                      const std::string& reason) {
    agent.state = state;
    agent.aux_code_id = aux_code;
    agent.last_state_change_reason = reason;
    agent.last_state_change_ms = now_ms();
    send_frame(agent_state_frame({agent, now_ms(), ++sequence}, "AgentStateChangeSuccess"));
}

Response Simulator::Impl::outdial(const Request& request, const json& body) {
    last_outdial_ns = std::chrono::steady_clock::now().time_since_epoch().count();
    outdial_count.fetch_add(1, std::memory_order_release);
    auto text = [&](const char* key) {
        return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : std::string();
    };
    auto destination = text("destination");
    if (destination.empty() || destination.size() > 36)
        return error(request, http::status::bad_request, "BAD_REQUEST", "destination must be 1 to 36 characters", 400);
    if (text("entryPointId").empty())
        return error(request, http::status::bad_request, "BAD_REQUEST", "entryPointId is required", 400);
    if (text("direction") != "OUTBOUND" || text("mediaType") != "telephony" || text("outboundType") != "OUTDIAL")
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "direction, mediaType or outboundType not supported", 400);
    if (!agent.logged_in)
        return error(request, http::status::bad_request, "AGENT_NOT_LOGGED_IN", "the agent is in no station", 1033);
    if (agent.state != "Available")
        return error(request, http::status::bad_request, "AGENT_NOT_AVAILABLE", "the agent is not Available", 1033);

    Call call;
    call.destination = destination;
    call.ani = text("origin").empty() ? "1908603511" : text("origin");
    call.entry_point_id = text("entryPointId");
    call.scenario = std::string(scenario_for(destination).name);
    auto id = start_call(std::move(call));
    return reply(request, http::status::accepted, {{"meta", {{"orgId", agent.org_id}}}, {"data", {{"id", id}}}});
}

Response Simulator::Impl::task_action(const Request& request, const std::string& rest, const json& body) {
    auto slash = rest.find('/');
    auto id = rest.substr(0, slash);
    auto action = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    task_actions.push_back({{"path", "/v1/tasks/" + rest}, {"body", body}});
    if (task_actions.size() > 64) task_actions.pop_front();
    auto found = calls.find(id);
    if (found == calls.end()) return error(request, http::status::not_found, "NOT_FOUND", "no active task " + id, 404);
    Call& call = found->second;
    if (auto answer = consult_action(request, call, action, body)) return std::move(*answer);
    static const char* const known[] = {"end", "wrapup", "hold", "unhold", "record/pause", "record/resume"};
    if (std::find(std::begin(known), std::end(known), action) == std::end(known))
        return error(request, http::status::not_found, "NOT_FOUND", "no such task action " + action, 404);
    if (fail_injected(action, id)) return reply(request, http::status::accepted, json::object());
    if (action == "end") {
        end_by_agent(call);
    } else if (action == "wrapup") {
        if (!call.pending_wrap_up)
            return error(request, http::status::bad_request, "BAD_REQUEST", "the task is not in wrap-up", 400);
        if (body.value("wrapUpReason", std::string()).empty() || body.value("auxCodeId", std::string()).empty())
            return error(request, http::status::bad_request, "BAD_REQUEST", "wrapUpReason and auxCodeId are required",
                         400);
        apply(call, Step::wrapped_up);
    } else if (action == "hold") {
        apply(call, Step::hold);
    } else if (action == "unhold") {
        apply(call, Step::unhold);
    } else if (action == "record/pause") {
        apply(call, Step::pause_recording);
    } else {
        apply(call, Step::resume_recording);
    }
    return reply(request, http::status::accepted, json::object());
}

// Whether ContactEnded comes with the agent's end is not known (protocol notes): end_style plays each.
void Simulator::Impl::end_by_agent(Call& call) {
    auto id = call.interaction_id;
    call_timers.erase(id);
    ++call.schedule_generation;  // a step already due must not run after the agent's end
    if (call.offered_as_consult()) return apply(call, Step::consult_ended);
    if (!call.agent_joined) {  // still ringing: Webex's answer is not documented, ringing_end plays each
        if (ringing_end == "assign-failed") {
            call.terminated = true;
            return apply(call, Step::decline);
        }
        // ContactEnded, as the SDK's cancelTask waits for (contact.ts:387-396). An outdial still in
        // state new keeps its wrap-up (TaskManager.ts:752-761), so AgentWrapup follows below; any
        // other new task the SDK drops at ContactEnded, so nothing may follow it (it would find no task).
        if (call.outbound_type != "OUTDIAL") return apply(call, Step::reservation_ended);
    }
    if (end_style != "wrapup-then-ended" && end_style != "wrapup-only") apply(call, Step::end);
    apply(call, Step::wrapup);
    if (end_style == "wrapup-then-ended") apply(call, Step::end);
    await_wrap_up(call);
}

void Simulator::Impl::await_wrap_up(Call& call) {
    const auto& steps = find_scenario(call.scenario)->steps;
    auto wrapped = std::find(steps.begin(), steps.end(), Step::wrapped_up);
    call.next_step = wrapped == steps.end() ? steps.size() : std::size_t(wrapped - steps.begin());
    if (auto_wrap_up) schedule(call.interaction_id, options.auto_wrapup);
}

bool Simulator::Impl::fail_injected(const std::string& action, const std::string& interaction_id, const json& extra,
                                    const std::string& failure) {
    static const std::map<std::string, std::string> failures = {
        {"end", "AgentContactEndFailed"},
        {"hold", "AgentContactHoldFailed"},
        {"unhold", "AgentContactUnHoldFailed"},
        {"wrapup", "AgentWrapupFailed"},
        {"record/pause", "ContactRecordingPauseFailed"},
        {"record/resume", "ContactRecordingResumeFailed"},
        {"accept", "CampaignPreviewAcceptFailed"},
        // task/contact.ts ~150-509
        {"consult", "AgentConsultFailed"},
        {"consult/end", "AgentConsultEndFailed"},
        {"transfer", "AgentBlindTransferFailed"},
        {"consult/transfer", "AgentConsultTransferFailed"},
        {"consult/conference", "AgentConsultConferenceFailed"},
        {"conference/exit", "ParticipantLeftConferenceFailed"},
        {"conference/transfer", "AgentConferenceTransferFailed"}};
    for (auto& fault : action_faults) {
        if (fault.count <= 0 || fault.action != action) continue;
        --fault.count;
        auto frame = failure_frame({agent, now_ms(), ++sequence}, failure.empty() ? failures.at(action) : failure,
                                   fault.with_interaction_id ? interaction_id : "", fault.reason, 1100);
        frame["data"].update(extra);
        send_frame(frame);
        return true;
    }
    return false;
}

}  // namespace wxcc_sim
