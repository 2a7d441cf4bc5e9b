#include "workspace/host/workspace_version.hpp"

#include <charconv>
#include <stdexcept>

namespace workspace::host {

namespace {

std::uint32_t parse_component(std::string_view component, std::string_view whole) {
    auto fail = [&](std::string_view why) {
        throw std::invalid_argument("invalid Workspace version \"" + std::string(whole) + "\": " +
                                    std::string(why));
    };
    if (component.empty()) fail("empty component");
    for (char c : component)
        if (c < '0' || c > '9') fail("components must be decimal digits");
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(component.data(), component.data() + component.size(), value);
    if (error != std::errc{} || end != component.data() + component.size()) fail("component too large");
    return value;
}

}  // namespace

WorkspaceVersion WorkspaceVersion::parse(std::string_view text) {
    std::uint32_t parts[3]{};
    std::string_view rest = text;
    for (int i = 0; i < 3; ++i) {
        auto dot = rest.find('.');
        bool last = i == 2;
        if (last != (dot == std::string_view::npos))
            throw std::invalid_argument("invalid Workspace version \"" + std::string(text) +
                                        "\": expected three components, MAJOR.MINOR.BUILD");
        parts[i] = parse_component(rest.substr(0, dot), text);
        if (!last) rest.remove_prefix(dot + 1);
    }
    return {parts[0], parts[1], parts[2]};
}

std::optional<WorkspaceVersion> WorkspaceVersion::try_parse(std::string_view text) noexcept {
    try {
        return parse(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string WorkspaceVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace workspace::host
