#include "workspace/host/message_bus.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace workspace::host;
using namespace std::chrono_literals;

namespace {

struct LogCapture {
    std::mutex mutex;
    std::vector<std::string> lines;
    LogSink sink() {
        return [this](LogLevel, std::string_view source, std::string_view text) {
            std::lock_guard lock(mutex);
            lines.push_back(std::string(source) + ": " + std::string(text));
        };
    }
};

// The bus carries strict JSON only: a test message is {"n":"<text>"}, and payload() reads it back.
BusMessage message(const std::string& text, std::string channel = "Test", std::string topic = "Bus",
                   std::string subtopic = "Event") {
    return {std::move(channel), std::move(topic), std::move(subtopic), R"({"n":")" + text + R"("})", "test"};
}

std::string payload(const BusMessage& m) { return m.json.substr(6, m.json.size() - 8); }

}  // namespace

TEST_CASE("Routing keys match case-insensitively and only exactly") {
    MessageBus bus(nullptr);
    std::vector<std::string> received;
    bus.subscribe(
        "webexcc", "OUTBOUNDCALL", "makecall", [&](const BusMessage& m) { received.push_back(payload(m)); }, "test");
    bus.publish(message("1", "Webexcc", "OutboundCall", "MakeCall"));
    bus.publish(message("2", "Webexcc", "OutboundCall", "MakeCalls"));
    bus.publish(message("3", "Webex", "OutboundCall", "MakeCall"));
    bus.publish(message("4", "WEBEXCC", "outboundcall", "MAKECALL"));
    bus.drain();
    CHECK(received == std::vector<std::string>{"1", "4"});
}

TEST_CASE("Each publisher's order is kept across 4 publishing threads") {
    MessageBus bus(nullptr);
    constexpr int threads = 4;
    constexpr int per_thread = 5000;
    std::vector<std::vector<int>> seen(threads);  // only touched on the bus thread
    std::vector<std::string> everything;
    bus.subscribe(
        "Test", "Bus", "Event",
        [&](const BusMessage& m) {
            auto colon = payload(m).find(':');
            seen[std::stoi(payload(m).substr(0, colon))].push_back(std::stoi(payload(m).substr(colon + 1)));
        },
        "test");
    bus.subscribe_all([&](const BusMessage& m) { everything.push_back(payload(m)); }, "mirror");

    std::vector<std::thread> publishers;
    for (int t = 0; t < threads; ++t)
        publishers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) bus.publish(message(std::to_string(t) + ":" + std::to_string(i)));
        });
    for (auto& publisher : publishers) publisher.join();
    bus.drain();

    for (int t = 0; t < threads; ++t) {
        INFO("publisher " << t);
        REQUIRE(seen[t].size() == per_thread);
        for (int i = 0; i < per_thread; ++i) REQUIRE(seen[t][i] == i);
    }
    CHECK(everything.size() == threads * per_thread);
}

TEST_CASE("A throwing subscriber is logged and isolated") {
    LogCapture log;
    MessageBus bus(log.sink());
    int before = 0, after = 0;
    bus.subscribe(
        "Test", "Bus", "Event", [&](const BusMessage&) { ++before; }, "first");
    bus.subscribe(
        "Test", "Bus", "Event", [](const BusMessage&) { throw std::runtime_error("kaboom"); }, "thrower");
    bus.subscribe(
        "Test", "Bus", "Event", [&](const BusMessage&) { ++after; }, "last");
    for (int i = 0; i < 3; ++i) bus.publish(message("x"));
    bus.drain();
    CHECK(before == 3);
    CHECK(after == 3);
    std::lock_guard lock(log.mutex);
    REQUIRE(log.lines.size() == 3);
    CHECK_THAT(log.lines[0],
               Catch::Contains("thrower") && Catch::Contains("kaboom") && Catch::Contains("Test/Bus/Event"));
}

TEST_CASE("No handler runs after its unsubscribe returned, while others keep publishing") {
    MessageBus bus(nullptr);
    std::atomic<bool> unsubscribed{false};
    std::atomic<int> calls{0};
    std::atomic<int> late_calls{0};
    auto id = bus.subscribe(
        "Test", "Bus", "Event",
        [&](const BusMessage&) {
            ++calls;
            std::this_thread::sleep_for(20us);  // widen the window in which unsubscribe can race us
            if (unsubscribed.load()) ++late_calls;
        },
        "racer");

    std::atomic<bool> stop{false};
    std::vector<std::thread> publishers;
    for (int t = 0; t < 2; ++t)
        publishers.emplace_back([&] {
            while (!stop.load()) bus.publish(message("x"));
        });
    while (calls.load() < 50) std::this_thread::yield();
    bus.unsubscribe(id);
    unsubscribed = true;
    auto calls_at_unsubscribe = calls.load();
    std::this_thread::sleep_for(20ms);
    stop = true;
    for (auto& publisher : publishers) publisher.join();
    bus.drain();
    CHECK(late_calls.load() == 0);
    CHECK(calls.load() == calls_at_unsubscribe);
}

TEST_CASE("Unsubscribing from inside the handler stops later calls") {
    MessageBus bus(nullptr);
    int calls = 0;
    SubscriptionId id = 0;
    id = bus.subscribe(
        "Test", "Bus", "Event",
        [&](const BusMessage&) {
            ++calls;
            bus.unsubscribe(id);
        },
        "self");
    for (int i = 0; i < 5; ++i) bus.publish(message("x"));
    bus.drain();
    CHECK(calls == 1);
}

TEST_CASE("Unsubscribing waits for its own handler only, not for another handler's delivery") {
    // A plugin thread holds a lock of its own and removes subscription `idle`, while the bus is
    // delivering to `busy`, whose handler waits for that lock. Waiting out every delivery (as the
    // bus once did, under one bus-wide lock) deadlocks here.
    MessageBus bus(nullptr);
    std::mutex plugin_lock;
    std::promise<void> busy_entered;
    auto busy = bus.subscribe(
        "Test", "Bus", "Busy",
        [&](const BusMessage&) {
            busy_entered.set_value();
            std::lock_guard lock(plugin_lock);
        },
        "busy");
    auto idle = bus.subscribe(
        "Test", "Bus", "Idle", [](const BusMessage&) {}, "idle");
    auto watcher = bus.subscribe_all([](const BusMessage&) {}, "watcher");

    std::unique_lock held(plugin_lock);
    bus.publish(message("x", "Test", "Bus", "Busy"));
    busy_entered.get_future().wait();
    auto removed = std::async(std::launch::async, [&] {
        bus.unsubscribe(idle);
        bus.unsubscribe(watcher);
    });
    bool returned = removed.wait_for(5s) == std::future_status::ready;
    held.unlock();  // ends the delivery, and the wait of a bus that waits for it
    removed.get();
    CHECK(returned);
    bus.drain();
    bus.unsubscribe(busy);
}

TEST_CASE("Publishing never waits for a slow subscriber") {
    MessageBus bus(nullptr);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> delivered{0};
    bus.subscribe(
        "Test", "Bus", "Event",
        [&, released](const BusMessage&) {
            released.wait();
            ++delivered;
        },
        "slow");

    // If publish waited for the subscriber this would never finish; the timeout turns a hang into a failure.
    auto publishing = std::async(std::launch::async, [&] {
        for (int i = 0; i < 1000; ++i) bus.publish(message(std::to_string(i)));
    });
    REQUIRE(publishing.wait_for(10s) == std::future_status::ready);
    CHECK(delivered.load() == 0);
    release.set_value();
    bus.drain();
    CHECK(delivered.load() == 1000);
}

TEST_CASE("After shutdown nothing is published or delivered") {
    MessageBus bus(nullptr);
    int calls = 0;
    bus.subscribe_all([&](const BusMessage&) { ++calls; }, "mirror");
    bus.shutdown();
    CHECK_FALSE(bus.publish(message("late")));
    bus.drain();  // returns at once once stopped
    bus.shutdown();
    CHECK(calls == 0);
}

TEST_CASE("The bus refuses what is not strict JSON, whoever publishes it, and says why without quoting it") {
    LogCapture log;
    MessageBus bus(log.sink());
    std::vector<std::string> received;
    bus.subscribe_all([&](const BusMessage& m) { received.push_back(m.json); }, "mirror");
    const std::vector<std::string> refused = {"not json", R"({"a":"\ud800"})", "{\"a\":\"\xff\"}", R"({"a":1e999})",
                                              "[1]",      R"({"a":1} {"b":2})"};
    for (const auto& text : refused) CHECK_FALSE(bus.publish({"Test", "Bus", "Event", text, "test"}));
    CHECK_FALSE(bus.publish({"Test\xff", "Bus", "Event", R"({"ok":1})", "test"}));
    CHECK(bus.publish(message("fine")));
    bus.drain();
    CHECK(received == std::vector<std::string>{R"({"n":"fine"})"});
    std::lock_guard lock(log.mutex);
    REQUIRE(log.lines.size() == refused.size() + 1);
    CHECK_THAT(log.lines[1], Catch::Contains("a lone surrogate escape"));
    CHECK_THAT(log.lines[2], Catch::Contains("not valid UTF-8"));
    CHECK_THAT(log.lines[3], Catch::Contains("too large for a double"));
    CHECK_THAT(log.lines[6], Catch::Contains("routing key"));
    for (const auto& line : log.lines) CHECK(line.find("not json") == std::string::npos);
}
