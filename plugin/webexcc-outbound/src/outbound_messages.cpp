#include "outbound_messages.hpp"

#include "workspace/json/strict_json.hpp"

namespace webexcc::outbound {

using nlohmann::json;
using workspace::to_text;
namespace utf8 = workspace::utf8;
using workspace::json_scan::special_in_string;

namespace {

// Appends `text` as a JSON string literal. Whatever `text` holds, the literal is valid UTF-8:
// a byte that does not start a valid sequence is written as U+FFFD.
void append_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t at = 0; at < text.size();) {
        // The run of bytes that go out as they are, appended at once.
        auto run = at;
        while (run < text.size() && !special_in_string[static_cast<unsigned char>(text[run])]) ++run;
        out.append(text, at, run - at);
        if ((at = run) == text.size()) break;
        char c = text[at];
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            auto length = utf8::sequence_length(text, at);
            if (length == 0) out += "\\ufffd", ++at;
            else out.append(text, at, length), at += length;
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else {  // a control character
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
        ++at;
    }
    out += '"';
}

// Appends `,"name":"value"` (or without the comma for the first member of an object).
void member(std::string& out, std::string_view prefixed_name, std::string_view value) {
    out += prefixed_name;
    append_string(out, value);
}

// Appends {"channel":"Webexcc","topic":...,"subtopic":...,"message": — the caller closes it.
void open_envelope(std::string& out, std::string_view topic, std::string_view subtopic) {
    member(out, R"({"channel":)", channel);
    member(out, R"(,"topic":)", topic);
    member(out, R"(,"subtopic":)", subtopic);
    out += R"(,"message":)";
}

std::string envelope(std::string_view topic, std::string_view subtopic, std::string_view message) {
    std::string out;
    out.reserve(message.size() + 96);
    open_envelope(out, topic, subtopic);
    out += message;
    out += '}';
    return out;
}

json agent_fields(const AgentView& agent) {
    json fields = {{"state", agent.state},
                   {"ready", agent.state == "Available"},
                   {"reason", agent.reason},
                   {"auxCodeId", agent.aux_code_id},
                   {"session", agent.session == Session::active ? "active" : "takenOver"}};
    if (agent.logged_in) fields["loggedIn"] = *agent.logged_in;
    for (auto [name, value] :
         {std::pair{"teamId", agent.team_id}, std::pair{"teamName", agent.team_name},
          std::pair{"loginOption", agent.login_option}, std::pair{"dialNumber", agent.dial_number}})
        if (!value.empty()) fields[name] = value;
    if (agent.state != "Available" && !agent.aux_code_id.empty())
        fields["idleCode"] = {{"id", agent.aux_code_id}, {"name", agent.idle_code_name}};
    return fields;
}

std::string_view or_else(std::string_view value, std::string_view fallback) { return value.empty() ? fallback : value; }

}  // namespace

std::string call_state_change(const CallEvent& e) {
    static const Notification none;
    const Notification& n = e.notification ? *e.notification : none;
    const client::Interaction& s = n.interaction;
    std::string_view direction = or_else(s.direction, e.inbound ? "INBOUND" : "OUTBOUND");
    bool leg = !e.parent_call_id.empty();  // a consult leg goes to the consult's `to`, not the customer
    std::string_view to = leg ? e.to_fallback : or_else(s.dnis, e.to_fallback);
    std::string_view from = or_else(s.ani, e.from_fallback);

    // Built in place, in the sample's key order; the notification goes in as received.
    std::string out;
    out.reserve(e.notification_text.size() + 640);
    open_envelope(out, e.inbound ? inbound_topic : call_topic, e.inbound ? inbound_subtopic : call_subtopic);
    out += R"({"source":"event",)";
    if (!e.request_id.empty()) {
        member(out, R"("requestId":)", e.request_id);
        out += ',';
    }
    member(out, R"("call":{"id":)", e.call_id);
    if (leg) {
        member(out, R"(,"parentCallId":)", e.parent_call_id);
        member(out, R"(,"destinationType":)", e.destination_type);
    }
    out += R"(,"ResponseActual":)";
    out += e.notification_text.empty() ? std::string_view("{}") : e.notification_text;
    member(out, R"(,"ResponseFields":{"fromAddress":)", from);
    member(out, R"(,"toAddress":)", to);
    member(out, R"(,"CallState":)", s.state);
    member(out, R"(,"Type":)", direction);
    member(out, R"(,"Campaign":)", n.org_id);
    member(out, R"(,"OutBoundType":)", e.outbound_type);
    member(out, R"(},"CallType":)", e.inbound ? "Inbound" : direction);
    member(out, R"(,"event":)", e.event);
    member(out, R"(,"CallVariables":{"ani":)", from);
    member(out, R"(,"dn":)", to);
    member(out, R"(,"ronaTimeout":)", s.rona_timeout);
    member(out, R"(,"virtualTeamName":)", s.virtual_team_name);
    out += '}';
    if (!e.reason.empty()) {
        member(out, R"(,"reason":)", e.reason);
        out += R"(,"reasonCode":)";
        out += e.reason_code ? to_text(*e.reason_code) : std::string("null");
        if (!e.reason_message.empty()) member(out, R"(,"reasonMessage":)", e.reason_message);
    }
    out += '}';
    // Beside `call`: when the plugin will wrap the call up by itself unless the agent does first.
    if (e.auto_wrap_up_at != 0) out += R"(,"autoWrapUpAt":)" + std::to_string(e.auto_wrap_up_at);
    out += "}}";
    return out;
}

std::string control_error(std::string_view request, std::string_view type, std::string_view code,
                          std::string_view message, std::string_view request_id, std::string_view call_id) {
    json body = {
        {"source", "error"}, {"request", request}, {"error", {{"type", type}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    if (!call_id.empty()) body["callId"] = call_id;
    return envelope(call_topic, call_subtopic, to_text(body));
}

std::string state_sync(const AgentView& agent, const std::vector<CallSummary>& calls, std::string_view request_id) {
    json listed = json::array();
    for (const auto& call : calls) {
        json entry = {{"id", call.id},
                      {"event", call.event},
                      {"CallState", call.call_state},
                      {"OutBoundType", call.outbound_type},
                      {"CallType", call.call_type}};
        if (!call.parent_call_id.empty()) {
            entry["parentCallId"] = call.parent_call_id;
            entry["destinationType"] = call.destination_type;
        }
        listed.push_back(std::move(entry));
    }
    json body = {{"source", "event"}, {"initState", "Loaded"}, {"agent", agent_fields(agent)}, {"calls", listed}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return envelope(app_topic, state_sync_subtopic, to_text(body));
}

std::string make_call_error(std::string_view code, std::string_view message, std::string_view request_id) {
    json body = {{"source", "error"}, {"error", {{"type", "MAKE_CALL_FAILED"}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return envelope(call_topic, call_subtopic, to_text(body));
}

std::string agent_state_change(const AgentView& agent) {
    json body = {{"source", "event"}, {"agent", agent_fields(agent)}};
    return envelope(agent_topic, agent_subtopic, to_text(body));
}

std::string session_taken_over(std::string_view reason) {
    json body = {{"source", "event"}, {"reason", reason}};
    return envelope(agent_topic, "SessionTakenOver", to_text(body));
}

std::string take_over_error(std::string_view code, std::string_view message, std::string_view request_id) {
    json body = {{"source", "error"}, {"error", {{"type", "SESSION_FAILED"}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return envelope(agent_topic, "TakeOverSession", to_text(body));
}

std::string agent_state_error(std::string_view subtopic, std::string_view code, std::string_view message,
                              std::string_view request_id) {
    json body = {{"source", "error"},
                 {"error", {{"type", "SET_AGENTSTATE_FAILED"}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return envelope(agent_topic, subtopic, to_text(body));
}

std::string authentication_required(std::string_view reason) {
    json body = {{"source", "event"}, {"reason", reason}, {"command", "wxcc-login --config <host configuration>"}};
    return envelope(agent_topic, "AuthenticationRequired", to_text(body));
}

}  // namespace webexcc::outbound
