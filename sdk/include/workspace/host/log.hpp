#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace workspace::host {

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3 };

std::string_view to_string(LogLevel level) noexcept;
std::optional<LogLevel> log_level_from_string(std::string_view name) noexcept;

// Receives every log line of the host and its plugins. `source` is "host" or a plugin id.
// Called from any thread; must be thread-safe and must not throw.
using LogSink = std::function<void(LogLevel level, std::string_view source, std::string_view text)>;

// `text` made safe to write to a terminal: bytes that are not valid UTF-8 become U+FFFD and every
// control character (C0, DEL and C1: U+0000-U+001F, U+007F-U+009F) is written as \xNN, so a
// string from a file or a plugin can neither move the cursor, retitle the window nor start a new
// log line. Everything else, backslashes included, is kept as it is.
std::string printable(std::string_view text);

}  // namespace workspace::host

#include <iosfwd>

namespace workspace::host {

// A sink writing "[level] source: text" lines to `out` (typically std::cerr), source and text
// printable(), dropping lines below `minimum`. Serializes writers; `out` must outlive the sink.
LogSink make_stream_log_sink(std::ostream& out, LogLevel minimum);

}  // namespace workspace::host
