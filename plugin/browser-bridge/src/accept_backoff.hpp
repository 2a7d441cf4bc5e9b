#pragma once
// How long the bridge waits before accepting again after accept() failed (out of descriptors,
// out of memory): 100 ms, doubling up to 1 s, back to none after a success. Retrying at once would
// spin a core for as long as the error lasts, and the error is one that waiting can cure. Pure.

#include <algorithm>
#include <chrono>

namespace browser_bridge {

inline constexpr std::chrono::milliseconds first_accept_delay{100};
inline constexpr std::chrono::milliseconds max_accept_delay{1000};

// The delay after one more failure, given the delay before it (zero: the first failure of a streak).
constexpr std::chrono::milliseconds next_accept_delay(std::chrono::milliseconds previous) {
    return previous < first_accept_delay ? first_accept_delay : std::min(previous * 2, max_accept_delay);
}

}  // namespace browser_bridge
