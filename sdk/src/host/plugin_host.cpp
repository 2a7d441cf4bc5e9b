#include "workspace/host/plugin_host.hpp"

#include "loaded_plugin.hpp"
#include "workspace/files/utf8_path.hpp"
#include "workspace/host/plugin_file.hpp"
#include "workspace/json/strict_json.hpp"
#include "workspace/plugin_api.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace workspace::host {

namespace {

using workspace::files::utf8_of;  // messages and the ABI carry UTF-8, whatever the platform

// The declaration in the manifest beside a library, nullopt when there is none, or why it is
// refused. Opened and checked like the library (a FIFO, a device or a link out of the folder is
// refused without waiting on it) and read through that descriptor.
Result<std::optional<PluginDeclaration>> read_manifest(const std::filesystem::path& library,
                                                       const std::filesystem::path& folder, const std::string& id) {
    auto path = manifest_path(library);
    std::error_code error;
    if (!std::filesystem::exists(std::filesystem::symlink_status(path, error))) return std::nullopt;
    auto opened = PluginFile::open(path, folder, id);
    if (!opened) return opened.error();
    auto bad = [&](const std::string& why) {
        return Problem{"BAD_MANIFEST", "plugin \"" + id + "\" refused: " + utf8_of(path) + ": " + why};
    };
    auto text = opened->read(manifest_max_bytes);
    if (!text) return bad("the manifest " + text.error().message);
    auto declaration = parse_manifest(*text);
    if (!declaration) return bad(declaration.error().message);
    return *declaration;
}

}  // namespace

PluginHost::PluginHost(HostConfig config, MessageBus& bus, LogSink log, HostIdentity identity)
    : config_(std::move(config)),
      bus_(bus),
      log_(log ? std::move(log) : LogSink([](LogLevel, std::string_view, std::string_view) {})),
      identity_(std::move(identity)),
      workspace_version_text_(config_.workspace_version.to_string()),
      config_directory_text_(utf8_of(config_.config_directory)) {}

PluginHost::~PluginHost() { deactivate_all(); }

std::vector<std::filesystem::path> PluginHost::library_candidates(const std::filesystem::path& folder,
                                                                  std::string_view id) {
    auto suffix = boost::dll::shared_library::suffix().string();
    return {folder / (std::string(id) + suffix), folder / ("lib" + std::string(id) + suffix)};
}

void PluginHost::refuse(const std::string& id, const Problem& refusal) {
    const auto& [code, reason] = refusal;
    log_(LogLevel::error, "host", reason);
    // The one builder of this message: every refusal, whatever refused the plugin.
    nlohmann::json announcement = {{"channel", "Workspace"},
                                   {"topic", "Host"},
                                   {"subtopic", "PluginRefused"},
                                   {"message",
                                    {{"source", "error"},
                                     {"plugin", id},
                                     {"error", {{"type", "PLUGIN_REFUSED"}, {"code", code}, {"message", reason}}}}}};
    bus_.publish({"Workspace", "Host", "PluginRefused", workspace::to_text(announcement), "host"});
}

std::optional<std::filesystem::path> PluginHost::find_library(std::string_view id) const {
    for (const auto& candidate : library_candidates(config_.plugin_directory, id))
        if (std::filesystem::exists(std::filesystem::symlink_status(candidate))) return candidate;
    return std::nullopt;
}

Result<std::unique_ptr<LoadedPlugin>> PluginHost::open(const PluginSettings& settings) {
    const auto& id = settings.id;
    auto path = find_library(id);
    if (!path) {
        auto candidates = library_candidates(config_.plugin_directory, id);
        return Problem{"NOT_FOUND", "plugin \"" + id + "\": no " + utf8_of(candidates[0].filename()) + " or " +
                                        utf8_of(candidates[1].filename()) + " in " + utf8_of(config_.plugin_directory)};
    }
    auto file = PluginFile::open(*path, config_.plugin_directory, id);
    if (!file) return file.error();

    // The manifest, when there is one, decides before anything is loaded.
    auto manifest = read_manifest(*path, config_.plugin_directory, id);
    if (!manifest) return manifest.error();
    if (*manifest)
        if (auto allowed = check_declaration(**manifest, id, config_.workspace_version); !allowed)
            return allowed.error();

    // Read the symbol table from the file first: a library without the entry never runs.
    auto symbols = file->symbols();
    if (!symbols)
        return Problem{symbols.error().code,
                       "plugin \"" + id + "\": " + path->string() + " " + symbols.error().message};
    if (std::find(symbols->begin(), symbols->end(), WS_PLUGIN_ENTRY_SYMBOL) == symbols->end())
        return Problem{"NO_ENTRY", "plugin \"" + id + "\": " + path->string() + " does not export " +
                                       WS_PLUGIN_ENTRY_SYMBOL + "; not a Workspace plugin"};

    // Loaded from the descriptor that was checked, not from the path again.
    auto library = file->load();
    auto cannot_load = [&](const std::string& why) {
        return Problem{"LOAD_FAILED", "plugin \"" + id + "\": cannot load " + path->string() + ": " + why};
    };
    if (!library) return cannot_load(library.error().message);
    const ws_plugin_entry* entry = nullptr;
    try {  // Boost.DLL reports a missing symbol only by throwing
        entry = &library->get<const ws_plugin_entry>(WS_PLUGIN_ENTRY_SYMBOL);
    } catch (const std::exception& error) {
        return cannot_load(error.what());
    }
    auto text = [](const char* value) { return std::string(value ? value : ""); };
    PluginDeclaration declared{text(entry->id),
                               text(entry->name),
                               text(entry->version),
                               text(entry->min_workspace_version),
                               {entry->abi_version.major, entry->abi_version.minor, entry->abi_version.patch}};
    if (auto allowed = check_declaration(declared, id, config_.workspace_version); !allowed) return allowed.error();
    if (entry->create == nullptr)
        return Problem{"NO_ENTRY", "plugin \"" + id + "\" refused: its entry has no create function"};
    if (const auto& declaration = *manifest;
        declaration && (declaration->id != declared.id || declaration->version != declared.version))
        return Problem{"MANIFEST_MISMATCH", "plugin \"" + id + "\" refused: its manifest says " + declaration->id +
                                                " " + declaration->version + " but the library is " + declared.id +
                                                " " + declared.version};
    return std::make_unique<LoadedPlugin>(std::move(*library), *entry, settings.config.dump(), bus_, log_, identity_,
                                          workspace_version_text_, config_directory_text_);
}

std::vector<PluginOutcome> PluginHost::load_enabled() {
    std::error_code error;
    if (!std::filesystem::is_directory(config_.plugin_directory, error))
        throw PluginHostError("plugin folder \"" + utf8_of(config_.plugin_directory) + "\" does not exist");

    std::vector<PluginOutcome> outcomes;
    for (const auto& settings : config_.plugins) {
        if (!settings.enabled) {
            log_(LogLevel::debug, "host", "plugin \"" + settings.id + "\" is not enabled; its library is not opened");
            continue;
        }
        auto plugin = open(settings);
        auto activation = plugin ? (*plugin)->activate() : Result<void>(plugin.error());
        outcomes.push_back({settings.id, activation});
        if (!activation) {
            refuse(settings.id, activation.error());
            continue;
        }
        log_(LogLevel::info, "host", "plugin \"" + settings.id + "\" activated");
        plugins_.push_back(std::move(*plugin));
    }
    return outcomes;
}

std::vector<PluginListing> PluginHost::list() const {
    std::vector<PluginListing> listings;
    auto describe = [&](PluginListing listing) {
        if (listing.library.empty()) {
            listing.would_load = Problem{"NOT_FOUND", "no library in the plugin folder"};
        } else if (auto opened = PluginFile::open(listing.library, config_.plugin_directory, listing.id); !opened) {
            listing.would_load = opened.error();
        } else if (auto manifest = read_manifest(listing.library, config_.plugin_directory, listing.id); !manifest) {
            listing.would_load = manifest.error();
        } else if (listing.declaration = std::move(*manifest); listing.declaration) {
            listing.would_load = check_declaration(*listing.declaration, listing.id, config_.workspace_version);
        } else {
            listing.would_load = Problem{"NO_MANIFEST", "no manifest: cannot tell without loading the library"};
        }
        listings.push_back(std::move(listing));
    };
    for (const auto& settings : config_.plugins)
        describe({settings.id,
                  find_library(settings.id).value_or(std::filesystem::path()),
                  std::nullopt,
                  true,
                  settings.enabled,
                  {}});

    // Libraries in the folder that the configuration does not mention.
    std::error_code error;
    auto suffix = boost::dll::shared_library::suffix().string();
    for (const auto& file : std::filesystem::directory_iterator(config_.plugin_directory, error)) {
        if (file.path().extension() != suffix) continue;
        auto id = utf8_of(file.path().stem());
        if (id.rfind("lib", 0) == 0 && !config_.find_plugin(id)) id = id.substr(3);
        if (config_.find_plugin(id) || config_.find_plugin(utf8_of(file.path().stem()))) continue;
        describe({id, file.path(), std::nullopt, false, false, {}});
    }
    return listings;
}

std::optional<std::string> PluginHost::plugin_status(std::string_view id) {
    for (const auto& plugin : plugins_)
        if (plugin->id() == id) return plugin->status();
    return std::nullopt;
}

void PluginHost::deactivate_all() {
    while (!plugins_.empty()) {
        auto id = plugins_.back()->id();
        plugins_.pop_back();  // deactivates, destroys, unloads
        log_(LogLevel::info, "host", "plugin \"" + id + "\" deactivated");
    }
}

}  // namespace workspace::host
