#include "sim_model.hpp"

#include <cstdio>

namespace wxcc_sim {

using nlohmann::json;

std::string make_uuid(std::uint64_t seed) {
    // Deterministic ids keep test failures reproducible; the layout is a version-4 UUID's.
    std::uint64_t a = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    std::uint64_t b = (a ^ (a >> 29)) * 0xBF58476D1CE4E5B9ull;
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffull));
    return text;
}

json welcome_frame(const Agent& agent) { return {{"type", "Welcome"}, {"data", {{"agentId", agent.id}}}}; }

json keepalive_frame() { return {{"keepalive", "true"}}; }

json envelope(const FrameContext& context, const std::string& type, json data) {
    data["orgId"] = context.agent.org_id;
    data["trackingId"] = make_uuid(context.sequence * 2 + 1);
    data["eventTime"] = context.now_ms;
    return {{"orgId", context.agent.org_id},
            {"trackingId", "notifs_" + make_uuid(context.sequence * 2)},
            {"type", type},
            {"data", std::move(data)}};
}

namespace {

// The agent as a participant of `call`, as the sample response lists it.
json agent_participant(const FrameContext& context, const Call& call) {
    const Agent& agent = context.agent;
    json participant = {{"autoAnswerEnabled", true},
                        {"bnrDetails", nullptr},
                        {"callerId", nullptr},
                        {"channelId", agent.channel_id},
                        {"consultState", nullptr},
                        {"consultTimestamp", nullptr},
                        {"dn", agent.dial_number},
                        {"hasJoined", call.agent_joined},
                        {"hasLeft", call.terminated && !call.pending_wrap_up},
                        {"id", agent.id},
                        {"isConsulted", false},
                        {"isInPredial", false},
                        {"isOffered", call.offered},
                        {"isWrapUp", call.pending_wrap_up},
                        {"isWrappedUp", call.wrapped_up},
                        {"joinTimestamp", call.agent_joined ? json(call.created_ms + 2000) : json(nullptr)},
                        {"lastUpdated", context.now_ms},
                        {"name", agent.name},
                        {"pType", "Agent"},
                        {"queueId", "1cdb8b2e-b83c-4c53-8279-0e3138d43fb8"},
                        {"queueMgrId", "aqm"},
                        {"sessionId", agent.session_id},
                        {"siteId", agent.site_id},
                        {"skillId", nullptr},
                        {"skillName", nullptr},
                        {"skills", json::array()},
                        {"teamId", agent.team_id},
                        {"teamName", agent.team_name},
                        {"type", "Agent"},
                        {"wrapUpTimestamp", nullptr}};
    if (call.wrap_up_unsaid) participant.erase("isWrapUp");
    return participant;
}

// The interaction's callProcessingDetails: numbers, flow and recording state.
json call_processing_details(const Agent& agent, const Call& call, const std::string& owner) {
    bool inbound = call.direction == "INBOUND";
    json details = {{"EP_ID", call.entry_point_id},
                    {"SELF_SERVICE_TYPE", "VXML"},
                    {"agentSelectedAni", call.ani},
                    {"agent_ani", call.ani},
                    {"ani", inbound ? call.destination : call.ani},  // inbound: ani is the caller
                    {"dnis", inbound ? call.ani : call.destination},
                    {"customerNumber", call.destination},
                    {"fceRegisteredEvents", ""},
                    {"isReconciledCAD", "true"},
                    {"mohFileName", "Menu10sec.wav"},
                    {"outdialTransferToQueueEnabled", "false"},
                    {"participantInviteTimeout", "false"},
                    {"ronaTimeout", "18"},
                    {"taskToBeSelfServiced", "false"},
                    {"tenantId", agent.org_id},
                    {"virtualTeamName", "Outdial Queue-1"},
                    {"vteamId", call.entry_point_id},
                    {"workflowId", "662a86fb0bfd16265a6fb955"},
                    {"workflowName", "Outdial_Flow2"}};
    if (call.outbound_type == "OUTDIAL") details["outdialAgentId"] = owner;
    if (!call.campaign_id.empty()) details["campaignId"] = call.campaign_id;  // the SDK's accept names it
    if (call.recording_started) {
        details["recordingStarted"] = "true";
        details["recordInProgress"] = call.recording_paused ? "false" : "true";
        details["isPaused"] = call.recording_paused ? "true" : "false";
        details["pauseResumeEnabled"] = "true";
    }
    return details;
}

json interaction(const FrameContext& context, const Call& call) {
    const Agent& agent = context.agent;
    json customer = {{"callerId", nullptr},        {"hasJoined", call.customer_joined},
                     {"hasLeft", call.terminated}, {"id", call.destination},
                     {"isInPredial", false},       {"pType", "Customer"},
                     {"type", "Customer"}};
    json media_participants = json::array();
    if (call.agent_joined) media_participants.push_back(agent.id);
    if (call.customer_joined) media_participants.push_back(call.destination);
    const std::string& owner = call.owner.empty() ? agent.id : call.owner;
    json result = {
        {"callFlowParams", json::object()},
        {"callProcessingDetails", call_processing_details(agent, call, owner)},
        {"contactDirection", {{"type", call.direction}}},
        {"createdTimestamp", call.created_ms},
        {"currentVTeam", "1cdb8b2e-b83c-4c53-8279-0e3138d43fb8"},
        {"interactionId", call.interaction_id},
        {"isFcManaged", true},
        {"isTerminated", call.terminated},
        {"mainInteractionId", call.interaction_id},
        {"media",
         {{call.interaction_id,
           {{"holdTimestamp", call.held ? json(context.now_ms) : json(nullptr)},
            {"isHold", call.held},
            {"mType", "mainCall"},
            {"mediaMgr", "callmm"},
            {"mediaResourceId", call.interaction_id},
            {"mediaType", "telephony"},
            {"participants", std::move(media_participants)}}}}},
        {"mediaChannel", "telnyx"},
        {"mediaProperties", nullptr},
        {"mediaType", "telephony"},
        {"orgId", agent.org_id},
        {"outboundType", call.outbound_type.empty() ? json(nullptr) : json(call.outbound_type)},
        {"owner", owner},
        {"parentInteractionId", call.interaction_id},
        {"participants", {{call.destination, std::move(customer)}, {agent.id, agent_participant(context, call)}}},
        {"previousVTeams", json::array()},
        {"queuedTimestamp", call.queued_ms},
        {"state", call.state},
        {"workflowManager", nullptr}};
    if (call.thin) {
        result.erase("contactDirection");
        result.erase("outboundType");
    }
    return result;
}

}  // namespace

json routing_frame(const FrameContext& context, const Call& call, const std::string& type, const json& extra) {
    json data = {{"agentId", context.agent.id},
                 {"eventType", "RoutingMessage"},
                 {"interactionId", call.interaction_id},
                 {"mediaResourceId", call.interaction_id},
                 {"destAgentId", context.agent.id},
                 {"owner", call.owner.empty() ? context.agent.id : call.owner},
                 {"queueMgr", "aqm"},
                 {"ronaTimeout", 18},
                 {"type", type},
                 {"interaction", interaction(context, call)}};
    if (!call.reservation_id.empty()) data["reservationInteractionId"] = call.reservation_id;
    if (!call.campaign_id.empty()) data["campaignId"] = call.campaign_id;  // types.ts ~1140: task.data.campaignId
    data.update(extra);
    return envelope(context, "RoutingMessage", std::move(data));
}

json failure_frame(const FrameContext& context, const std::string& type, const std::string& interaction_id,
                   const std::string& reason, int reason_code) {
    json data = {{"agentId", context.agent.id},
                 {"eventType", "RoutingMessage"},
                 {"type", type},
                 {"reason", reason},
                 {"reasonCode", reason_code}};
    if (!interaction_id.empty()) data["interactionId"] = interaction_id;
    return envelope(context, "RoutingMessage", std::move(data));
}

json agent_state_frame(const FrameContext& context, const std::string& change_type) {
    const Agent& agent = context.agent;
    json data = {{"agentId", agent.id},
                 {"agentSessionId", agent.session_id},
                 {"auxCodeId", agent.aux_code_id},
                 {"eventType", "AgentDesktopMessage"},
                 {"status", "LoggedIn"},
                 {"subStatus", agent.state},
                 {"lastIdleCodeChangeTimestamp", agent.last_state_change_ms},
                 {"lastStateChangeTimestamp", agent.last_state_change_ms},
                 {"lastStateChangeReason", agent.last_state_change_reason},
                 {"changedBy", agent.name},
                 {"changedById", agent.id},
                 {"changedByName", agent.name},
                 {"type", change_type}};
    return envelope(context, "AgentStateChange", std::move(data));
}

namespace {

// What AgentReloginSuccess and AgentStationLoginSuccess say of the agent and its station.
json station_data(const FrameContext& context, const std::vector<std::string>& interaction_ids) {
    const Agent& agent = context.agent;
    return {{"agentId", agent.id},
            {"agentSessionId", agent.session_id},
            {"auxCodeId", agent.aux_code_id},
            {"teamId", agent.team_id},
            {"siteId", agent.site_id},
            {"dn", agent.dial_number},
            {"dialNumber", agent.dial_number},
            {"deviceType", agent.device_type},
            {"deviceId", agent.device_id},
            {"isExtension", agent.device_type == "EXTENSION"},
            {"roles", {"agent"}},
            {"interactionIds", interaction_ids},
            {"status", "LoggedIn"},
            {"subStatus", agent.state},
            {"lastIdleCodeChangeTimestamp", agent.last_state_change_ms},
            {"lastStateChangeTimestamp", agent.last_state_change_ms},
            {"lastStateChangeReason", agent.last_state_change_reason},
            {"profileType", "BLENDED"},
            {"channelsMap", {{"telephony", json::array({"telephony"})}}},
            {"eventType", "AgentDesktopMessage"}};
}

}  // namespace

json relogin_frame(const FrameContext& context, const std::vector<std::string>& interaction_ids) {
    auto data = station_data(context, interaction_ids);
    data["type"] = "AgentReloginSuccess";
    return envelope(context, "AgentReloginSuccess", std::move(data));
}

json station_login_frame(const FrameContext& context, const std::vector<std::string>& interaction_ids) {
    auto data = station_data(context, interaction_ids);
    data.erase("lastStateChangeReason");
    data["type"] = "AgentStationLoginSuccess";
    return envelope(context, "StationLogin", std::move(data));
}

json logout_frame(const FrameContext& context, const std::string& logged_out_by) {
    const Agent& agent = context.agent;
    json data = {{"agentId", agent.id},
                 {"agentSessionId", agent.session_id},
                 {"status", "LoggedOut"},
                 {"subStatus", "Idle"},
                 {"loggedOutBy", logged_out_by},
                 {"roles", {"agent"}},
                 {"eventType", "AgentDesktopMessage"},
                 {"type", "AgentLogoutSuccess"}};
    return envelope(context, "Logout", std::move(data));
}

json agent_failure_frame(const FrameContext& context, const std::string& type, const std::string& failure,
                         const std::string& reason) {
    json data = {{"agentId", context.agent.id},
                 {"agentSessionId", context.agent.session_id},
                 {"eventType", "AgentDesktopMessage"},
                 {"reason", reason},
                 {"reasonCode", 0},
                 {"type", failure}};
    return envelope(context, type, std::move(data));
}

}  // namespace wxcc_sim
