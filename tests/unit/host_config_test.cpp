#include "workspace/host/host_config.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace workspace::host;
using workspace::WorkspaceVersion;

namespace {
const std::filesystem::path base = "/opt/workspace/etc";
}

TEST_CASE("A complete configuration is read, relative paths against its folder") {
    auto config = parse_host_config(R"({
        "workspace": {"version": "3.21.2410"},
        "pluginDirectory": "../plugins",
        "logLevel": "debug",
        "plugins": [
            {"id": "webexcc-outbound", "enabled": true, "config": {"entryPointId": "ep"}},
            {"id": "echo", "enabled": false}
        ]})",
                                    base);
    CHECK(config.workspace_version == WorkspaceVersion{3, 21, 2410});
    CHECK(config.plugin_directory == std::filesystem::path("/opt/workspace/plugins"));
    CHECK(config.log_level == LogLevel::debug);
    REQUIRE(config.plugins.size() == 2);
    CHECK(config.plugins[0].enabled);
    CHECK(config.plugins[0].config["entryPointId"] == "ep");
    CHECK_FALSE(config.plugins[1].enabled);
    CHECK(config.plugins[1].config == nlohmann::json::object());
    CHECK(config.find_plugin("echo") == &config.plugins[1]);
    CHECK(config.warnings.empty());
}

TEST_CASE("Defaults: plugin folder 'plugins', info logging, plugins disabled unless enabled") {
    auto config = parse_host_config(R"({"workspace": {"version": "3.21.2410"}, "plugins": [{"id": "a"}]})", base);
    CHECK(config.plugin_directory == base / "plugins");
    CHECK(config.log_level == LogLevel::info);
    CHECK_FALSE(config.plugins.at(0).enabled);
}

TEST_CASE("An absolute plugin folder is kept") {
    auto config = parse_host_config(R"({"workspace": {"version": "3.21.2410"}, "pluginDirectory": "/srv/p"})", base);
    CHECK(config.plugin_directory == std::filesystem::path("/srv/p"));
}

TEST_CASE("Unknown keys are warned about, not fatal") {
    auto config = parse_host_config(R"({"workspace": {"version": "3.21.2410", "edition": "x"}, "colour": 1,
                                        "plugins": [{"id": "a", "enabeld": true}]})",
                                    base);
    REQUIRE(config.warnings.size() == 3);
    CHECK_THAT(config.warnings[0], Catch::Contains("edition"));
    CHECK_THAT(config.warnings[1], Catch::Contains("enabeld") && Catch::Contains("plugins[0]"));
    CHECK_THAT(config.warnings[2], Catch::Contains("colour"));
}

TEST_CASE("Bad configurations are clear errors naming the key") {
    struct Case {
        const char* text;
        const char* mentions;
    };
    const Case cases[] = {
        {"{not json", "not valid JSON"},
        {"[]", "JSON object"},
        {"{}", "\"workspace\""},
        {R"({"workspace": {}})", "\"version\""},
        {R"({"workspace": {"version": 3}})", "\"version\" must be a string"},
        {R"({"workspace": {"version": "3.21"}})", "workspace.version"},
        {R"({"workspace": {"version": "3.21.2410"}, "pluginDirectory": ""})", "pluginDirectory"},
        {R"({"workspace": {"version": "3.21.2410"}, "logLevel": "loud"})", "logLevel"},
        {R"({"workspace": {"version": "3.21.2410"}, "plugins": {}})", "\"plugins\" must be an array"},
        {R"({"workspace": {"version": "3.21.2410"}, "plugins": [{"enabled": true}]})", "plugins[0]: missing \"id\""},
        {R"({"workspace": {"version": "3.21.2410"}, "plugins": [{"id": "../evil"}]})", "\"id\" must be"},
        {R"({"workspace": {"version": "3.21.2410"}, "plugins": [{"id": "a", "enabled": "yes"}]})", "\"enabled\""},
        {R"({"workspace": {"version": "3.21.2410"}, "plugins": [{"id": "a", "config": []}]})", "\"config\""},
        {R"({"workspace": {"version": "3.21.2410"}, "plugins": [{"id": "a"}, {"id": "a"}]})", "listed twice"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK_THROWS_WITH(parse_host_config(c.text, base), Catch::Contains(c.mentions));
    }
}

TEST_CASE("A missing configuration file is a clear error") {
    CHECK_THROWS_WITH(load_host_config("/nonexistent/host.json"),
                      Catch::Contains("cannot read host configuration") && Catch::Contains("/nonexistent/host.json"));
}

TEST_CASE("A configuration file's errors name the file") {
    auto file = std::filesystem::temp_directory_path() / "workspace-host-config-test.json";
    std::ofstream(file) << "{\"workspace\": ";
    CHECK_THROWS_WITH(load_host_config(file), Catch::Contains(file.string()) && Catch::Contains("not valid JSON"));
    std::filesystem::remove(file);
}
