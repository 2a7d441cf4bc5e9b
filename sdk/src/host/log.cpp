#include "workspace/host/log.hpp"

#include <array>

namespace workspace::host {

namespace {
constexpr std::array<std::string_view, 4> level_names{"debug", "info", "warning", "error"};
}

std::string_view to_string(LogLevel level) noexcept { return level_names.at(static_cast<std::size_t>(level)); }

std::optional<LogLevel> log_level_from_string(std::string_view name) noexcept {
    for (std::size_t i = 0; i < level_names.size(); ++i)
        if (level_names[i] == name) return static_cast<LogLevel>(i);
    return std::nullopt;
}

}  // namespace workspace::host

#include <memory>
#include <mutex>
#include <ostream>

namespace workspace::host {

LogSink make_stream_log_sink(std::ostream& out, LogLevel minimum) {
    auto mutex = std::make_shared<std::mutex>();
    return [&out, minimum, mutex](LogLevel level, std::string_view source, std::string_view text) {
        if (level < minimum) return;
        std::lock_guard lock(*mutex);
        out << '[' << to_string(level) << "] " << source << ": " << text << '\n' << std::flush;
    };
}

}  // namespace workspace::host
