#pragma once
// Finds, checks, loads and activates the enabled plugins of a host configuration, gives each its
// `ws_host`, and shuts them down in order. Embeddable in any application.

#include "workspace/host/host_config.hpp"
#include "workspace/host/log.hpp"
#include "workspace/host/message_bus.hpp"
#include "workspace/host/plugin_manifest.hpp"
#include "workspace/problem.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace workspace::host {

class PluginHostError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PluginOutcome {
    std::string id;
    Result<void> activation;  // or why the plugin is not active

    bool active() const noexcept { return activation.has_value(); }
};

// What the plugin folder and the configuration hold, read without loading any library.
struct PluginListing {
    std::string id;
    std::filesystem::path library;                 // empty when there is none
    std::optional<PluginDeclaration> declaration;  // from the manifest
    bool configured = false;
    bool enabled = false;
    Result<void> would_load;  // or why it would not
};

class LoadedPlugin;  // one plugin library and its instance; defined in plugin_host.cpp

// How the host introduces itself to plugins (ws_host.host_name / host_version).
struct HostIdentity {
    std::string name = "workspace-host";
    std::string version = "1.0.0";
};

class PluginHost {
public:
    PluginHost(HostConfig config, MessageBus& bus, LogSink log, HostIdentity identity = {});
    ~PluginHost();  // deactivate_all()
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Loads and activates every enabled plugin, in configuration order: file safety, manifest,
    // entry symbol, ABI and Workspace version are checked before any plugin code runs. A plugin that is refused
    // or fails to activate is logged, announced on the bus (Workspace / Host / PluginRefused) and
    // skipped; libraries of plugins that are not enabled are never opened. Throws PluginHostError
    // when the plugin folder does not exist. [main]
    std::vector<PluginOutcome> load_enabled();

    // Every configured plugin and every library in the folder, with whether it would load on this
    // Workspace and why not, from the manifests alone. [any]
    std::vector<PluginListing> list() const;

    // The status an active plugin reports through its WS_EXT_PLUGIN_STATUS extension (a JSON
    // object as text); nullopt when it is not active or offers none. [main]
    std::optional<std::string> plugin_status(std::string_view id);

    // Deactivates and destroys the active plugins in reverse order, then unloads their libraries.
    // No message reaches a plugin once its deactivate has been called. [main]
    void deactivate_all();

    // The library file a plugin id is looked for in the plugin folder ("<id>.so" or "lib<id>.so").
    static std::vector<std::filesystem::path> library_candidates(const std::filesystem::path& folder,
                                                                 std::string_view id);

private:
    std::optional<std::filesystem::path> find_library(std::string_view id) const;
    Result<std::unique_ptr<LoadedPlugin>> open(const PluginSettings& settings);
    void refuse(const std::string& id, const Problem& refusal);

    HostConfig config_;
    MessageBus& bus_;
    LogSink log_;
    HostIdentity identity_;
    std::string workspace_version_text_;
    std::string config_directory_text_;
    std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
};

}  // namespace workspace::host
