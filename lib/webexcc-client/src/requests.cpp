#include "webexcc/client/requests.hpp"

#include <nlohmann/json.hpp>

namespace webexcc::client {

namespace {

using nlohmann::json;

// Task actions change a live call; replaying one could, e.g., end a second call, so none is replayed.
ApiRequest task_action(const std::string& interaction_id, const char* suffix, json body, const char* action) {
    return {Method::post, "/v1/tasks/" + interaction_id + suffix, body.dump(), Replay::never, action};
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
ApiRequest pause_recording(const std::string& id) {
    return task_action(id, "/record/pause", json::object(), "pause recording");
}
ApiRequest resume_recording(const std::string& id) {
    return task_action(id, "/record/resume", {{"autoResumed", false}}, "resume recording");
}

}  // namespace webexcc::client
