#include "page_messages.hpp"

#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"

namespace browser_bridge {

namespace {

namespace message = workspace::message;

constexpr std::size_t max_request_id = 128;

std::string request_id_of(const nlohmann::json& envelope) {
    const auto* id = message::find_key(envelope, "requestId");
    if (id == nullptr || !id->is_string() || id->get_ref<const std::string&>().size() > max_request_id) return "";
    return id->get<std::string>();
}

}  // namespace

std::variant<RoutingKey, Refusal> read_page_message(std::string_view text, const std::vector<RoutingPattern>& allowed) {
    auto parsed = workspace::parse_strict(text);
    if (!parsed) return Refusal{refusal::bad_json, "not strict JSON: " + parsed.error().message, ""};
    const auto& envelope = *parsed;
    auto routed = message::routing_key_of(envelope);
    if (!routed) return Refusal{refusal::bad_envelope, routed.error().message, request_id_of(envelope)};
    const auto& key = *routed;
    if (!any_matches(allowed, key))
        return Refusal{refusal::not_allowed,
                       "pages may not publish " + key.channel + "/" + key.topic + "/" + key.subtopic +
                           " (the bridge's \"publish\" setting)",
                       request_id_of(envelope)};
    if (message::is_answer(
            text))  // the rule pages are sent by, so what a page may publish is never forwarded as an event
        return Refusal{
            refusal::not_a_request,
            "pages publish requests only (with \"data\", or no body): a message with \"message\" is an answer "
            "or an event, which only the host's plugins publish",
            request_id_of(envelope)};
    return key;
}

std::string bridge_error_text(const Refusal& refusal) {
    nlohmann::json body = {{"source", "error"},
                           {"error", {{"type", "BRIDGE_ERROR"}, {"code", refusal.code}, {"message", refusal.message}}}};
    if (!refusal.request_id.empty()) body["requestId"] = refusal.request_id;
    return workspace::to_text(
        {{"channel", "Workspace"}, {"topic", "Bridge"}, {"subtopic", "Error"}, {"message", body}});
}

}  // namespace browser_bridge
