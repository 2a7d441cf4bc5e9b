#include "bridge_config.hpp"

#include "origin.hpp"
#include "workspace/files/setting_path.hpp"

#include <boost/asio/ip/address.hpp>

#include <limits>
#include <set>
#include <stdexcept>

namespace browser_bridge {

namespace {

const std::set<std::string> known_keys = {
    "address",           "port",           "allowedOrigins",        "accessKeyFile",    "publish",
    "subscribe",         "maxConnections", "maxPendingConnections", "requestTimeoutMs", "maxMessageBytes",
    "messagesPerSecond", "burst",          "sendQueueBytes",        "pageDirectory"};

[[noreturn]] void invalid(const std::string& key, const std::string& why) {
    throw std::invalid_argument("config \"" + key + "\" " + why);
}

template <class Number>
Number number_in(const nlohmann::json& config, const std::string& key, Number fallback, Number low, Number high) {
    auto found = config.find(key);
    if (found == config.end()) return fallback;
    bool fits = std::is_floating_point_v<Number> ? found->is_number() : found->is_number_integer();
    if (!fits) invalid(key, std::is_floating_point_v<Number> ? "must be a number" : "must be an integer");
    auto value = found->get<double>();
    if (value < double(low) || value > double(high))
        invalid(key, "must be between " + std::to_string(low) + " and " + std::to_string(high));
    return static_cast<Number>(value);
}

std::vector<std::string> strings_in(const nlohmann::json& config, const std::string& key) {
    const auto& list = config.at(key);
    if (!list.is_array()) invalid(key, "must be a list of strings");
    std::vector<std::string> texts;
    for (const auto& item : list) {
        if (!item.is_string()) invalid(key, "must be a list of strings");
        texts.push_back(item.get<std::string>());
    }
    return texts;
}

std::filesystem::path path_in(const nlohmann::json& config, const std::string& key, const std::filesystem::path& base) {
    const auto& value = config.at(key);
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) invalid(key, "must be a non-empty path");
    // An absolute path replaces the base; on Windows %NAME% variables are expanded first.
    return workspace::files::setting_path(base, value.get_ref<const std::string&>());
}

std::string loopback_address(const nlohmann::json& config) {
    auto found = config.find("address");
    if (found == config.end()) return "127.0.0.1";
    if (!found->is_string()) invalid("address", "must be a string");
    boost::system::error_code error;
    auto address = boost::asio::ip::make_address(found->get<std::string>(), error);
    if (error) invalid("address", "is not an IP address");
    if (!address.is_loopback())
        invalid("address",
                "must be a loopback address (127.0.0.1 or ::1): the bridge is for pages on this machine only");
    return address.to_string();
}

std::vector<std::string> origins_in(const nlohmann::json& config) {
    if (!config.contains("allowedOrigins")) return {};
    std::vector<std::string> origins;
    for (const auto& text : strings_in(config, "allowedOrigins")) {
        auto origin = normalized_origin(text);
        if (!origin)
            invalid("allowedOrigins",
                    "holds \"" + text +
                        "\", which is not an origin (scheme://host[:port], http or https, "
                        "no path; \"*\" is not accepted: it would let any web page drive the agent's calls)");
        origins.push_back(*origin);
    }
    return origins;
}

template <class Item, class Parse>
std::vector<Item> keys_in(const nlohmann::json& config, const std::string& key, std::vector<Item> fallback,
                          Parse parse) {
    if (!config.contains(key)) return fallback;
    std::vector<Item> items;
    for (const auto& text : strings_in(config, key)) {
        try {
            items.push_back(parse(text));
        } catch (const std::invalid_argument& error) {
            invalid(key, error.what());
        }
    }
    return items;
}

}  // namespace

std::vector<RoutingPattern> default_publish_patterns() {
    std::vector<RoutingPattern> patterns;
    // The requests of the webexcc-outbound plugin (docs/message-contract.md), never its events:
    // a page that could publish OutBoundCallStateChange could show other pages a call that is not there.
    for (const char* topic : {"OutboundCall", "Outbound"}) patterns.push_back({"Webexcc", topic, "MakeCall"});
    for (const char* topic : {"OutboundCall", "InboundCall"})
        for (const char* subtopic : {"Disconnect", "SetHold", "Resume", "SetRetrieve", "WrapUpCall", "ClearContact",
                                     "PauseRecording", "ResumeRecording", "CancelAutoWrapUp",
                                     // Consult, transfer and conference (issue 21)
                                     "Consult", "SetConsult", "AcceptConsult", "ConsultDrop", "ConsultTransfer",
                                     "Transfer", "Conference", "ExitConference", "ConferenceTransfer"})
            patterns.push_back({"Webexcc", topic, subtopic});
    for (const char* subtopic :
         {"SetReadyState", "SetNotReadyState", "WrapUpCall", "StateSync", "StationLogin", "StationLogout",
          "GetAgentProfile", "TakeOverSession", "GetBuddyAgents", "GetQueues", "GetEntryPoints", "GetAddressBook"})
        patterns.push_back({"Webexcc", "Agent", subtopic});
    patterns.push_back({"Webexcc", "App", "StateSync"});
    return patterns;
}

std::vector<RoutingKey> default_subscriptions() {
    return {{"Webexcc", "outbound", "OutBoundCallStateChange"},
            {"Webexcc", "Inbound", "InboundCallStateChange"},
            {"Webexcc", "Agent", "AgentStateChange"},
            {"Webexcc", "Agent", "AuthenticationRequired"},
            {"Webexcc", "Agent", "SessionTakenOver"},
            // The session requests' answers and errors come on the request's own key.
            {"Webexcc", "Agent", "GetAgentProfile"},
            {"Webexcc", "Agent", "StationLogin"},
            {"Webexcc", "Agent", "StationLogout"},
            {"Webexcc", "Agent", "TakeOverSession"},
            {"Webexcc", "Agent", "SetReadyState"},
            {"Webexcc", "Agent", "SetNotReadyState"},
            // The consult / transfer picker's lists: answers and errors on their own subtopics.
            {"Webexcc", "Agent", "BuddyAgents"},
            {"Webexcc", "Agent", "Queues"},
            {"Webexcc", "Agent", "EntryPoints"},
            {"Webexcc", "Agent", "AddressBook"},
            {"Webexcc", "App", "StateSync"},
            {"Webexcc", "Agent", "StateSync"},
            {"Workspace", "Host", "PluginRefused"},
            {"Workspace", "Host", "InputError"}};
}

BridgeConfig read_bridge_config(const nlohmann::json& config, const std::filesystem::path& config_directory) {
    if (!config.is_object()) throw std::invalid_argument("the plugin's config must be a JSON object");
    for (const auto& [key, value] : config.items())
        if (!known_keys.count(key)) invalid(key, "is not a setting of browser-bridge");
    BridgeConfig result;
    result.address = loopback_address(config);
    result.port = number_in<std::uint16_t>(config, "port", default_port, 0, 65535);
    result.allowed_origins = origins_in(config);
    if (config.contains("accessKeyFile")) result.access_key_file = path_in(config, "accessKeyFile", config_directory);
    result.publish = keys_in(config, "publish", default_publish_patterns(), parse_pattern);
    result.subscribe = keys_in(config, "subscribe", default_subscriptions(), parse_exact_key);
    result.max_connections = number_in<std::size_t>(config, "maxConnections", 16, 1, 1024);
    result.max_pending_connections = number_in<std::size_t>(config, "maxPendingConnections", 32, 1, 1024);
    result.request_timeout = std::chrono::milliseconds(number_in<int>(config, "requestTimeoutMs", 3000, 100, 60000));
    result.max_message_bytes = number_in<std::size_t>(config, "maxMessageBytes", 64 * 1024, 256, 1 << 20);
    result.messages_per_second = number_in<double>(config, "messagesPerSecond", 20, 0.1, 10000);
    result.burst = number_in<std::size_t>(config, "burst", 40, 1, 100000);
    result.send_queue_bytes = number_in<std::size_t>(config, "sendQueueBytes", 1 << 20, 64 * 1024, 64 << 20);
    if (config.contains("pageDirectory")) result.page_directory = path_in(config, "pageDirectory", config_directory);
    return result;
}

}  // namespace browser_bridge
