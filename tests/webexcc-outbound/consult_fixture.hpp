#pragma once
// What the consult, transfer and conference suites share (consult_plugin_test.cpp,
// consult_refusal_plugin_test.cpp): a Workspace over TLS, the requests, what Webex received and
// the check that every call and leg ended in exactly one DROPPED.

#include "workspace_fixture.hpp"

namespace webexcc::testing::consult {

// The simulator's buddy agent, a queue and an entry point of its picker lists, a number outside the
// contact center.
inline const std::string alex = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01";
inline const std::string support_queue = "1cdb8b2e-b83c-4c53-8279-0e3138d43fb9";
inline const std::string dial_number = "+14085550199";
inline const std::string support_line = "b7c8d9e0-0000-4000-8000-000000000051";  // an entry point

// The agent, ready; the simulator leaves every wrap-up to it.
inline void start_ready(Workspace& workspace) {
    workspace.start_ready();
    workspace.sim().control({{"autoWrapUp", false}});
}

// A connected outdial the agent ends, placed by a started agent; returns its id.
inline std::string dial(Workspace& workspace) {
    workspace.make_call_request("15550001007", "dial-1");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
    return workspace.interaction_id();
}

inline std::string connected_call(Workspace& workspace) {
    start_ready(workspace);
    return dial(workspace);
}

// Where most cases start: a connected outdial on a TlsWorkspace. TEST_CASE_METHOD(ConnectedCall, ...)
// builds one for each run, so each SECTION and each GENERATE'd variant has a call of its own.
struct ConnectedCall : TlsWorkspace {
    std::string id = connected_call(workspace);
};

// A consult, transfer or conference request, checked against its schema, then published.
inline void ask(Workspace& workspace, const std::string& subtopic, json data, const std::string& request_id = "",
                const std::string& topic = "OutboundCall") {
    auto message = control_request(subtopic, std::move(data), topic);
    if (!request_id.empty()) message["requestId"] = request_id;
    INFO(message.dump());
    CHECK(schema("consult-request").problems(message).empty());
    workspace.request(message);
}

inline json destination(const std::string& to, const std::string& type) {
    return {{"to", to}, {"destinationType", type}};
}

inline json with_call(json data, const std::string& call_id) {
    data["callId"] = call_id;
    return data;
}

// The task actions Webex received from index `from` on (path and body).
inline json actions_from(Workspace& workspace, std::size_t from) {
    auto all = workspace.task_actions();
    json tail = json::array();
    for (std::size_t i = from; i < all.size(); ++i) tail.push_back(all[i]);
    return tail;
}

inline json action(const std::string& call_id, const std::string& path, json body = json::object()) {
    return {{"path", "/v1/tasks/" + call_id + path}, {"body", std::move(body)}};
}

// The event messages of one call (or leg) on a topic, oldest first.
inline std::vector<json> call_events(Workspace& workspace, const std::string& call_id,
                                     const std::string& topic = "outbound") {
    std::vector<json> found;
    for (const auto& m : workspace.call_messages(topic))
        if (m["message"]["source"] == "event" && m["message"]["call"]["id"] == call_id) found.push_back(m["message"]);
    return found;
}

inline json last_error(Workspace& workspace) {
    auto errors = workspace.errors();
    return errors.empty() ? json() : errors.back();
}

inline std::size_t count(const Events& events, const std::string& event) {
    return std::count(events.begin(), events.end(), event);
}

// Every call and leg seen ended in exactly one DROPPED, its last event; with `once`, no call saw an
// event twice.
inline void check_each_ended_once(Workspace& workspace, bool once = true) {
    std::map<std::string, Events> by_call;
    for (const char* topic : {"outbound", "Inbound"})
        for (const auto& m : workspace.call_messages(topic))
            if (m["message"]["source"] == "event")
                by_call[m["message"]["call"]["id"]].push_back(m["message"]["call"]["event"]);
    for (const auto& [id, events] : by_call) {
        INFO(id << ": " << json(events).dump());
        CHECK(count(events, "DROPPED") == 1);
        CHECK(events.back() == "DROPPED");
        if (once)
            for (const auto& event : events) CHECK(count(events, event) == 1);
    }
}

// The agent ends the call and wraps it up: acw, then its DROPPED.
inline void end_and_wrap_up(Workspace& workspace, const std::string& id, const std::string& topic = "OutboundCall") {
    workspace.control("Disconnect", {{"callId", id}}, topic);
    const std::string events_topic = topic == "OutboundCall" ? "outbound" : "Inbound";
    REQUIRE(workspace.wait_for_event("acw", 5s, events_topic, id));
    workspace.control("WrapUpCall", {{"callId", id}, {"wrapup", "wc-sale"}}, "Agent");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, events_topic, id));
}

// The agent ends the call and wraps it up; then every call and leg seen ended in exactly one
// DROPPED (with `once`, no call saw an event twice).
inline void end_and_check_each_ended_once(Workspace& workspace, const std::string& id, bool once = true) {
    end_and_wrap_up(workspace, id);
    workspace.settle();
    check_each_ended_once(workspace, once);
}

inline void wrap_up(Workspace& workspace, const std::string& id) {
    REQUIRE(workspace.wait_for_event("acw", 5s, "outbound", id));
    workspace.control("WrapUpCall", {{"callId", id}, {"wrapup", "wc-sale"}}, "Agent");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", id));
}

// The `n`th consult of `id`, to `to`, the other party has answered; returns the leg's id.
inline std::string consulting(Workspace& workspace, const std::string& id, const json& to,
                              const std::string& request_id = "consult-1", int n = 1) {
    ask(workspace, "Consult", with_call(to, id), request_id);
    auto leg = id + "-consult-" + std::to_string(n);
    REQUIRE(workspace.wait_for_event("eAgentConsulting", 5s, "outbound", leg));
    return leg;
}

}  // namespace webexcc::testing::consult
