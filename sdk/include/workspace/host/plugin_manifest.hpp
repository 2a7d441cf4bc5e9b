#pragma once
// What a plugin declares about itself — in the manifest beside its library (<id>.json), readable
// without loading anything, and in its entry symbol — and the checks that decide whether it may run.

#include "workspace/workspace_version.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace workspace::host {

struct AbiVersion {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::uint32_t patch = 0;
    std::string to_string() const;
    bool operator==(const AbiVersion&) const = default;
};

// The ABI this host implements (WS_ABI_VERSION_* of its headers).
AbiVersion host_abi_version();

// Same major, and a minor no newer than the host's: a newer minor may rely on host behaviour it lacks.
bool abi_compatible(const AbiVersion& plugin);

struct PluginDeclaration {
    std::string id;
    std::string name;
    std::string version;
    std::string min_workspace_version;
    AbiVersion abi;
};

struct PluginRefusal {
    std::string code;    // NOT_FOUND, UNSAFE_FILE, BAD_MANIFEST, ABI_MISMATCH, ... (docs/plugin-abi.md)
    std::string reason;  // one line, naming the plugin
};

class ManifestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The most a manifest may hold; a few hundred bytes in practice.
inline constexpr std::size_t manifest_max_bytes = 64 * 1024;

// {"id", "name", "version", "minWorkspaceVersion", "abiVersion": "1.0.0"}; throws ManifestError.
PluginDeclaration parse_manifest(std::string_view text);
std::string manifest_text(const PluginDeclaration& declaration);

// "<dir>/<stem>.json" beside "<dir>/<stem>.so".
std::filesystem::path manifest_path(const std::filesystem::path& library);

// Whether a plugin so declared may run on this host and Workspace, as `configured_id`. Pure.
std::optional<PluginRefusal> check_declaration(const PluginDeclaration& declaration, std::string_view configured_id,
                                               const WorkspaceVersion& workspace);

}  // namespace workspace::host
