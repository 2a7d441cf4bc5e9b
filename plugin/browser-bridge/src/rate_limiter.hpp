#pragma once
// Publish budgets. A TokenBucket is one peer's budget, refilled at `per_second` and holding at most
// `burst`; it is shared by every connection of that peer, so reconnecting does not refill it. A
// RateLimiter is one connection's view of its peer's bucket: it tells its own page once per streak
// of refusals (not once per message, which would let a flood make the bridge flood back), and a
// page is told even when another connection of its peer spent the budget. Pure: the caller passes
// the time.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>

namespace browser_bridge {

class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double per_second, std::size_t burst, Clock::time_point now)
        : per_second_(per_second), burst_(double(burst)), tokens_(double(burst)), last_(now) {}

    // Takes one token; false when there is none.
    bool take(Clock::time_point now) {
        std::chrono::duration<double> elapsed = now - last_;
        last_ = std::max(last_, now);
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * per_second_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    double per_second_;
    double burst_;
    double tokens_;
    Clock::time_point last_;
};

class RateLimiter {
public:
    using Clock = TokenBucket::Clock;
    enum class Verdict { accept, refuse_and_tell, refuse_quietly };

    explicit RateLimiter(std::shared_ptr<TokenBucket> budget) : budget_(std::move(budget)) {}

    Verdict take(Clock::time_point now) {
        if (budget_->take(now)) {
            refusing_ = false;
            return Verdict::accept;
        }
        if (refusing_) return Verdict::refuse_quietly;
        refusing_ = true;
        return Verdict::refuse_and_tell;
    }

private:
    std::shared_ptr<TokenBucket> budget_;
    bool refusing_ = false;
};

}  // namespace browser_bridge
