#include "tracker_timers.hpp"

namespace webexcc::outbound {

void TrackerTimers::arm(const std::vector<TimerRequest>& requests) {
    for (const auto& request : requests) {
        if (request.cancel) {
            for (auto& [key, armed] : timers_)
                if (armed.call_id == request.call_id && armed.kind == request.kind) armed.timer.cancel();
            continue;
        }
        auto key = ++count_;
        auto& timer =
            timers_
                .emplace(key, ArmedTimer{request.call_id, request.kind, boost::asio::steady_timer(io_, request.after)})
                .first->second.timer;
        // The owner cancels every timer before it goes (cancel_all), and io_ runs no handler after.
        timer.async_wait([this, key, request](boost::system::error_code error) {
            timers_.erase(key);
            if (!error) expired_(request.call_id, request.kind);
        });
    }
}

void TrackerTimers::arm_station_wait(std::chrono::milliseconds after, std::function<void()> expired) {
    station_wait_.expires_after(after);
    station_wait_.async_wait([expired = std::move(expired)](boost::system::error_code error) {
        if (!error) expired();
    });
}

void TrackerTimers::cancel_all() {
    for (auto& [key, armed] : timers_) armed.timer.cancel();
    station_wait_.cancel();
}

}  // namespace webexcc::outbound
