#include "workspace/host/plugin_manifest.hpp"

#include "workspace/json/strict_json.hpp"
#include "workspace/plugin_api.h"

#include <nlohmann/json.hpp>

namespace workspace::host {

std::string AbiVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

AbiVersion host_abi_version() { return {WS_ABI_VERSION_MAJOR, WS_ABI_VERSION_MINOR, WS_ABI_VERSION_PATCH}; }

bool abi_compatible(const AbiVersion& plugin) {
    auto host = host_abi_version();
    return plugin.major == host.major && plugin.minor <= host.minor;
}

Result<PluginDeclaration> parse_manifest(std::string_view text) {
    auto bad = [](std::string why) { return Problem{"BAD_MANIFEST", std::move(why)}; };
    auto parsed = workspace::parse_strict(text, {manifest_max_bytes, 8});
    if (!parsed) return bad("the manifest is not a strict JSON object: " + parsed.error().message);
    const auto& json = *parsed;
    PluginDeclaration declaration;
    std::string abi_text;
    for (auto [key, field] : {std::pair{"id", &declaration.id},
                              {"name", &declaration.name},
                              {"version", &declaration.version},
                              {"minWorkspaceVersion", &declaration.min_workspace_version},
                              {"abiVersion", &abi_text}}) {
        auto it = json.find(key);
        if (it == json.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
            return bad(std::string("the manifest's \"") + key + "\" must be a non-empty string");
        *field = it->get<std::string>();
    }
    auto abi = WorkspaceVersion::try_parse(abi_text);  // the same N.N.N syntax
    if (!abi) return bad("the manifest's \"abiVersion\" must be MAJOR.MINOR.PATCH");
    declaration.abi = {abi->major, abi->minor, abi->patch};
    return declaration;
}

std::string manifest_text(const PluginDeclaration& d) {
    return nlohmann::json{{"id", d.id},
                          {"name", d.name},
                          {"version", d.version},
                          {"minWorkspaceVersion", d.min_workspace_version},
                          {"abiVersion", d.abi.to_string()}}
        .dump(2);
}

std::filesystem::path manifest_path(const std::filesystem::path& library) {
    auto path = library;
    return path.replace_extension(".json");
}

Result<void> check_declaration(const PluginDeclaration& d, std::string_view configured_id,
                               const WorkspaceVersion& workspace) {
    std::string who = "plugin \"" + std::string(configured_id) + "\" refused: ";
    if (!abi_compatible(d.abi))
        return Problem{"ABI_MISMATCH", who + "built for plugin ABI " + d.abi.to_string() + ", this host supports " +
                                           host_abi_version().to_string()};
    if (d.id != configured_id) return Problem{"ID_MISMATCH", who + "it declares id \"" + d.id + "\""};
    auto minimum = WorkspaceVersion::try_parse(d.min_workspace_version);
    if (!minimum)
        return Problem{"BAD_MIN_VERSION",
                       who + "its minimum Workspace version \"" + d.min_workspace_version + "\" is malformed"};
    if (workspace < *minimum)
        return Problem{"WORKSPACE_TOO_OLD", who + "requires Workspace " + minimum->to_string() +
                                                " or later, this Workspace is " + workspace.to_string()};
    return {};
}

}  // namespace workspace::host
