#include "workspace/host/host_config.hpp"

#include "workspace/files/setting_path.hpp"
#include "workspace/files/utf8_path.hpp"
#include "workspace/json/strict_json.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace workspace::host {

namespace {

using nlohmann::json;

void warn_unknown_keys(const json& object, std::initializer_list<std::string_view> known, std::string_view where,
                       std::vector<std::string>& warnings) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool is_known = false;
        for (auto key : known) is_known = is_known || it.key() == key;
        if (!is_known) warnings.push_back("unknown key \"" + it.key() + "\" in " + std::string(where) + " ignored");
    }
}

const json& require(const json& object, const char* key, json::value_t type, std::string_view where) {
    auto it = object.find(key);
    if (it == object.end()) throw ConfigError(std::string(where) + ": missing \"" + key + "\"");
    if (it->type() != type)
        throw ConfigError(std::string(where) + ": \"" + key + "\" must be a " + json(type).type_name());
    return *it;
}

PluginSettings parse_plugin(const json& entry, std::size_t index, std::vector<std::string>& warnings) {
    std::string where = "plugins[" + std::to_string(index) + "]";
    if (!entry.is_object()) throw ConfigError(where + " must be an object");
    PluginSettings settings;
    settings.id = require(entry, "id", json::value_t::string, where).get<std::string>();
    bool safe_name = !settings.id.empty() && settings.id.front() != '.' &&
                     std::all_of(settings.id.begin(), settings.id.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                     });
    if (!safe_name)
        throw ConfigError(
            where +
            ": \"id\" must be letters, digits, '-', '_' or '.', not starting with '.' (it names the library file)");
    where += " (\"" + settings.id + "\")";
    if (auto enabled = entry.find("enabled"); enabled != entry.end()) {
        if (!enabled->is_boolean()) throw ConfigError(where + ": \"enabled\" must be true or false");
        settings.enabled = enabled->get<bool>();
    }
    if (auto config = entry.find("config"); config != entry.end()) {
        if (!config->is_object()) throw ConfigError(where + ": \"config\" must be an object");
        settings.config = *config;
    }
    warn_unknown_keys(entry, {"id", "enabled", "config"}, where, warnings);
    return settings;
}

}  // namespace

const PluginSettings* HostConfig::find_plugin(std::string_view id) const {
    for (const auto& plugin : plugins)
        if (plugin.id == id) return &plugin;
    return nullptr;
}

HostConfig parse_host_config(std::string_view text, const std::filesystem::path& base_directory) {
    auto parsed = workspace::parse_strict(text);
    if (!parsed) throw ConfigError("not valid JSON: " + parsed.error().message);
    const json& root = *parsed;

    HostConfig config;
    config.config_directory = base_directory;
    const json& workspace = require(root, "workspace", json::value_t::object, "configuration");
    const json& version = require(workspace, "version", json::value_t::string, "workspace");
    try {
        config.workspace_version = WorkspaceVersion::parse(version.get<std::string>());
    } catch (const std::invalid_argument& error) {
        throw ConfigError(std::string("workspace.version: ") + error.what());
    }
    warn_unknown_keys(workspace, {"version"}, "workspace", config.warnings);

    std::string directory = "plugins";
    if (auto it = root.find("pluginDirectory"); it != root.end()) {
        if (!it->is_string() || it->get_ref<const std::string&>().empty())
            throw ConfigError("\"pluginDirectory\" must be a non-empty string");
        directory = it->get<std::string>();
    }
    // UTF-8 (and on Windows %VARIABLES% expanded), relative to the configuration's folder.
    config.plugin_directory = workspace::files::setting_path(base_directory, directory).lexically_normal();

    if (auto it = root.find("logLevel"); it != root.end()) {
        auto level = it->is_string() ? log_level_from_string(it->get<std::string>()) : std::nullopt;
        if (!level) throw ConfigError("\"logLevel\" must be one of \"debug\", \"info\", \"warning\", \"error\"");
        config.log_level = *level;
    }

    if (auto it = root.find("plugins"); it != root.end()) {
        if (!it->is_array()) throw ConfigError("\"plugins\" must be an array");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < it->size(); ++i) {
            auto settings = parse_plugin((*it)[i], i, config.warnings);
            if (!seen.insert(settings.id).second) throw ConfigError("plugin \"" + settings.id + "\" is listed twice");
            config.plugins.push_back(std::move(settings));
        }
    }
    warn_unknown_keys(root, {"workspace", "pluginDirectory", "logLevel", "plugins"}, "configuration", config.warnings);
    return config;
}

HostConfig load_host_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError("cannot read host configuration \"" + workspace::files::utf8_of(file) + "\"");
    std::ostringstream text;
    text << in.rdbuf();
    auto base = std::filesystem::absolute(file).parent_path();
    try {
        return parse_host_config(text.str(), base);
    } catch (const ConfigError& error) {
        throw ConfigError("host configuration \"" + workspace::files::utf8_of(file) + "\": " + error.what());
    }
}

}  // namespace workspace::host
