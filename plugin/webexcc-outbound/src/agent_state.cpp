#include "agent_state.hpp"

#include "call_control.hpp"
#include "outbound_messages.hpp"

#include "webexcc/client/requests.hpp"
#include "workspace/message/envelope.hpp"

#include <nlohmann/json.hpp>

namespace webexcc::outbound {

using nlohmann::json;

std::string_view subtopic_of(AgentStateChange change) {
    return change == AgentStateChange::ready ? "SetReadyState" : "SetNotReadyState";
}

AgentStateRequest read_agent_state_request(std::string_view text) {
    auto fields = read_request_fields(text, R"({"auxCodeId": "..."})");
    AgentStateRequest request{fields.request_id, "", fields.problem};
    if (!request.problem.empty() || fields.data.is_null()) return request;
    auto aux_code = text_member(fields.data, "auxCodeId");
    if (!aux_code) request.problem = "\"data.auxCodeId\" must be the idle code id as a string";
    else request.aux_code_id = *aux_code;
    return request;
}

AgentStateDecision decide_agent_state(AgentStateChange change, std::string_view request_text, bool connected,
                                      const std::string& default_idle_code, const std::string& agent_id,
                                      const client::AgentProfile* profile) {
    auto request = read_agent_state_request(request_text);
    AgentStateDecision decision;
    decision.request_id = request.request_id;
    auto refuse = [&](std::string_view code, std::string message) {
        auto subtopic = subtopic_of(change);
        decision.messages.push_back(
            {"Agent", std::string(subtopic), agent_state_error(subtopic, code, message, request.request_id)});
        decision.why_refused = std::move(message);
        return decision;
    };
    if (!request.problem.empty()) return refuse("INVALID_REQUEST", request.problem);
    bool ready = change == AgentStateChange::ready;
    // Available takes the idle code "0" (as Webex's clients send); Idle needs a real one.
    auto aux_code = ready ? std::string("0") : request.aux_code_id.empty() ? default_idle_code : request.aux_code_id;
    if (!connected) return refuse("NOT_CONNECTED", "not connected to Webex Contact Center");
    if (aux_code.empty())
        return refuse("AUX_CODE_REQUIRED",
                      "an idle code is needed: give data.auxCodeId or configure notReadyAuxCodeId");
    if (!ready && profile != nullptr && profile->idle_code(aux_code) == nullptr)
        return refuse("UNKNOWN_IDLE_CODE", "the idle code is not one of the agent's profile");
    decision.request = client::set_agent_state(ready ? "Available" : "Idle", aux_code, agent_id);
    return decision;
}

Outgoing agent_state_refused(AgentStateChange change, std::string_view request_id, const workspace::Problem& error) {
    auto subtopic = subtopic_of(change);
    return {"Agent", std::string(subtopic), agent_state_error(subtopic, error.code, error.message, request_id)};
}

}  // namespace webexcc::outbound
