#pragma once
// C++ side of the plugin ABI for plugin authors. A plugin is a class:
//
//   class Echo : public workspace::plugin::Plugin {
//   public:
//       using Plugin::Plugin;
//       void activate() override { requests_ = host().subscribe_requests("Example", "Echo", "Request", ...); }
//       void deactivate() override { requests_.reset(); }
//   private:
//       workspace::plugin::Subscription requests_;
//   };
//   WORKSPACE_PLUGIN(Echo, "echo", "Echo example", "1.0.0", "3.21.2410")
//
// Exceptions never cross the ABI: a throwing activate() refuses activation with its message
// logged; a throwing handler is logged and the next message is delivered normally.

#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"
#include "workspace/plugin_api.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace workspace::plugin {

enum class LogLevel { debug = WS_LOG_DEBUG, info = WS_LOG_INFO, warning = WS_LOG_WARNING, error = WS_LOG_ERROR };

// A message as delivered; the views are valid only during the handler call.
struct Message {
    std::string_view channel;
    std::string_view topic;
    std::string_view subtopic;
    std::string_view text;  // the complete JSON message

    // Throws nlohmann::json::parse_error when the text is not JSON.
    nlohmann::json json() const { return nlohmann::json::parse(text); }
};

using Handler = std::function<void(const Message&)>;

// Owns one bus subscription; unsubscribes when destroyed, reset or assigned to. After reset()
// returns the handler is not running and never runs again: from another thread it BLOCKS until a
// call of the handler in flight returns (ws_host.unsubscribe). So never reset, destroy or assign
// one while holding a lock its handler may take — e.g. a member mutex the handler locks — or
// both wait forever; release the lock first.
class Subscription {
public:
    Subscription() = default;
    Subscription(Subscription&& other) noexcept { *this = std::move(other); }
    Subscription& operator=(Subscription&& other) noexcept {
        if (this != &other) {
            reset();
            host_ = std::exchange(other.host_, nullptr);
            id_ = std::exchange(other.id_, 0);
            target_ = std::move(other.target_);
        }
        return *this;
    }
    ~Subscription() { reset(); }

    // Safe from any thread, including from inside the handler itself: then the handler finishes
    // its call and is freed when it returns. From another thread it waits for that call (see
    // above: not while holding a lock the handler takes).
    void reset() noexcept {
        if (host_ != nullptr && id_ != 0) host_->unsubscribe(host_, id_);
        host_ = nullptr;
        id_ = 0;
        if (!target_) return;
        // From another thread the host has waited out any call in flight; from inside the handler
        // the call is still running, so its delivery frees the target when it returns.
        if (target_->delivering_thread.load() == std::this_thread::get_id()) target_.release()->orphaned = true;
        else target_.reset();
    }
    explicit operator bool() const noexcept { return id_ != 0; }

private:
    friend class Host;
    struct Target {
        Handler handler;
        const ws_host* host = nullptr;
        std::atomic<std::thread::id> delivering_thread{};  // set while the handler runs
        bool orphaned = false;  // reset() ran inside the handler: delivery deletes the target
    };
    const ws_host* host_ = nullptr;
    ws_subscription_id id_ = 0;
    std::unique_ptr<Target> target_;
};

// The plugin's view of its host. Cheap to copy; valid until the plugin is destroyed.
class Host {
public:
    explicit Host(const ws_host* host) : host_(host) {}

    // Publishes a complete message; its channel / topic / subtopic route it. Returns false when
    // the envelope has no routing key or the host refuses (the plugin is not active). [any thread]
    bool publish(const nlohmann::json& envelope) const {
        auto key = message::routing_key_of(envelope);
        if (!key) {
            log(LogLevel::error, "not published: " + key.error().message);
            return false;
        }
        return publish_text(*key, workspace::to_text(envelope));
    }

    // Publishes already-serialized JSON under an explicit routing key (no parse, no copy). [any thread]
    bool publish_text(const message::RoutingKey& key, std::string_view json_text) const {
        std::string text(json_text);  // the ABI wants NUL-terminated text
        ws_message view{WS_ABI_VERSION_INIT,  key.channel.c_str(), key.topic.c_str(),
                        key.subtopic.c_str(), text.c_str(),        text.size()};
        return host_->publish(host_, &view);
    }

    // Subscribes to the requests on one routing key (case-insensitive): messages without a
    // top-level `message`. An answer or an event (one with `message`) is never delivered, so a
    // plugin that answers on the key it listens on (as Workspace's Agent requests are answered)
    // cannot take its own answer, or another plugin's, for a new request. Throws
    // std::runtime_error when refused. [any thread, while active]
    [[nodiscard]] Subscription subscribe_requests(const std::string& channel, const std::string& topic,
                                                  const std::string& subtopic, Handler handler) const {
        return subscribe(channel, topic, subtopic, [handler = std::move(handler)](const Message& message) {
            if (!message::is_answer(message.text)) handler(message);
        });
    }

    // Subscribes to the answers and events on one routing key (case-insensitive): messages with a
    // top-level `message`; requests are never delivered. Throws std::runtime_error when refused.
    // [any thread, while active]
    [[nodiscard]] Subscription subscribe_answers(const std::string& channel, const std::string& topic,
                                                 const std::string& subtopic, Handler handler) const {
        return subscribe(channel, topic, subtopic, [handler = std::move(handler)](const Message& message) {
            if (message::is_answer(message.text)) handler(message);
        });
    }

    void log(LogLevel level, const std::string& text) const {
        host_->log(host_, static_cast<ws_log_level>(level), text.c_str());
    }

    // The plugin's "config" object from the host configuration.
    nlohmann::json config() const { return nlohmann::json::parse(host_->plugin_config_json(host_)); }

    std::string_view workspace_version() const { return host_->workspace_version; }
    // Relative paths in config() are relative to this folder (the host configuration's).
    std::string_view config_directory() const { return host_->config_directory; }
    std::string_view host_name() const { return host_->host_name; }
    std::string_view host_version() const { return host_->host_version; }

    // The host's extension `id` (plugin_api.h), or nullptr when this host has none.
    const void* extension(const char* id) const { return host_->get_extension(host_, id); }

private:
    // Every message on the key. Private: requests and answers are never mixed in one handler.
    Subscription subscribe(const std::string& channel, const std::string& topic, const std::string& subtopic,
                           Handler handler) const {
        Subscription subscription;
        subscription.target_ = std::make_unique<Subscription::Target>();
        subscription.target_->handler = std::move(handler);
        subscription.target_->host = host_;
        subscription.id_ = host_->subscribe(host_, channel.c_str(), topic.c_str(), subtopic.c_str(), &Host::deliver,
                                            subscription.target_.get());
        if (subscription.id_ == 0)
            throw std::runtime_error("the host refused a subscription to " + channel + "/" + topic + "/" + subtopic);
        subscription.host_ = host_;
        return subscription;
    }

    static void WS_ABI deliver(void* user_data, const ws_message* message) noexcept {
        auto& target = *static_cast<Subscription::Target*>(user_data);
        target.delivering_thread = std::this_thread::get_id();
        struct Finish {
            Subscription::Target& target;
            ~Finish() {
                target.delivering_thread = std::thread::id();
                if (target.orphaned) delete &target;
            }
        } finish{target};
        try {
            target.handler(Message{message->channel, message->topic, message->subtopic,
                                   std::string_view(message->json, message->json_length)});
        } catch (const std::exception& error) {
            std::string text = std::string("message handler failed: ") + error.what();
            target.host->log(target.host, WS_LOG_ERROR, text.c_str());
        } catch (...) {
            target.host->log(target.host, WS_LOG_ERROR, "message handler failed with an unknown exception");
        }
    }

    const ws_host* host_;
};

// Base class of a plugin. Constructed by the host's create call; activate() and deactivate() run
// on the host's main thread.
class Plugin {
public:
    explicit Plugin(Host host) : host_(host) {}
    virtual ~Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    // Start; throw to stay inactive (the message is logged, deactivate() is not called and the
    // plugin is destroyed, so hold resources in RAII members).
    virtual void activate() = 0;
    // Stop: release subscriptions, stop threads; do not publish after returning.
    virtual void deactivate() = 0;

    // What the plugin would tell an operator now, as a JSON object: served to the host through
    // the WS_EXT_PLUGIN_STATUS extension. Called on the host's main thread while active.
    virtual nlohmann::json status() { return nlohmann::json::object(); }

protected:
    const Host& host() const { return host_; }

private:
    Host host_;
};

namespace detail {

template <class PluginClass>
struct Instance {
    ws_plugin abi{};
    Host host;
    std::unique_ptr<PluginClass> plugin;
};

template <class PluginClass>
Instance<PluginClass>& instance_of(const ws_plugin* plugin) {
    return *static_cast<Instance<PluginClass>*>(plugin->plugin_data);
}

template <class PluginClass>
bool WS_ABI activate(const ws_plugin* plugin) noexcept {
    auto& instance = instance_of<PluginClass>(plugin);
    try {
        instance.plugin->activate();
        return true;
    } catch (const std::exception& error) {
        instance.host.log(LogLevel::error, std::string("activation failed: ") + error.what());
    } catch (...) {
        instance.host.log(LogLevel::error, "activation failed with an unknown exception");
    }
    return false;  // the host destroys the instance; RAII members undo a half-finished activate()
}

template <class PluginClass>
void WS_ABI deactivate(const ws_plugin* plugin) noexcept {
    auto& instance = instance_of<PluginClass>(plugin);
    try {
        instance.plugin->deactivate();
    } catch (const std::exception& error) {
        instance.host.log(LogLevel::error, std::string("deactivation failed: ") + error.what());
    } catch (...) {
        instance.host.log(LogLevel::error, "deactivation failed with an unknown exception");
    }
}

template <class PluginClass>
void WS_ABI destroy(const ws_plugin* plugin) noexcept {
    // Takes back the ownership handed to the host by create().
    std::unique_ptr<Instance<PluginClass>> owned(&instance_of<PluginClass>(plugin));
}

template <class PluginClass>
std::size_t WS_ABI write_status(const ws_plugin* plugin, char* buffer, std::size_t capacity) noexcept {
    std::string text = "{}";
    try {
        text = workspace::to_text(instance_of<PluginClass>(plugin).plugin->status());
    } catch (...) {
    }
    if (capacity > 0) {
        auto copied = std::min(text.size(), capacity - 1);
        std::memcpy(buffer, text.data(), copied);
        buffer[copied] = '\0';
    }
    return text.size();
}

template <class PluginClass>
const void* WS_ABI get_extension(const ws_plugin*, const char* id) noexcept {
    static const ws_plugin_status status{WS_ABI_VERSION_INIT, &write_status<PluginClass>};
    if (id != nullptr && std::string_view(id) == WS_EXT_PLUGIN_STATUS) return &status;
    return nullptr;
}

template <class PluginClass>
const ws_plugin* WS_ABI create(const ws_host* host) noexcept {
    Host view(host);
    try {
        auto instance = std::make_unique<Instance<PluginClass>>(Instance<PluginClass>{{}, view, nullptr});
        instance->plugin = std::make_unique<PluginClass>(view);
        instance->abi = ws_plugin{WS_ABI_VERSION_INIT,      instance.get(),        &activate<PluginClass>,
                                  &deactivate<PluginClass>, &destroy<PluginClass>, &get_extension<PluginClass>};
        return &instance.release()->abi;  // owned by the host until destroy()
    } catch (const std::exception& error) {
        view.log(LogLevel::error, std::string("could not create the plugin: ") + error.what());
    } catch (...) {
        view.log(LogLevel::error, "could not create the plugin");
    }
    return nullptr;
}

}  // namespace detail
}  // namespace workspace::plugin

// Exports the entry of a plugin library. Use once, at namespace scope, in one source file.
#define WORKSPACE_PLUGIN(PluginClass, id, name, version, min_workspace_version)  \
    extern "C" WS_PLUGIN_EXPORT const ws_plugin_entry workspace_plugin_entry = { \
        WS_ABI_VERSION_INIT,                                                     \
        id,                                                                      \
        name,                                                                    \
        version,                                                                 \
        min_workspace_version,                                                   \
        &::workspace::plugin::detail::create<PluginClass>};

// The entry of a plugin built with workspace_add_plugin() (CMake), which defines its id, name and
// versions once for both the entry and the manifest.
#define WORKSPACE_PLUGIN_ENTRY(PluginClass)                                                             \
    WORKSPACE_PLUGIN(PluginClass, WORKSPACE_PLUGIN_ID, WORKSPACE_PLUGIN_NAME, WORKSPACE_PLUGIN_VERSION, \
                     WORKSPACE_PLUGIN_MIN_WORKSPACE)
