#pragma once
// The log of the host and its plugins: levels, their names in configuration, and the sink every
// line goes to. Where lines end up is the embedding application's choice (terminal_log.hpp writes
// them to a stream).

#include <functional>
#include <optional>
#include <string_view>

namespace workspace::host {

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3 };

std::string_view to_string(LogLevel level) noexcept;
std::optional<LogLevel> log_level_from_string(std::string_view name) noexcept;

// Receives every log line of the host and its plugins. `source` is "host" or a plugin id.
// Called from any thread; must be thread-safe and must not throw.
using LogSink = std::function<void(LogLevel level, std::string_view source, std::string_view text)>;

}  // namespace workspace::host
