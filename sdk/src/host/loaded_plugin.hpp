#pragma once
// One plugin library and the instance created from it: the host's side of the C ABI for one
// plugin. Private to the host library.

#include "workspace/host/log.hpp"
#include "workspace/host/message_bus.hpp"
#include "workspace/host/plugin_host.hpp"
#include "workspace/host/plugin_manifest.hpp"
#include "workspace/plugin_api.h"

#include <boost/dll/shared_library.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace workspace::host {

// Where a plugin is in its lifetime, and so which ABI calls it may make (plugin_api.h).
enum class PluginStage {
    created,       // create() returned: log and plugin_config_json only
    activating,    // from the start of activate: may also subscribe and publish
    active,        // activate() returned true
    deactivating,  // deactivate() called: may still publish, no delivery to it, no new subscription
    gone           // destroyed, or refused: nothing more, and nothing is called
};

// The library member is declared first so it is unloaded last, after everything that could run
// its code is gone.
class LoadedPlugin {
public:
    LoadedPlugin(boost::dll::shared_library library, const ws_plugin_entry& entry, std::string config_json,
                 MessageBus& bus, LogSink log, const HostIdentity& identity, const std::string& workspace_version,
                 const std::string& config_directory);
    ~LoadedPlugin();  // deactivate()
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    const std::string& id() const { return id_; }

    // create, check the instance, activate; on failure the reason (and the instance is destroyed
    // when it may be called, or left alone with its library loaded when not). [main]
    Result<void> activate();

    // No delivery to the plugin from here on; then the plugin stops and is destroyed. [main]
    void deactivate();

    // The plugin's WS_EXT_PLUGIN_STATUS text, when it offers one and it is strict JSON. [main]
    std::optional<std::string> status();

private:
    Result<void> check_instance();
    void enter(PluginStage stage);
    void close_subscriptions();
    void destroy();
    template <class Call>
    auto guarded(const char* what, Call call) -> decltype(call());

    static LoadedPlugin& self(const ws_host* host) { return *static_cast<LoadedPlugin*>(host->host_data); }
    static const char* WS_ABI plugin_config_json(const ws_host* host) noexcept;
    static bool WS_ABI publish(const ws_host* host, const ws_message* message) noexcept;
    static ws_subscription_id WS_ABI subscribe(const ws_host* host, const char* channel, const char* topic,
                                               const char* subtopic, ws_message_handler handler,
                                               void* user_data) noexcept;
    static void WS_ABI unsubscribe(const ws_host* host, ws_subscription_id subscription) noexcept;
    static void WS_ABI log(const ws_host* host, ws_log_level level, const char* text) noexcept;
    static const void* WS_ABI get_extension(const ws_host* host, const char* id) noexcept;

    boost::dll::shared_library library_;
    const ws_plugin_entry& entry_;
    std::string id_;
    std::string config_json_;
    MessageBus& bus_;
    LogSink log_;
    ws_host host_{};
    const ws_plugin* instance_ = nullptr;

    mutable std::mutex mutex_;  // guards stage_ and subscriptions_: ABI calls come from any thread
    PluginStage stage_ = PluginStage::created;
    std::vector<SubscriptionId> subscriptions_;
};

}  // namespace workspace::host
