#pragma once
// Workspace version numbers such as "3.21.2410": three numeric components compared as numbers.
// Header-only: hosts and plugins both check versions.

#include <charconv>
#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace workspace {

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

namespace detail {

inline std::uint32_t parse_component(std::string_view component, std::string_view whole) {
    auto fail = [&](std::string_view why) {
        throw std::invalid_argument("invalid Workspace version \"" + std::string(whole) + "\": " + std::string(why));
    };
    if (component.empty()) fail("empty component");
    for (char c : component)
        if (c < '0' || c > '9') fail("components must be decimal digits");
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(component.data(), component.data() + component.size(), value);
    if (error != std::errc{} || end != component.data() + component.size()) fail("component too large");
    return value;
}

}  // namespace detail

inline WorkspaceVersion WorkspaceVersion::parse(std::string_view text) {
    std::uint32_t parts[3]{};
    std::string_view rest = text;
    for (int i = 0; i < 3; ++i) {
        auto dot = rest.find('.');
        bool last = i == 2;
        if (last != (dot == std::string_view::npos))
            throw std::invalid_argument("invalid Workspace version \"" + std::string(text) +
                                        "\": expected three components, MAJOR.MINOR.BUILD");
        parts[i] = detail::parse_component(rest.substr(0, dot), text);
        if (!last) rest.remove_prefix(dot + 1);
    }
    return {parts[0], parts[1], parts[2]};
}

inline std::optional<WorkspaceVersion> WorkspaceVersion::try_parse(std::string_view text) noexcept {
    try {
        return parse(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

inline std::string WorkspaceVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace workspace
