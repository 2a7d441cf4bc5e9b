#include "workspace/host/plugin_host.hpp"

#include "workspace/message/strict_json.hpp"
#include "workspace/plugin_api.h"

#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <mutex>
#include <optional>
#include <variant>

namespace workspace::host {

namespace {

std::string version_text(const ws_version& version) {
    return std::to_string(version.major) + "." + std::to_string(version.minor) + "." + std::to_string(version.patch);
}

constexpr ws_version host_abi = WS_ABI_VERSION_INIT;


std::optional<PluginDeclaration> read_manifest(const std::filesystem::path& library) {
    std::ifstream in(manifest_path(library));
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return parse_manifest(text.str());
}

}  // namespace

// One plugin library and the instance created from it. The library member is declared first so it
// is unloaded last, after everything that could run its code is gone.
class LoadedPlugin {
public:
    LoadedPlugin(boost::dll::shared_library library, const ws_plugin_entry& entry, std::string config_json,
                 MessageBus& bus, LogSink log, const HostIdentity& identity,
                 const std::string& workspace_version, const std::string& config_directory)
        : library_(std::move(library)), entry_(entry), id_(entry.id), config_json_(std::move(config_json)),
          bus_(bus), log_(std::move(log)) {
        host_.abi_version = host_abi;
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
    }

    ~LoadedPlugin() { deactivate(); }
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    const std::string& id() const { return id_; }

    // create + activate; on failure the instance is destroyed again and the reason returned.
    std::optional<PluginRefusal> activate() {
        open(true, true);
        instance_ = guarded("create", [&] { return entry_.create(&host_); });
        if (instance_ == nullptr) {
            close_subscriptions();
            open(false, false);
            return PluginRefusal{"CREATE_FAILED", "plugin \"" + id_ + "\" could not create an instance"};
        }
        const auto& abi = instance_->abi_version;
        if (!abi_compatible({abi.major, abi.minor, abi.patch}) || !instance_->activate || !instance_->deactivate ||
            !instance_->destroy) {
            destroy();
            return PluginRefusal{"ABI_MISMATCH", "plugin \"" + id_ + "\" returned an instance built for plugin ABI " +
                                               version_text(instance_ ? instance_->abi_version : ws_version{}) +
                                               " or with missing functions"};
        }
        bool activated = guarded("activate", [&] { return instance_->activate(instance_); });
        if (!activated) {
            destroy();
            return PluginRefusal{"ACTIVATION_FAILED", "plugin \"" + id_ + "\" did not activate (see its log above)"};
        }
        active_ = true;
        return std::nullopt;
    }

    // No delivery to the plugin from here on; then the plugin stops and is destroyed.
    void deactivate() {
        if (!active_) return;
        active_ = false;
        close_subscriptions();
        guarded("deactivate", [&] {
            instance_->deactivate(instance_);
            return true;
        });
        destroy();
    }

private:
    void open(bool subscriptions, bool publishing) {
        std::lock_guard lock(mutex_);
        accepting_subscriptions_ = subscriptions;
        accepting_publish_ = publishing;
    }

    void close_subscriptions() {
        std::vector<SubscriptionId> left;
        {
            std::lock_guard lock(mutex_);
            accepting_subscriptions_ = false;
            left.swap(subscriptions_);
        }
        for (auto id : left) bus_.unsubscribe(id);
    }

    void destroy() {
        close_subscriptions();
        open(false, false);
        if (instance_ != nullptr) {
            const ws_plugin* instance = std::exchange(instance_, nullptr);
            guarded("destroy", [&] {
                instance->destroy(instance);
                return true;
            });
        }
    }

    // Plugin code must not throw across the ABI; if a C++ plugin does anyway, contain it here.
    template <class Call>
    auto guarded(const char* what, Call call) -> decltype(call()) {
        try {
            return call();
        } catch (const std::exception& error) {
            log_(LogLevel::error, id_, std::string(what) + " threw across the plugin ABI: " + error.what());
        } catch (...) {
            log_(LogLevel::error, id_, std::string(what) + " threw across the plugin ABI");
        }
        return {};
    }

    static LoadedPlugin& self(const ws_host* host) { return *static_cast<LoadedPlugin*>(host->host_data); }

    static const char* plugin_config_json(const ws_host* host) { return self(host).config_json_.c_str(); }

    static bool publish(const ws_host* host, const ws_message* message) noexcept {
        if (host == nullptr || message == nullptr) return false;
        auto& plugin = self(host);
        try {
            if (message->abi_version.major != host_abi.major || !message->channel || !*message->channel ||
                !message->topic || !*message->topic || !message->subtopic || !*message->subtopic ||
                !message->json) {
                plugin.log_(LogLevel::error, plugin.id_, "publish refused: message without routing key or text");
                return false;
            }
            {
                std::lock_guard lock(plugin.mutex_);
                if (!plugin.accepting_publish_) return false;
            }
            return plugin.bus_.publish({message->channel, message->topic, message->subtopic,
                                        std::string(message->json, message->json_length), plugin.id_});
        } catch (...) {
            return false;
        }
    }

    static ws_subscription_id subscribe(const ws_host* host, const char* channel, const char* topic,
                                        const char* subtopic, ws_message_handler handler, void* user_data) noexcept {
        if (host == nullptr || !channel || !topic || !subtopic || !handler) return 0;
        auto& plugin = self(host);
        try {
            std::lock_guard lock(plugin.mutex_);
            if (!plugin.accepting_subscriptions_) return 0;
            auto deliver = [handler, user_data](const BusMessage& message) {
                ws_message view{host_abi,
                                message.channel.c_str(),
                                message.topic.c_str(),
                                message.subtopic.c_str(),
                                message.json.c_str(),
                                message.json.size()};
                handler(user_data, &view);
            };
            auto id = plugin.bus_.subscribe(channel, topic, subtopic, std::move(deliver), plugin.id_);
            plugin.subscriptions_.push_back(id);
            return id;
        } catch (...) {
            return 0;
        }
    }

    static void unsubscribe(const ws_host* host, ws_subscription_id id) noexcept {
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

    static void log(const ws_host* host, ws_log_level level, const char* text) noexcept {
        if (host == nullptr || text == nullptr) return;
        auto clamped = std::clamp(static_cast<int>(level), static_cast<int>(WS_LOG_DEBUG), static_cast<int>(WS_LOG_ERROR));
        try {
            self(host).log_(static_cast<LogLevel>(clamped), self(host).id_, text);
        } catch (...) {
        }
    }

    boost::dll::shared_library library_;
    const ws_plugin_entry& entry_;
    std::string id_;
    std::string config_json_;
    MessageBus& bus_;
    LogSink log_;
    ws_host host_{};
    const ws_plugin* instance_ = nullptr;
    bool active_ = false;

    std::mutex mutex_;
    bool accepting_subscriptions_ = false;
    bool accepting_publish_ = false;
    std::vector<SubscriptionId> subscriptions_;
};

PluginHost::PluginHost(HostConfig config, MessageBus& bus, LogSink log, HostIdentity identity)
    : config_(std::move(config)), bus_(bus),
      log_(log ? std::move(log) : LogSink([](LogLevel, std::string_view, std::string_view) {})),
      identity_(std::move(identity)),
      workspace_version_text_(config_.workspace_version.to_string()),
      config_directory_text_(config_.config_directory.string()) {}

PluginHost::~PluginHost() { deactivate_all(); }

std::vector<std::filesystem::path> PluginHost::library_candidates(const std::filesystem::path& folder,
                                                                  std::string_view id) {
    auto suffix = boost::dll::shared_library::suffix().string();
    return {folder / (std::string(id) + suffix), folder / ("lib" + std::string(id) + suffix)};
}

void PluginHost::refuse(const std::string& id, const PluginRefusal& refusal) {
    const auto& [code, reason] = refusal;
    log_(LogLevel::error, "host", reason);
    nlohmann::json announcement = {
        {"channel", "Workspace"},
        {"topic", "Host"},
        {"subtopic", "PluginRefused"},
        {"message",
         {{"source", "error"}, {"plugin", id}, {"error", {{"type", "PLUGIN_REFUSED"}, {"code", code}, {"message", reason}}}}}};
    bus_.publish({"Workspace", "Host", "PluginRefused", message::to_text(announcement), "host"});
}

std::optional<std::filesystem::path> PluginHost::find_library(std::string_view id) const {
    for (const auto& candidate : library_candidates(config_.plugin_directory, id))
        if (std::filesystem::exists(std::filesystem::symlink_status(candidate))) return candidate;
    return std::nullopt;
}

std::variant<PluginRefusal, std::unique_ptr<LoadedPlugin>> PluginHost::open(const PluginSettings& settings) {
    const auto& id = settings.id;
    auto path = find_library(id);
    if (!path) {
        auto candidates = library_candidates(config_.plugin_directory, id);
        return PluginRefusal{"NOT_FOUND", "plugin \"" + id + "\": no " + candidates[0].filename().string() + " or " +
                                              candidates[1].filename().string() + " in " + config_.plugin_directory.string()};
    }
    if (auto unsafe = check_file_safety(*path, config_.plugin_directory, id)) return *unsafe;

    // The manifest, when there is one, decides before anything is loaded.
    std::optional<PluginDeclaration> manifest;
    try {
        manifest = read_manifest(*path);
    } catch (const ManifestError& error) {
        return PluginRefusal{"BAD_MANIFEST", "plugin \"" + id + "\" refused: " + manifest_path(*path).string() + ": " + error.what()};
    }
    if (manifest)
        if (auto refusal = check_declaration(*manifest, id, config_.workspace_version)) return *refusal;

    // Read the symbol table from the file first: a library without the entry never runs.
    try {
        boost::dll::library_info info(*path);
        auto symbols = info.symbols();
        if (std::find(symbols.begin(), symbols.end(), WS_PLUGIN_ENTRY_SYMBOL) == symbols.end())
            return PluginRefusal{"NO_ENTRY", "plugin \"" + id + "\": " + path->string() + " does not export " +
                                                 WS_PLUGIN_ENTRY_SYMBOL + "; not a Workspace plugin"};
    } catch (const std::exception& e) {
        return PluginRefusal{"NOT_A_LIBRARY", "plugin \"" + id + "\": " + path->string() + " is not a loadable library: " + e.what()};
    }

    boost::dll::shared_library library;
    const ws_plugin_entry* entry = nullptr;
    try {
        library.load(*path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        entry = &library.get<const ws_plugin_entry>(WS_PLUGIN_ENTRY_SYMBOL);
    } catch (const std::exception& e) {
        return PluginRefusal{"LOAD_FAILED", "plugin \"" + id + "\": cannot load " + path->string() + ": " + e.what()};
    }
    auto text = [](const char* value) { return std::string(value ? value : ""); };
    PluginDeclaration declared{text(entry->id), text(entry->name), text(entry->version), text(entry->min_workspace_version),
                               {entry->abi_version.major, entry->abi_version.minor, entry->abi_version.patch}};
    if (auto refusal = check_declaration(declared, id, config_.workspace_version)) return *refusal;
    if (entry->create == nullptr) return PluginRefusal{"NO_ENTRY", "plugin \"" + id + "\" refused: its entry has no create function"};
    if (manifest && (manifest->id != declared.id || manifest->version != declared.version))
        return PluginRefusal{"MANIFEST_MISMATCH", "plugin \"" + id + "\" refused: its manifest says " + manifest->id + " " +
                                                      manifest->version + " but the library is " + declared.id + " " +
                                                      declared.version};
    return std::make_unique<LoadedPlugin>(std::move(library), *entry, settings.config.dump(), bus_, log_, identity_,
                                          workspace_version_text_, config_directory_text_);
}

std::vector<PluginOutcome> PluginHost::load_enabled() {
    std::error_code error;
    if (!std::filesystem::is_directory(config_.plugin_directory, error))
        throw PluginHostError("plugin folder \"" + config_.plugin_directory.string() + "\" does not exist");

    std::vector<PluginOutcome> outcomes;
    for (const auto& settings : config_.plugins) {
        if (!settings.enabled) {
            log_(LogLevel::debug, "host", "plugin \"" + settings.id + "\" is not enabled; its library is not opened");
            continue;
        }
        auto opened = open(settings);
        if (auto* refusal = std::get_if<PluginRefusal>(&opened)) {
            refuse(settings.id, *refusal);
            outcomes.push_back({settings.id, false, refusal->reason});
            continue;
        }
        auto plugin = std::move(std::get<std::unique_ptr<LoadedPlugin>>(opened));
        if (auto refusal = plugin->activate()) {
            refuse(settings.id, *refusal);
            outcomes.push_back({settings.id, false, refusal->reason});
            continue;
        }
        log_(LogLevel::info, "host", "plugin \"" + settings.id + "\" activated");
        outcomes.push_back({settings.id, true, {}});
        plugins_.push_back(std::move(plugin));
    }
    return outcomes;
}

std::vector<PluginListing> PluginHost::list() const {
    std::vector<PluginListing> listings;
    auto describe = [&](PluginListing listing) {
        if (listing.library.empty()) {
            listing.refusal = PluginRefusal{"NOT_FOUND", "no library in the plugin folder"};
        } else if (auto unsafe = check_file_safety(listing.library, config_.plugin_directory, listing.id)) {
            listing.refusal = unsafe;
        } else {
            try {
                listing.declaration = read_manifest(listing.library);
                if (listing.declaration)
                    listing.refusal = check_declaration(*listing.declaration, listing.id, config_.workspace_version);
                else
                    listing.refusal = PluginRefusal{"NO_MANIFEST", "no manifest: cannot tell without loading the library"};
            } catch (const ManifestError& error) {
                listing.refusal = PluginRefusal{"BAD_MANIFEST", error.what()};
            }
        }
        listings.push_back(std::move(listing));
    };
    for (const auto& settings : config_.plugins)
        describe({settings.id, find_library(settings.id).value_or(std::filesystem::path()), std::nullopt, true,
                  settings.enabled, std::nullopt});

    // Libraries in the folder that the configuration does not mention.
    std::error_code error;
    auto suffix = boost::dll::shared_library::suffix().string();
    for (const auto& file : std::filesystem::directory_iterator(config_.plugin_directory, error)) {
        if (file.path().extension() != suffix) continue;
        auto id = file.path().stem().string();
        if (id.rfind("lib", 0) == 0 && !config_.find_plugin(id)) id = id.substr(3);
        if (config_.find_plugin(id) || config_.find_plugin(file.path().stem().string())) continue;
        describe({id, file.path(), std::nullopt, false, false, std::nullopt});
    }
    return listings;
}

void PluginHost::deactivate_all() {
    while (!plugins_.empty()) {
        auto id = plugins_.back()->id();
        plugins_.pop_back();  // deactivates, destroys, unloads
        log_(LogLevel::info, "host", "plugin \"" + id + "\" deactivated");
    }
}

}  // namespace workspace::host
