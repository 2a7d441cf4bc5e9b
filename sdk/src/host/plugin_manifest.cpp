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

PluginDeclaration parse_manifest(std::string_view text) {
    nlohmann::json json;
    try {
        json = workspace::parse_strict(text, {manifest_max_bytes, 8});
    } catch (const workspace::StrictJsonError& error) {
        throw ManifestError(std::string("the manifest is not a strict JSON object: ") + error.what());
    }
    auto field = [&](const char* key) {
        auto it = json.find(key);
        if (it == json.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
            throw ManifestError(std::string("the manifest's \"") + key + "\" must be a non-empty string");
        return it->get<std::string>();
    };
    PluginDeclaration declaration{field("id"), field("name"), field("version"), field("minWorkspaceVersion"), {}};
    try {
        auto abi = WorkspaceVersion::parse(field("abiVersion"));  // the same N.N.N syntax
        declaration.abi = {abi.major, abi.minor, abi.patch};
    } catch (const std::invalid_argument&) {
        throw ManifestError("the manifest's \"abiVersion\" must be MAJOR.MINOR.PATCH");
    }
    return declaration;
}

std::string manifest_text(const PluginDeclaration& d) {
    return nlohmann::json{{"id", d.id}, {"name", d.name}, {"version", d.version},
                          {"minWorkspaceVersion", d.min_workspace_version}, {"abiVersion", d.abi.to_string()}}
        .dump(2);
}

std::filesystem::path manifest_path(const std::filesystem::path& library) {
    auto path = library;
    return path.replace_extension(".json");
}

std::optional<PluginRefusal> check_declaration(const PluginDeclaration& d, std::string_view configured_id,
                                               const WorkspaceVersion& workspace) {
    std::string who = "plugin \"" + std::string(configured_id) + "\" refused: ";
    if (!abi_compatible(d.abi))
        return PluginRefusal{"ABI_MISMATCH", who + "built for plugin ABI " + d.abi.to_string() + ", this host supports " +
                                                 host_abi_version().to_string()};
    if (d.id != configured_id) return PluginRefusal{"ID_MISMATCH", who + "it declares id \"" + d.id + "\""};
    auto minimum = WorkspaceVersion::try_parse(d.min_workspace_version);
    if (!minimum)
        return PluginRefusal{"BAD_MIN_VERSION", who + "its minimum Workspace version \"" + d.min_workspace_version +
                                                    "\" is malformed"};
    if (workspace < *minimum)
        return PluginRefusal{"WORKSPACE_TOO_OLD", who + "requires Workspace " + minimum->to_string() +
                                                      " or later, this Workspace is " + workspace.to_string()};
    return std::nullopt;
}

}  // namespace workspace::host
