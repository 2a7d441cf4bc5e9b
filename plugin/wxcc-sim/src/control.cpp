// wxcc-sim's control commands: scenario choice and faults (POST /control, Simulator::control).

#include "sim_server.hpp"

namespace wxcc_sim {

std::string Simulator::control_help() {
    return R"(control commands (POST /control with a JSON body, or in-process Simulator::control):
  {"nextScenario": "busy"}                       scenario of the next outdial, whatever its number
  {"agentState": "Idle"}                         change the agent's state remotely (AgentStateChange)
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
                                                 answer the next matching REST calls with status
  {"fault": "reject-websocket", "count": 2}      refuse the next WebSocket upgrades (HTTP 503)
  {"inject": {...} or "text"}                    send this frame (or raw text, e.g. malformed JSON) now
  {"fault": "clear"}                             end every fault
  {"status": true}                               counters: requests, frames sent / dropped, calls
)";
}

// Bad commands (wrong types included) are answered with {"error"}, never thrown.
json Simulator::Impl::apply_control(const json& command) {
    try {
        return control_command(command);
    } catch (const std::exception& e) {
        return {{"error", std::string("bad control command: ") + e.what()}};
    }
}

json Simulator::Impl::control_command(const json& command) {
    if (command.contains("status") && command["status"] == true) {
        json calls_now = json::array();
        for (const auto& [id, call] : calls)
            calls_now.push_back({{"interactionId", id}, {"scenario", call.scenario}, {"state", call.state}, {"destination", call.destination}});
        return {{"requests", requests}, {"framesSent", frames_sent}, {"framesDropped", frames_dropped},
                {"framesPoisoned", faults.poisoned_count()},
                {"calls", calls_now}, {"agentState", agent.state}, {"socketOpen", !current_socket.expired()}};
    }
    if (command.contains("nextScenario")) {
        auto name = command["nextScenario"].is_string() ? command["nextScenario"].get<std::string>() : "";
        if (!find_scenario(name)) return {{"error", "unknown scenario \"" + name + "\""}};
        next_scenario = name;
        return {{"ok", true}};
    }
    if (command.contains("agentState")) {
        auto state = command.value("agentState", std::string());
        if (state != "Available" && state != "Idle") return {{"error", "agentState must be Available or Idle"}};
        set_agent_state(state, state == "Available" ? "0" : "supervisor", "supervisor");
        return {{"ok", true}};
    }
    if (command.contains("inject")) {
        const auto& frame = command["inject"];
        route(frame.is_string() ? frame.get<std::string>() : frame.dump());
        return {{"ok", true}};
    }
    auto fault = command.value("fault", std::string());
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
        if (status < 400 || status > 599) return {{"error", "status must be 400-599"}};
        rest_faults.push_back({command.value("path", std::string("/")), status, command.value("count", 1),
                               command.value("retryAfter", -1)});
    } else if (fault == "reject-websocket") {
        websocket_rejections = command.value("count", 1);
    } else if (fault == "clear") {
        keepalives_stopped = false;
        frame_delay = {};
        websocket_rejections = 0;
        rest_faults.clear();
        if (auto held_back = faults.clear()) deliver(*held_back);
    } else {
        return {{"error", "unknown control command; see wxcc-sim --help"}};
    }
    return {{"ok", true}};
}

}  // namespace wxcc_sim
