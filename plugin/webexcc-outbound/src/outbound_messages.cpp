#include "outbound_messages.hpp"

namespace webexcc::outbound {

using nlohmann::json;

namespace {

// Appends `text` as a JSON string literal.
void append_string(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

std::string envelope(std::string_view topic, std::string_view subtopic, std::string_view message) {
    std::string out;
    out.reserve(message.size() + 96);
    out += R"({"channel":)";
    append_string(out, channel);
    out += R"(,"topic":)";
    append_string(out, topic);
    out += R"(,"subtopic":)";
    append_string(out, subtopic);
    out += R"(,"message":)";
    out += message;
    out += '}';
    return out;
}

std::string_view or_else(std::string_view value, std::string_view fallback) { return value.empty() ? fallback : value; }

}  // namespace

std::string call_state_change(const CallEvent& e) {
    static const CallSnapshot none;
    const CallSnapshot& s = e.snapshot ? *e.snapshot : none;
    std::string_view direction = or_else(s.direction, "OUTBOUND");
    std::string_view to = or_else(s.dnis, e.dialled);
    std::string_view from = or_else(s.ani, e.outdial_ani);

    // Built in place, in the sample's key order; the notification goes in as received.
    std::string out;
    out.reserve(e.notification_text.size() + 640);
    out += R"({"channel":)";
    append_string(out, channel);
    out += R"(,"topic":)";
    append_string(out, call_topic);
    out += R"(,"subtopic":)";
    append_string(out, call_subtopic);
    out += R"(,"message":{"source":"event",)";
    if (!e.request_id.empty()) {
        out += R"("requestId":)";
        append_string(out, e.request_id);
        out += ',';
    }
    out += R"("call":{"id":)";
    append_string(out, e.call_id);
    out += R"(,"ResponseActual":)";
    out += e.notification_text.empty() ? std::string_view("{}") : e.notification_text;
    out += R"(,"ResponseFields":{"fromAddress":)";
    append_string(out, from);
    out += R"(,"toAddress":)";
    append_string(out, to);
    out += R"(,"CallState":)";
    append_string(out, s.state);
    out += R"(,"Type":)";
    append_string(out, direction);
    out += R"(,"Campaign":)";
    append_string(out, s.org_id);
    out += R"(,"OutBoundType":"manualdial"},"CallType":)";
    append_string(out, direction);
    out += R"(,"event":)";
    append_string(out, e.event);
    out += R"(,"CallVariables":{"ani":)";
    append_string(out, from);
    out += R"(,"dn":)";
    append_string(out, to);
    out += R"(,"ronaTimeout":)";
    append_string(out, s.rona_timeout);
    out += R"(,"virtualTeamName":)";
    append_string(out, s.virtual_team_name);
    out += '}';
    if (!e.reason.empty()) {
        out += R"(,"reason":)";
        append_string(out, e.reason);
        out += R"(,"reasonCode":)";
        out += e.reason_code ? e.reason_code->dump() : std::string("null");
        if (!e.reason_message.empty()) {
            out += R"(,"reasonMessage":)";
            append_string(out, e.reason_message);
        }
    }
    out += "}}}";
    return out;
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
