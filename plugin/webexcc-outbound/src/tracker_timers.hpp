#pragma once
// The timers the CallTracker asks for (take_timers: a wrap-up's grace, a reservation's expiry, the
// auto wrap-up), armed on the plugin's thread (I/O shell): each that expires is handed back, once,
// to `expired`; a cancel request stops the armed timers of its call and kind.

#include "call_tracker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

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
    void cancel_all();

private:
    struct ArmedTimer {
        std::string call_id;
        TimerKind kind;
        boost::asio::steady_timer timer;
    };
    boost::asio::io_context& io_;
    Expired expired_;
    std::map<std::uint64_t, ArmedTimer> timers_;  // by arming order
    std::uint64_t count_ = 0;
};

}  // namespace webexcc::outbound
