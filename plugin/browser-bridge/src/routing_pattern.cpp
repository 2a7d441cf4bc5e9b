#include "routing_pattern.hpp"

#include <algorithm>
#include <stdexcept>

namespace browser_bridge {

namespace {

bool part_matches(std::string_view pattern, std::string_view name) {
    return pattern == "*" || workspace::message::iequals(pattern, name);
}

}  // namespace

bool RoutingPattern::matches(const RoutingKey& key) const {
    return part_matches(channel, key.channel) && part_matches(topic, key.topic) && part_matches(subtopic, key.subtopic);
}

RoutingPattern parse_pattern(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto slash = text.find('/', start);
        parts.emplace_back(
            text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    bool empty_part = std::any_of(parts.begin(), parts.end(), [](const std::string& part) { return part.empty(); });
    if (parts.size() != 3 || empty_part)
        throw std::invalid_argument("\"" + std::string(text) +
                                    "\" is not channel/topic/subtopic (three non-empty parts)");
    return {parts[0], parts[1], parts[2]};
}

RoutingKey parse_exact_key(std::string_view text) {
    auto pattern = parse_pattern(text);
    if (pattern.channel == "*" || pattern.topic == "*" || pattern.subtopic == "*")
        throw std::invalid_argument("\"" + std::string(text) + "\" has a \"*\": the bus subscribes exact keys only");
    return {pattern.channel, pattern.topic, pattern.subtopic};
}

bool any_matches(const std::vector<RoutingPattern>& patterns, const RoutingKey& key) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const RoutingPattern& pattern) { return pattern.matches(key); });
}

}  // namespace browser_bridge
