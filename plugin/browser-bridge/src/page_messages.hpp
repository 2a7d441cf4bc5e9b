#pragma once
// What the bridge makes of the text a page sends, and the texts it sends back of its own. Pure.
//
// A page sends a bus message as JSON text, e.g.
//   {"channel":"Webexcc","topic":"OutboundCall","subtopic":"MakeCall","data":"917702779401","requestId":"crm-42"}
// and it is published unchanged when it is strict JSON, an envelope, and its key matches a `publish`
// pattern, and it is a request: it carries no top-level "message" (any case). Answers and events
// carry "message", and only the host's plugins publish them: a page that could would speak for a
// plugin to every other page. Otherwise the page gets, and nothing reaches the bus:
//   {"channel":"Workspace","topic":"Bridge","subtopic":"Error","message":{"source":"error","requestId":"crm-42",
//    "error":{"type":"BRIDGE_ERROR","code":"NOT_ALLOWED","message":"..."}}}

#include "routing_pattern.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace browser_bridge {

// Error codes a page may receive (docs/browser-bridge.md).
namespace refusal {
inline constexpr const char* bad_json = "BAD_JSON";            // not strict UTF-8 JSON, or a binary frame
inline constexpr const char* bad_envelope = "BAD_ENVELOPE";    // no channel / topic / subtopic
inline constexpr const char* not_allowed = "NOT_ALLOWED";      // the key is outside `publish`
inline constexpr const char* not_a_request = "NOT_A_REQUEST";  // it carries "message": an answer or an event
inline constexpr const char* rate_limited = "RATE_LIMITED";    // faster than messagesPerSecond / burst
inline constexpr const char* bus_refused = "BUS_REFUSED";      // the host did not take the message
}  // namespace refusal

struct Refusal {
    const char* code = refusal::bad_json;
    std::string message;     // never quotes the page's text
    std::string request_id;  // the message's requestId when it could be read, else ""
};

// A page's text: the key to publish it under, or why not.
std::variant<RoutingKey, Refusal> read_page_message(std::string_view text, const std::vector<RoutingPattern>& allowed);

// The Workspace / Bridge / Error message for `refusal`, as strict JSON text.
std::string bridge_error_text(const Refusal& refusal);

}  // namespace browser_bridge
