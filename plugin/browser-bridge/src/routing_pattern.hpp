#pragma once
// Routing keys and patterns written "channel/topic/subtopic" in the bridge's configuration. A
// pattern's part is a name or "*" (any name); names match case-insensitively, as the bus does.
// Pure.

#include "workspace/message/envelope.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace browser_bridge {

using workspace::message::RoutingKey;

struct RoutingPattern {
    std::string channel;  // a name, or "*"
    std::string topic;
    std::string subtopic;

    bool matches(const RoutingKey& key) const;
    std::string to_string() const { return channel + "/" + topic + "/" + subtopic; }
};

// "Webexcc/OutboundCall/*" -> a pattern. Throws std::invalid_argument saying why (not three
// non-empty parts).
RoutingPattern parse_pattern(std::string_view text);

// An exact key: a pattern without "*". Throws std::invalid_argument otherwise.
RoutingKey parse_exact_key(std::string_view text);

bool any_matches(const std::vector<RoutingPattern>& patterns, const RoutingKey& key);

}  // namespace browser_bridge
