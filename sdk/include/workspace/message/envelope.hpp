#pragma once
// The message envelope shared by every Workspace API: {"channel", "topic", "subtopic", "data" |
// "message"}. Vendor pages spell keys and values inconsistently ("Subtopic", "OutboundCall" vs
// "outbound"), so keys are found and routing values compared case-insensitively.

#include "workspace/json/json_scan.hpp"
#include "workspace/problem.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace workspace::message {

inline char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

inline std::string to_lower(std::string_view text) {
    std::string lowered(text);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), ascii_lower);
    return lowered;
}

// The value of `key` in `object`, whatever its case; nullptr when absent or not an object.
inline const nlohmann::json* find_key(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    if (auto exact = object.find(key); exact != object.end()) return &*exact;
    for (auto it = object.begin(); it != object.end(); ++it)
        if (iequals(it.key(), key)) return &it.value();
    return nullptr;
}

struct RoutingKey {
    std::string channel;
    std::string topic;
    std::string subtopic;
};

// Reads channel / topic / subtopic from an envelope, or BAD_ENVELOPE saying which part is wrong
// when the envelope is not an object or a part is missing, empty or not a string (never quoting it).
inline Result<RoutingKey> routing_key_of(const nlohmann::json& envelope) {
    if (!envelope.is_object()) return Problem("BAD_ENVELOPE", "a message must be a JSON object");
    RoutingKey key;
    using Part = std::pair<std::string_view, std::string*>;
    for (auto [name, part] :
         {Part{"channel", &key.channel}, Part{"topic", &key.topic}, Part{"subtopic", &key.subtopic}}) {
        const nlohmann::json* value = find_key(envelope, name);
        if (value == nullptr) return Problem("BAD_ENVELOPE", "message has no \"" + std::string(name) + "\"");
        if (!value->is_string() || value->get_ref<const std::string&>().empty())
            return Problem("BAD_ENVELOPE", "message \"" + std::string(name) + "\" must be a non-empty string");
        *part = value->get<std::string>();
    }
    return key;
}

// Whether a message's text is an answer or an event rather than a request: strict JSON with a
// top-level `message` member (any case). Requests carry `data`. Text that is not strict JSON is not
// an answer (the bus never carries it; a request handler given it refuses it).
inline bool is_answer(std::string_view text) {
    bool answer = false;
    auto valid = json_scan::scan(text, [&](const json_scan::Member& member) {
        if (member.depth == 1 && iequals(member.key, "message")) answer = true;
        return false;  // the top level is all that counts
    });
    return valid && answer;
}

}  // namespace workspace::message
