#pragma once
// Agent-state requests from the bus (SetReadyState, SetNotReadyState): read and checked, then
// either the state change to send Webex CC or a refusal. Pure: no I/O. Answers go out on the
// request's own key (Workspace's Agent spelling) and carry `message`, so a request subscription
// never takes one back for a request.

#include "outbound_messages.hpp"

#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/rest_client.hpp"
#include "workspace/problem.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

enum class AgentStateChange { ready, not_ready };

// The request's subtopic: "SetReadyState" or "SetNotReadyState".
std::string_view subtopic_of(AgentStateChange change);

// A request's own fields, typed like a call-control request's: each a string when present.
struct AgentStateRequest {
    std::string request_id;   // requestId
    std::string aux_code_id;  // data.auxCodeId; empty when absent
    std::string problem;      // why the request is malformed; empty when it is fine
};
AgentStateRequest read_agent_state_request(std::string_view request_text);

struct AgentStateDecision {
    std::vector<Outgoing> messages;             // the one refusal, when refused
    std::optional<client::ApiRequest> request;  // set when accepted: send it, once
    std::string request_id;                     // echoed if Webex refuses it
    std::string why_refused;                    // for the log, when refused
};
// `default_idle_code`: the configured notReadyAuxCodeId, for a SetNotReadyState without one.
// `profile`, once read: a Not Ready's idle code must be one of its idle codes.
AgentStateDecision decide_agent_state(AgentStateChange change, std::string_view request_text, bool connected,
                                      const std::string& default_idle_code, const std::string& agent_id,
                                      const client::AgentProfile* profile = nullptr);

// Webex refused the change (HTTP or transport): the request's one answer. Success needs none:
// the AgentStateChange notification reports it.
Outgoing agent_state_refused(AgentStateChange change, std::string_view request_id, const workspace::Problem& error);

}  // namespace webexcc::outbound
