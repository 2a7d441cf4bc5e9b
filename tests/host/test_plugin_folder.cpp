#include "test_plugin_folder.hpp"

#include "../support/temp_paths.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

namespace workspace::testing {

namespace {
const std::map<std::string, std::string> built_plugins = TEST_PLUGIN_FILES;
}

TestFolder::TestFolder() {
    root_ = make_temp_folder("workspace-test-");
    std::filesystem::create_directories(plugins());
    std::filesystem::create_directories(markers());
    // Whatever the umask: the host refuses a plugin folder others may write.
    std::filesystem::permissions(plugins(), std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::remove);
#ifdef _WIN32
    _putenv_s("PROBE_MARKER_DIR", markers().string().c_str());
#else
    setenv("PROBE_MARKER_DIR", markers().c_str(), 1);
#endif
}

TestFolder::~TestFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
}

void TestFolder::install(const std::string& plugin) const {
    auto built = built_plugins.find(plugin);
    if (built == built_plugins.end()) throw std::invalid_argument("no test plugin " + plugin);
    std::filesystem::path source = built->second;
    auto copy = [&](const std::filesystem::path& from) {
        auto to = plugins() / from.filename();
        std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
        // Whatever the umask: the host refuses plugin files others may write.
        std::filesystem::permissions(to, std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                                     std::filesystem::perm_options::remove);
    };
    copy(source);
    if (auto manifest = std::filesystem::path(source).replace_extension(".json"); std::filesystem::exists(manifest))
        copy(manifest);
}

std::filesystem::path TestFolder::write_config(const nlohmann::json& config) const {
    auto path = root_ / "host.json";
    std::ofstream(path) << config.dump(2);
    return path;
}

nlohmann::json host_config(const std::string& workspace_version, std::initializer_list<std::string> enabled) {
    nlohmann::json plugins = nlohmann::json::array();
    for (const auto& id : enabled) plugins.push_back({{"id", id}, {"enabled", true}});
    return {{"workspace", {{"version", workspace_version}}}, {"pluginDirectory", "plugins"}, {"plugins", plugins}};
}

}  // namespace workspace::testing
