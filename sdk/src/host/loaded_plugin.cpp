#include "loaded_plugin.hpp"

#include "workspace/json/strict_json.hpp"

#include <algorithm>
#include <memory>

namespace workspace::host {

namespace {

std::string version_text(const ws_version& version) {
    return std::to_string(version.major) + "." + std::to_string(version.minor) + "." + std::to_string(version.patch);
}

// Instances the host refused without calling, and their libraries: the instance cannot be
// destroyed and may have started threads, so neither is ever freed or unloaded (and both stay
// reachable, which is what they are: kept, not leaked).
void keep_forever(boost::dll::shared_library library, const ws_plugin* instance) {
    static auto* kept = new std::vector<std::pair<boost::dll::shared_library, const ws_plugin*>>;  // never destroyed
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    kept->emplace_back(std::move(library), instance);
}

}  // namespace

LoadedPlugin::LoadedPlugin(boost::dll::shared_library library, const ws_plugin_entry& entry, std::string config_json,
                           MessageBus& bus, LogSink log, const HostIdentity& identity,
                           const std::string& workspace_version, const std::string& config_directory)
    : library_(std::move(library)),
      entry_(entry),
      id_(entry.id),
      config_json_(std::move(config_json)),
      bus_(bus),
      log_(std::move(log)) {
    host_.abi_version = WS_ABI_VERSION_INIT;
    host_.host_data = this;
    host_.host_name = identity.name.c_str();
    host_.host_version = identity.version.c_str();
    host_.workspace_version = workspace_version.c_str();
    host_.config_directory = config_directory.c_str();
    host_.plugin_config_json = &LoadedPlugin::plugin_config_json;
    host_.publish = &LoadedPlugin::publish;
    host_.subscribe = &LoadedPlugin::subscribe;
    host_.unsubscribe = &LoadedPlugin::unsubscribe;
    host_.log = &LoadedPlugin::log;
    host_.get_extension = &LoadedPlugin::get_extension;
}

LoadedPlugin::~LoadedPlugin() { deactivate(); }

Result<void> LoadedPlugin::activate() {
    instance_ = guarded("create", [&] { return entry_.create(&host_); });
    if (instance_ == nullptr) {
        enter(PluginStage::gone);
        return Problem{"CREATE_FAILED", "plugin \"" + id_ + "\" could not create an instance"};
    }
    if (auto checked = check_instance(); !checked) {
        // Its layout or its functions are not what this host knows: call nothing, not even destroy.
        enter(PluginStage::gone);
        keep_forever(std::move(library_), std::exchange(instance_, nullptr));
        return checked;
    }
    enter(PluginStage::activating);
    bool activated = guarded("activate", [&] { return instance_->activate(instance_); });
    if (!activated) {
        destroy();
        return Problem{"ACTIVATION_FAILED", "plugin \"" + id_ + "\" did not activate (see its log above)"};
    }
    enter(PluginStage::active);
    return {};
}

Result<void> LoadedPlugin::check_instance() {
    const auto& abi = instance_->abi_version;  // every ABI version starts with it
    std::string who = "plugin \"" + id_ + "\" refused: its instance ";
    if (!abi_compatible({abi.major, abi.minor, abi.patch}))
        return Problem{"ABI_MISMATCH", who + "is built for plugin ABI " + version_text(abi) + ", this host supports " +
                                           host_abi_version().to_string()};
    if (!instance_->activate || !instance_->deactivate || !instance_->destroy)
        return Problem{"ABI_MISMATCH", who + "lacks activate, deactivate or destroy"};
    return {};
}

void LoadedPlugin::deactivate() {
    {
        std::lock_guard lock(mutex_);
        if (stage_ != PluginStage::active) return;
    }
    enter(PluginStage::deactivating);
    close_subscriptions();
    guarded("deactivate", [&] {
        instance_->deactivate(instance_);
        return true;
    });
    destroy();
}

std::optional<std::string> LoadedPlugin::status() {
    {
        std::lock_guard lock(mutex_);
        if (stage_ != PluginStage::active || instance_->get_extension == nullptr) return std::nullopt;
    }
    auto extension = guarded("get_extension", [&] {
        return static_cast<const ws_plugin_status*>(instance_->get_extension(instance_, WS_EXT_PLUGIN_STATUS));
    });
    if (extension == nullptr || extension->abi_version.major != WS_ABI_VERSION_MAJOR || !extension->write_status)
        return std::nullopt;
    std::string text(256, '\0');
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto length =
            guarded("write_status", [&] { return extension->write_status(instance_, text.data(), text.size()); });
        if (length < text.size()) {
            text.resize(length);
            if (!workspace::json_scan::check(text, {64 * 1024, 16})) return std::nullopt;
            return text;
        }
        if (length > 64 * 1024) return std::nullopt;
        text.assign(length + 1, '\0');
    }
    return std::nullopt;
}

void LoadedPlugin::enter(PluginStage stage) {
    std::lock_guard lock(mutex_);
    stage_ = stage;
}

void LoadedPlugin::close_subscriptions() {
    std::vector<SubscriptionId> left;
    {
        std::lock_guard lock(mutex_);
        left.swap(subscriptions_);
    }
    for (auto id : left) bus_.unsubscribe(id);
}

void LoadedPlugin::destroy() {
    enter(PluginStage::gone);
    close_subscriptions();
    if (const ws_plugin* instance = std::exchange(instance_, nullptr))
        guarded("destroy", [&] {
            instance->destroy(instance);
            return true;
        });
}

// Plugin code must not throw across the ABI; if a C++ plugin does anyway, contain it here.
template <class Call>
auto LoadedPlugin::guarded(const char* what, Call call) -> decltype(call()) {
    try {
        return call();
    } catch (const std::exception& error) {
        log_(LogLevel::error, id_, std::string(what) + " threw across the plugin ABI: " + error.what());
    } catch (...) {
        log_(LogLevel::error, id_, std::string(what) + " threw across the plugin ABI");
    }
    return {};
}

// ---- the ws_host functions --------------------------------------------------------------------

const char* WS_ABI LoadedPlugin::plugin_config_json(const ws_host* host) noexcept {
    return host == nullptr ? "{}" : self(host).config_json_.c_str();
}

bool WS_ABI LoadedPlugin::publish(const ws_host* host, const ws_message* message) noexcept {
    if (host == nullptr || message == nullptr) return false;
    auto& plugin = self(host);
    try {
        {
            std::lock_guard lock(plugin.mutex_);
            if (plugin.stage_ != PluginStage::activating && plugin.stage_ != PluginStage::active &&
                plugin.stage_ != PluginStage::deactivating) {
                plugin.log_(LogLevel::error, plugin.id_,
                            "publish refused: only valid from activate until deactivate returns");
                return false;
            }
        }
        if (message->abi_version.major != WS_ABI_VERSION_MAJOR || !message->channel || !*message->channel ||
            !message->topic || !*message->topic || !message->subtopic || !*message->subtopic || !message->json) {
            plugin.log_(LogLevel::error, plugin.id_, "publish refused: message without routing key or text");
            return false;
        }
        // The bus checks the text is strict JSON and logs what it refuses.
        return plugin.bus_.publish({message->channel, message->topic, message->subtopic,
                                    std::string(message->json, message->json_length), plugin.id_});
    } catch (...) {
        return false;
    }
}

ws_subscription_id WS_ABI LoadedPlugin::subscribe(const ws_host* host, const char* channel, const char* topic,
                                                  const char* subtopic, ws_message_handler handler,
                                                  void* user_data) noexcept {
    if (host == nullptr || !channel || !topic || !subtopic || !handler) return 0;
    auto& plugin = self(host);
    try {
        std::lock_guard lock(plugin.mutex_);
        if (plugin.stage_ != PluginStage::activating && plugin.stage_ != PluginStage::active) {
            plugin.log_(LogLevel::error, plugin.id_,
                        "subscribe refused: only valid from activate until deactivate is called");
            return 0;
        }
        auto deliver = [handler, user_data](const BusMessage& message) {
            ws_message view{WS_ABI_VERSION_INIT,      message.channel.c_str(), message.topic.c_str(),
                            message.subtopic.c_str(), message.json.c_str(),    message.json.size()};
            handler(user_data, &view);
        };
        auto id = plugin.bus_.subscribe(channel, topic, subtopic, std::move(deliver), plugin.id_);
        plugin.subscriptions_.push_back(id);
        return id;
    } catch (...) {
        return 0;
    }
}

void WS_ABI LoadedPlugin::unsubscribe(const ws_host* host, ws_subscription_id id) noexcept {
    if (host == nullptr || id == 0) return;
    auto& plugin = self(host);
    try {
        {
            std::lock_guard lock(plugin.mutex_);
            auto& ids = plugin.subscriptions_;
            auto found = std::find(ids.begin(), ids.end(), id);
            if (found == ids.end()) return;  // not this plugin's, or already removed by the host
            ids.erase(found);
        }
        plugin.bus_.unsubscribe(id);
    } catch (...) {
    }
}

void WS_ABI LoadedPlugin::log(const ws_host* host, ws_log_level level, const char* text) noexcept {
    if (host == nullptr || text == nullptr) return;
    auto clamped = std::clamp(static_cast<int>(level), static_cast<int>(WS_LOG_DEBUG), static_cast<int>(WS_LOG_ERROR));
    try {
        self(host).log_(static_cast<LogLevel>(clamped), self(host).id_, utf8::repaired(text));
    } catch (...) {
    }
}

const void* WS_ABI LoadedPlugin::get_extension(const ws_host*, const char*) noexcept {
    return nullptr;  // this host offers no extension yet; plugins probe and do without
}

}  // namespace workspace::host
