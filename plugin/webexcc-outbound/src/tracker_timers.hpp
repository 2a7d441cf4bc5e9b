#pragma once
// The plugin's timers, armed on its thread (I/O shell). The ones the CallTracker asks for
// (take_timers: a wrap-up's grace, a reservation's expiry, the auto wrap-up): each that expires is
// handed back, once, to `expired`; a cancel request stops the armed timers of its call and kind.
// And the station request's wait for its notification (StationLogin / StationLogout).

#include "call_tracker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace webexcc::outbound {

class TrackerTimers {
public:
    using Expired = std::function<void(const std::string& call_id, TimerKind kind)>;
    TrackerTimers(boost::asio::io_context& io, Expired expired) : io_(io), expired_(std::move(expired)) {}

    void arm(const std::vector<TimerRequest>& requests);
    // Arming it again replaces the earlier wait, whose `expired` is then never called.
    void arm_station_wait(std::chrono::milliseconds after, std::function<void()> expired);
    void cancel_all();

private:
    struct ArmedTimer {
        std::string call_id;
        TimerKind kind;
        boost::asio::steady_timer timer;
    };
    boost::asio::io_context& io_;
    Expired expired_;
    boost::asio::steady_timer station_wait_{io_};
    std::map<std::uint64_t, ArmedTimer> timers_;  // by arming order
    std::uint64_t count_ = 0;
};

}  // namespace webexcc::outbound
