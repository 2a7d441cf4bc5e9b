#include "outbound_messages.hpp"

namespace webexcc::outbound {

using nlohmann::json;

namespace {

std::string json_string(std::string_view text) { return json(text).dump(); }

std::string envelope(std::string_view topic, std::string_view subtopic, const std::string& message) {
    std::string out = R"({"channel":)" + json_string(channel) + R"(,"topic":)" + json_string(topic) + R"(,"subtopic":)" +
                      json_string(subtopic) + R"(,"message":)" + message + "}";
    return out;
}

std::string_view or_else(std::string_view value, std::string_view fallback) { return value.empty() ? fallback : value; }

}  // namespace

std::string call_state_change(const CallEvent& e) {
    static const CallSnapshot none;
    const CallSnapshot& s = e.snapshot ? *e.snapshot : none;
    std::string_view direction = or_else(s.direction, "OUTBOUND");
    std::string_view to = or_else(s.dnis, e.dialled);

    std::string call;
    call.reserve(e.notification_text.size() + 512);
    call += R"({"id":)" + json_string(e.call_id);
    call += R"(,"ResponseActual":)";
    call += e.notification_text.empty() ? std::string_view("{}") : e.notification_text;
    call += R"(,"ResponseFields":{"fromAddress":)" + json_string(or_else(s.ani, e.outdial_ani));
    call += R"(,"toAddress":)" + json_string(to);
    call += R"(,"CallState":)" + json_string(s.state);
    call += R"(,"Type":)" + json_string(direction);
    call += R"(,"Campaign":)" + json_string(s.org_id);
    call += R"(,"OutBoundType":"manualdial"})";
    call += R"(,"CallType":)" + json_string(direction);
    call += R"(,"event":)" + json_string(e.event);
    call += R"(,"CallVariables":{"ani":)" + json_string(or_else(s.ani, e.outdial_ani));
    call += R"(,"dn":)" + json_string(to);
    call += R"(,"ronaTimeout":)" + json_string(s.rona_timeout);
    call += R"(,"virtualTeamName":)" + json_string(s.virtual_team_name) + "}";
    if (!e.reason.empty()) {
        call += R"(,"reason":)" + json_string(e.reason);
        call += R"(,"reasonCode":)" + (e.reason_code ? e.reason_code->dump() : std::string("null"));
        if (!e.reason_message.empty()) call += R"(,"reasonMessage":)" + json_string(e.reason_message);
    }
    call += "}";

    std::string message = R"({"source":"event",)";
    if (!e.request_id.empty()) message += R"("requestId":)" + json_string(e.request_id) + ",";
    message += R"("call":)" + call + "}";
    return envelope(call_topic, call_subtopic, message);
}

std::string make_call_error(std::string_view code, std::string_view message, std::string_view request_id) {
    json body = {{"source", "error"}, {"error", {{"type", "MAKE_CALL_FAILED"}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return envelope(call_topic, call_subtopic, body.dump());
}

std::string agent_state_change(std::string_view state, std::string_view reason, std::string_view aux_code_id) {
    json body = {{"source", "event"},
                 {"agent", {{"state", state}, {"ready", state == "Available"}, {"reason", reason}, {"auxCodeId", aux_code_id}}}};
    return envelope(agent_topic, agent_subtopic, body.dump());
}

std::string agent_state_error(std::string_view subtopic, std::string_view code, std::string_view message,
                              std::string_view request_id) {
    json body = {{"source", "error"}, {"error", {{"type", "SET_AGENTSTATE_FAILED"}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return envelope(agent_topic, subtopic, body.dump());
}

}  // namespace webexcc::outbound
