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
