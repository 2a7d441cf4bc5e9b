#pragma once
// What a plugin declares about itself — in the manifest beside its library (<id>.json), readable
// without loading anything, and in its entry symbol — and the checks that decide whether it may run.

#include "workspace/problem.hpp"
#include "workspace/workspace_version.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
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

// Why the host refuses a plugin is a Problem: code NOT_FOUND, UNSAFE_FILE, BAD_MANIFEST,
// ABI_MISMATCH, ... (docs/plugin-abi.md); message one line, naming the plugin.

// The most a manifest may hold; a few hundred bytes in practice.
inline constexpr std::size_t manifest_max_bytes = 64 * 1024;

// {"id", "name", "version", "minWorkspaceVersion", "abiVersion": "1.0.0"}, or BAD_MANIFEST saying
// what is wrong (never quoting the text).
Result<PluginDeclaration> parse_manifest(std::string_view text);
std::string manifest_text(const PluginDeclaration& declaration);

// "<dir>/<stem>.json" beside "<dir>/<stem>.so".
std::filesystem::path manifest_path(const std::filesystem::path& library);

// Whether a plugin so declared may run on this host and Workspace, as `configured_id`. Pure.
Result<void> check_declaration(const PluginDeclaration& declaration, std::string_view configured_id,
                               const WorkspaceVersion& workspace);

}  // namespace workspace::host
