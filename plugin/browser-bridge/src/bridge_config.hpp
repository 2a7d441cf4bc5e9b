#pragma once
// The browser-bridge plugin's configuration, read and checked before anything listens. Pure: the
// access key file and the page folder are only named here (the plugin reads them).
//
//   {"port": 8750, "allowedOrigins": ["https://crm.example.com"], "accessKeyFile": "bridge.key",
//    "publish": ["Webexcc/OutboundCall/*"], "subscribe": ["Webexcc/outbound/OutBoundCallStateChange"],
//    "maxConnections": 16, "maxPendingConnections": 32, "requestTimeoutMs": 3000, "maxMessageBytes": 65536}

#include "routing_pattern.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace browser_bridge {

inline constexpr std::uint16_t default_port = 8750;

struct BridgeConfig {
    std::string address = "127.0.0.1";         // always a loopback address
    std::uint16_t port = default_port;         // 0: any free port (logged)
    std::vector<std::string> allowed_origins;  // normal form (origin.hpp)
    std::optional<std::filesystem::path> access_key_file;
    std::vector<RoutingPattern> publish;  // what a page may publish
    std::vector<RoutingKey> subscribe;    // what pages are sent
    std::size_t max_connections = 16;     // open pages (WebSockets)
    // Connections that are not pages: waiting for an HTTP request (or an upgrade) or being answered.
    // Counted apart from pages, and when full the oldest is closed for the newcomer, so connections
    // that never finish a request (a slowloris) cannot keep pages or page loads out.
    std::size_t max_pending_connections = 32;
    std::chrono::milliseconds request_timeout{3000};      // a request must arrive, and be answered, within this
    std::size_t max_message_bytes = 64 * 1024;            // one message from a page
    double messages_per_second = 20;                      // a page's sustained publish rate...
    std::size_t burst = 40;                               // ...and the burst above it
    std::size_t send_queue_bytes = 1 << 20;               // unsent bytes a page may fall behind by
    std::optional<std::filesystem::path> page_directory;  // the agent panel; absent: the one built in
};

std::vector<RoutingPattern> default_publish_patterns();
std::vector<RoutingKey> default_subscriptions();

// Reads the plugin's "config" object; relative paths resolve against `config_directory`. Throws
// std::invalid_argument naming the key and what is wrong.
BridgeConfig read_bridge_config(const nlohmann::json& config, const std::filesystem::path& config_directory);

}  // namespace browser_bridge
