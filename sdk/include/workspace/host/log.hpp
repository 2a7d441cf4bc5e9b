#pragma once

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

#include <iosfwd>

namespace workspace::host {

// A sink writing "[level] source: text" lines to `out` (typically std::cerr), dropping lines below
// `minimum`. Serializes writers; `out` must outlive the sink.
LogSink make_stream_log_sink(std::ostream& out, LogLevel minimum);

}  // namespace workspace::host
