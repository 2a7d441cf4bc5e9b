#pragma once
// A page's publish budget: a token bucket refilled at `per_second`, holding at most `burst`. A
// page over budget is told once per streak of refusals (not once per message, which would let a
// flood make the bridge flood back). Pure: the caller passes the time.

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace browser_bridge {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    enum class Verdict { accept, refuse_and_tell, refuse_quietly };

    RateLimiter(double per_second, std::size_t burst, Clock::time_point now)
        : per_second_(per_second), burst_(double(burst)), tokens_(double(burst)), last_(now) {}

    Verdict take(Clock::time_point now) {
        std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * per_second_);
        if (tokens_ >= 1.0) {
            tokens_ -= 1.0;
            refusing_ = false;
            return Verdict::accept;
        }
        if (refusing_) return Verdict::refuse_quietly;
        refusing_ = true;
        return Verdict::refuse_and_tell;
    }

private:
    double per_second_;
    double burst_;
    double tokens_;
    Clock::time_point last_;
    bool refusing_ = false;
};

}  // namespace browser_bridge
