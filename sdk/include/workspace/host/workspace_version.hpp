#pragma once
// Workspace version numbers such as "3.21.2410": three numeric components compared as numbers.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace workspace::host {

struct WorkspaceVersion {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::uint32_t patch = 0;

    // Throws std::invalid_argument naming the problem for anything but "N.N.N" with decimal
    // components that fit 32 bits; a malformed version is never read as zeros.
    static WorkspaceVersion parse(std::string_view text);
    static std::optional<WorkspaceVersion> try_parse(std::string_view text) noexcept;

    std::string to_string() const;
    auto operator<=>(const WorkspaceVersion&) const = default;
};

}  // namespace workspace::host
