#include "workspace/host/message_bus.hpp"

#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"

namespace workspace::host {

MessageBus::MessageBus(LogSink log)
    : log_(log ? std::move(log) : LogSink([](LogLevel, std::string_view, std::string_view) {})),
      bus_thread_([this] { deliver_loop(); }) {}

MessageBus::~MessageBus() { shutdown(); }

bool MessageBus::publish(BusMessage message) {
    // Whoever published it, what subscribers read is strict JSON with a UTF-8 routing key.
    namespace utf8 = workspace::utf8;
    auto checked = workspace::json_scan::check(message.json);
    if (checked && !(utf8::valid(message.channel) && utf8::valid(message.topic) && utf8::valid(message.subtopic)))
        checked = Problem("BAD_ROUTING_KEY", "its routing key is not valid UTF-8");
    if (!checked) {
        log_(LogLevel::error, "host",
             "message from " + utf8::repaired(message.publisher) + " refused: " + checked.error().message);
        return false;
    }
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) return false;
        queue_.push_back(std::move(message));
        ++published_;
    }
    queue_changed_.notify_all();
    return true;
}

std::string MessageBus::key_of(std::string_view channel, std::string_view topic, std::string_view subtopic) {
    std::string key;
    key.reserve(channel.size() + topic.size() + subtopic.size() + 2);
    key.append(channel).append(1, '\n').append(topic).append(1, '\n').append(subtopic);
    return message::to_lower(key);
}

SubscriptionId MessageBus::connect(Signal& signal, Handler handler, std::string owner) {
    // Called with subscriptions_mutex_ held.
    SubscriptionId id = next_id_++;
    auto calls = std::make_shared<Calls>();
    auto isolated = [this, calls, handler = std::move(handler), owner = std::move(owner)](const BusMessage& message) {
        {
            // Signals2 may still call a slot disconnected a moment ago; `removed` settles it.
            std::lock_guard lock(calls->mutex);
            if (calls->removed) return;
            calls->running = true;
        }
        try {
            handler(message);
        } catch (const std::exception& error) {
            log_(LogLevel::error, "host",
                 "subscriber " + owner + " failed on " + message.channel + "/" + message.topic + "/" +
                     message.subtopic + ": " + error.what());
        } catch (...) {
            log_(LogLevel::error, "host", "subscriber " + owner + " failed with an unknown exception");
        }
        bool waited_for;
        {
            std::lock_guard lock(calls->mutex);
            calls->running = false;
            waited_for = calls->removed;
        }
        if (waited_for) calls->finished.notify_all();
    };
    auto& entry = connections_[id];
    entry.connection = signal.connect(std::move(isolated));
    entry.calls = std::move(calls);
    return id;
}

SubscriptionId MessageBus::subscribe(std::string_view channel, std::string_view topic, std::string_view subtopic,
                                     Handler handler, std::string owner) {
    auto key = key_of(channel, topic, subtopic);
    std::lock_guard lock(subscriptions_mutex_);
    auto& signal = keyed_[key];
    if (!signal) signal = std::make_shared<Signal>();
    SubscriptionId id = connect(*signal, std::move(handler), std::move(owner));
    connections_[id].key = std::move(key);
    return id;
}

SubscriptionId MessageBus::subscribe_all(Handler handler, std::string owner) {
    std::lock_guard lock(subscriptions_mutex_);
    return connect(every_message_, std::move(handler), std::move(owner));
}

void MessageBus::unsubscribe(SubscriptionId id) {
    std::shared_ptr<Calls> calls;
    {
        std::lock_guard lock(subscriptions_mutex_);
        auto found = connections_.find(id);
        if (found == connections_.end()) return;
        found->second.connection.disconnect();
        if (auto signal = keyed_.find(found->second.key); signal != keyed_.end() && signal->second->empty())
            keyed_.erase(signal);
        calls = std::move(found->second.calls);
        connections_.erase(found);
    }
    // Waits for this handler only, holding no lock of the bus: other handlers, and whatever locks
    // they take, are none of this caller's business. On the bus thread the running call, if any,
    // is the caller's own: it finishes after this returns.
    std::unique_lock lock(calls->mutex);
    calls->removed = true;
    if (!on_bus_thread()) calls->finished.wait(lock, [&] { return !calls->running; });
}

void MessageBus::drain() {
    // A handler publishes before its own delivery is counted, so delivered_ == published_ only
    // once the chain of messages caused by messages has run out.
    std::unique_lock lock(queue_mutex_);
    queue_changed_.wait(lock, [&] { return delivered_ == published_ || stopping_; });
}

void MessageBus::shutdown() {
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_ && !bus_thread_.joinable()) return;
        stopping_ = true;
        queue_.clear();
    }
    queue_changed_.notify_all();
    if (bus_thread_.joinable() && !on_bus_thread()) bus_thread_.join();
}

bool MessageBus::on_bus_thread() const noexcept { return std::this_thread::get_id() == bus_thread_.get_id(); }

void MessageBus::deliver_loop() {
    for (;;) {
        BusMessage message;
        {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            message = std::move(queue_.front());
            queue_.pop_front();
        }
        deliver(message);
        {
            std::lock_guard lock(queue_mutex_);
            ++delivered_;
        }
        queue_changed_.notify_all();
    }
}

void MessageBus::deliver(const BusMessage& message) {
    std::shared_ptr<Signal> keyed;
    {
        std::lock_guard lock(subscriptions_mutex_);
        if (auto found = keyed_.find(key_of(message.channel, message.topic, message.subtopic)); found != keyed_.end())
            keyed = found->second;
    }
    if (keyed) (*keyed)(message);
    every_message_(message);
}

}  // namespace workspace::host
