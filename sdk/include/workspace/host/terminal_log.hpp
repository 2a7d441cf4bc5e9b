#pragma once
// Text from files and plugins written to a terminal, where it must not act as control sequences:
// printable() and the log sink that writes through it.

#include "workspace/host/log.hpp"

#include <iosfwd>
#include <string>
#include <string_view>

namespace workspace::host {

// `text` made safe to write to a terminal: bytes that are not valid UTF-8 become U+FFFD and every
// control character (C0, DEL and C1: U+0000-U+001F, U+007F-U+009F) is written as \xNN, so a
// string from a file or a plugin can neither move the cursor, retitle the window nor start a new
// log line. Everything else, backslashes included, is kept as it is.
std::string printable(std::string_view text);

// A sink writing "[level] source: text" lines to `out` (typically std::cerr), source and text
// printable(), dropping lines below `minimum`. Serializes writers; `out` must outlive the sink.
LogSink make_stream_log_sink(std::ostream& out, LogLevel minimum);

}  // namespace workspace::host
