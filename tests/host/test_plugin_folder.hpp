#pragma once
// A throw-away Workspace installation for tests: a temporary folder with a plugin folder, a marker
// folder the probe plugins write to when loaded, and a host configuration.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace workspace::testing {

class TestFolder {
public:
    TestFolder();  // also points $PROBE_MARKER_DIR at markers()
    ~TestFolder();
    TestFolder(const TestFolder&) = delete;
    TestFolder& operator=(const TestFolder&) = delete;

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path plugins() const { return root_ / "plugins"; }
    std::filesystem::path markers() const { return root_ / "markers"; }

    // Copies a test plugin built by this project ("probe", "echo", ...) into plugins().
    void install(const std::string& plugin) const;
    bool was_loaded(const std::string& plugin) const { return std::filesystem::exists(markers() / plugin); }

    // Writes `config` as root()/host.json and returns its path.
    std::filesystem::path write_config(const nlohmann::json& config) const;

private:
    std::filesystem::path root_;
};

// {"workspace": {"version": ...}, "pluginDirectory": "plugins", "plugins": [{"id", "enabled": true}...]}
nlohmann::json host_config(const std::string& workspace_version, std::initializer_list<std::string> enabled);

}  // namespace workspace::testing
