#pragma once
// What the strict readers of Webex's configuration answers (agent_profile.cpp, directory.cpp)
// share: the names they read with and the one bound on a list's length. Internal: only those
// readers include it, so its using-declarations reach no caller of the client.

#include "workspace/json/strict_json.hpp"
#include "workspace/problem.hpp"

#include <cstddef>

namespace webexcc::client {

using nlohmann::json;
using workspace::Problem;
using workspace::Result;

namespace detail {

// More items than any tenant has in one answer or any page Webex serves (the SDK asks for 100):
// beyond it the answer is refused, not truncated.
constexpr std::size_t max_answer_items = 10000;

}  // namespace detail

}  // namespace webexcc::client
