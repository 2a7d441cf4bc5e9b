#pragma once
// The host's message bus: messages addressed by (channel, topic, subtopic), matched
// case-insensitively, delivered on one bus thread in publish order over Boost.Signals2 signals.
// Every slot object lives here, in host code, so no plugin library ever owns one (see
// boostorg/signals2#78: a slot destroyed after its library is unloaded crashes).

#include "workspace/host/log.hpp"

#include <boost/signals2/signal.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace workspace::host {

struct BusMessage {
    std::string channel;
    std::string topic;
    std::string subtopic;
    std::string json;       // the complete message object as text
    std::string publisher;  // "host", a plugin id, or the name of an input such as "stdin"
};

using SubscriptionId = std::uint64_t;

class MessageBus {
public:
    using Handler = std::function<void(const BusMessage&)>;

    explicit MessageBus(LogSink log);
    ~MessageBus();  // shutdown()
    MessageBus(const MessageBus&) = delete;
    MessageBus& operator=(const MessageBus&) = delete;

    // Queues a message and returns at once; never waits for subscribers. Messages are delivered in
    // the order they were queued. Returns false, and logs why (never the text), for a message
    // that is not strict JSON (workspace/json/json_scan.hpp) or whose routing key is not UTF-8,
    // and after shutdown. [any thread]
    bool publish(BusMessage message);

    // Calls `handler` on the bus thread for every message whose routing key matches, whatever the
    // case. A handler that throws is logged and the message still reaches the other subscribers.
    // `owner` names the subscriber in logs. [any thread]
    SubscriptionId subscribe(std::string_view channel, std::string_view topic, std::string_view subtopic,
                             Handler handler, std::string owner);

    // Calls `handler` for every message, whatever its key (used to mirror the bus, e.g. to stdout).
    SubscriptionId subscribe_all(Handler handler, std::string owner);

    // Once this returns, the handler is not running on another thread and is never called again:
    // it waits for a call of this handler in flight, and for nothing else (no bus lock is held
    // meanwhile, so other handlers run on). Called from a handler (on the bus thread) it prevents
    // later calls only. Unknown ids are ignored. Do not call while holding a lock this handler
    // may take: the wait would never end. [any thread]
    void unsubscribe(SubscriptionId id);

    // Waits until the bus is idle: everything published so far has been delivered, including what
    // handlers published in response meanwhile. Messages published later by other threads may
    // still be queued when it returns. [not the bus thread]
    void drain();

    // Delivers nothing more, drops what is queued and joins the bus thread. Idempotent.
    void shutdown();

    bool on_bus_thread() const noexcept;

private:
    using Signal = boost::signals2::signal<void(const BusMessage&)>;

    static std::string key_of(std::string_view channel, std::string_view topic, std::string_view subtopic);
    SubscriptionId connect(Signal& signal, Handler handler, std::string owner);
    void deliver_loop();
    void deliver(const BusMessage& message);

    LogSink log_;

    std::mutex queue_mutex_;
    std::condition_variable queue_changed_;
    std::deque<BusMessage> queue_;
    std::uint64_t published_ = 0;
    std::uint64_t delivered_ = 0;
    bool stopping_ = false;

    std::mutex subscriptions_mutex_;
    std::map<std::string, std::shared_ptr<Signal>> keyed_;
    Signal every_message_;
    // Whether one subscription's handler is running, so that unsubscribe waits out that call
    // alone; shared by its slot and its entry in connections_.
    struct Calls {
        std::mutex mutex;
        std::condition_variable finished;  // notified after a call once `removed` is set
        bool running = false;
        bool removed = false;  // unsubscribed: no new call starts
    };
    struct Connection {
        boost::signals2::connection connection;
        std::string key;  // empty for subscribe_all
        std::shared_ptr<Calls> calls;
    };
    std::map<SubscriptionId, Connection> connections_;
    SubscriptionId next_id_ = 1;

    std::thread bus_thread_;
};

}  // namespace workspace::host
