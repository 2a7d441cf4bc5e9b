// Host configurations and plugin manifests as files could hold them: every input is either
// accepted or refused (ConfigError for a configuration, a BAD_MANIFEST Problem for a manifest),
// never anything else.

#include "workspace/host/host_config.hpp"
#include "workspace/host/plugin_manifest.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto config = workspace::host::parse_host_config(text, "/etc/workspace");
        for (const auto& plugin : config.plugins) (void)plugin.config.dump();
    } catch (const workspace::host::ConfigError&) {
    }
    if (auto manifest = workspace::host::parse_manifest(text)) (void)workspace::host::manifest_text(*manifest);
    else if (manifest.error().code != "BAD_MANIFEST") __builtin_trap();
    return 0;
}
