#pragma once
// The host configuration file:
//   {"workspace": {"version": "3.21.2410"}, "pluginDirectory": "plugins", "logLevel": "info",
//    "plugins": [{"id": "...", "enabled": true, "config": {...}}]}

#include "workspace/host/log.hpp"
#include "workspace/workspace_version.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace workspace::host {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PluginSettings {
    std::string id;
    bool enabled = false;
    nlohmann::json config = nlohmann::json::object();
};

struct HostConfig {
    WorkspaceVersion workspace_version;
    std::filesystem::path plugin_directory;  // absolute
    std::filesystem::path config_directory;  // the folder relative paths resolve against
    LogLevel log_level = LogLevel::info;
    std::vector<PluginSettings> plugins;
    std::vector<std::string> warnings;  // unknown keys: worth telling, not fatal

    const PluginSettings* find_plugin(std::string_view id) const;
};

// Parses configuration text; relative paths resolve against `base_directory`. Pure: no file access.
// Throws ConfigError naming the offending key.
HostConfig parse_host_config(std::string_view text, const std::filesystem::path& base_directory);

// Reads and parses a configuration file; relative paths resolve against its folder.
HostConfig load_host_config(const std::filesystem::path& file);

}  // namespace workspace::host
