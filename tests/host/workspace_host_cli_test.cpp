// The reference host as a user runs it: a real process, stdin in, stdout and stderr out.

#include "test_plugin_folder.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

using nlohmann::json;
using workspace::testing::host_config;
using workspace::testing::TestFolder;

namespace {

struct Run {
    int exit_code = -1;
    std::vector<std::string> stdout_lines;
    std::string stderr_text;
    std::string folder;
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Run run_host(const TestFolder& folder, const std::string& arguments, const std::string& input) {
    auto in = folder.root() / "stdin.txt", out = folder.root() / "stdout.txt", err = folder.root() / "stderr.txt";
    std::ofstream(in) << input;
    // A host that hangs is killed (exit 124) rather than hanging the test.
    std::string command = std::string("timeout 60 '") + WORKSPACE_HOST_BINARY + "' " + arguments + " < '" +
                          in.string() + "' > '" + out.string() + "' 2> '" + err.string() + "'";
    int status = std::system(command.c_str());
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::istringstream lines(read_file(out));
    for (std::string line; std::getline(lines, line);) run.stdout_lines.push_back(line);
    run.stderr_text = read_file(err);
    run.folder = folder.root().string();
    return run;
}

std::vector<json> parsed(const Run& run) {
    for (const auto& line : run.stdout_lines) UNSCOPED_INFO("stdout: " << line);
    UNSCOPED_INFO("stderr: " << run.stderr_text);
    UNSCOPED_INFO("folder: " << run.folder);
    std::vector<json> messages;
    for (const auto& line : run.stdout_lines) messages.push_back(json::parse(line));  // every line is JSON
    return messages;
}

}  // namespace

TEST_CASE("workspace-host round-trips messages between stdin, the plugins and stdout") {
    TestFolder folder;
    folder.install("echo");
    auto config = folder.write_config(host_config("3.21.2410", {"echo"}));
    auto run = run_host(folder, "--config '" + config.string() + "'",
                        R"({"channel":"Example","topic":"Echo","subtopic":"Request","data":"one"})"
                        "\n"
                        "\n"
                        R"({"CHANNEL":"example","Topic":"echo","Subtopic":"REQUEST","data":"two"})"
                        "\n");
    CHECK(run.exit_code == 0);
    auto messages = parsed(run);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["subtopic"] == "Reply");
    CHECK(messages[0]["message"]["echo"] == "one");
    CHECK(messages[1]["message"]["echo"] == "two");
    CHECK_THAT(run.stderr_text, Catch::Contains("plugin \"echo\" activated") && Catch::Contains("deactivated"));
}

TEST_CASE("workspace-host reports a malformed line and keeps going") {
    TestFolder folder;
    folder.install("echo");
    auto config = folder.write_config(host_config("3.21.2410", {"echo"}));
    auto run = run_host(folder, "--config '" + config.string() + "'",
                        "{oops\n"
                        R"({"channel":"Example","topic":"Echo"})"
                        "\n"
                        R"({"channel":"Example","topic":"Echo","subtopic":"Request","data":"still here"})"
                        "\n");
    CHECK(run.exit_code == 0);
    auto messages = parsed(run);
    REQUIRE(messages.size() == 3);
    std::vector<json> errors, replies;
    for (auto& m : messages) (m["subtopic"] == "InputError" ? errors : replies).push_back(m);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0]["message"]["line"] == 1);
    CHECK(errors[0]["message"]["error"]["code"] == "BAD_JSON");
    CHECK(errors[1]["message"]["line"] == 2);
    CHECK(errors[1]["message"]["error"]["code"] == "BAD_ENVELOPE");
    CHECK_THAT(errors[1]["message"]["error"]["message"].get<std::string>(), Catch::Contains("subtopic"));
    REQUIRE(replies.size() == 1);
    CHECK(replies[0]["message"]["echo"] == "still here");
    CHECK_THAT(run.stderr_text, Catch::Contains("input line 1 ignored"));
}

TEST_CASE("workspace-host survives hostile stdin lines: each gets an InputError, later lines still run") {
    TestFolder folder;
    folder.install("echo");
    auto config = folder.write_config(host_config("3.21.2410", {"echo"}));
    const std::vector<std::string> hostile = {
        "{\"channel\":\"Example\",\"topic\":\"Echo\",\"subtopic\":\"Request\",\"data\":\"\xff\xfe\"}",  // not UTF-8
        "\xc3\x28 garbage \x80",                                                         // not JSON, not UTF-8
        R"({"channel":"Example","topic":"Echo","subtopic":"Request","data":"\ud800"})",  // lone surrogate
        R"({"channel":"Example","topic":"Echo","subtopic":"Request","data":1e999})",     // beyond a double
        std::string("{\"channel\":\"Example\",\"topic\":\"Echo\",\"subtopic\":\"Request\"}\0{}",
                    60),  // text after a NUL
        "{\"channel\":\"Example\",\"topic\":\"Echo\",\"subtopic\":\"Request\",\"data\":" + std::string(5000, '[') +
            std::string(5000, ']') + "}",  // deep nesting
    };
    std::string input;
    for (const auto& line : hostile) input += line + "\n";
    input += R"({"channel":"Example","topic":"Echo","subtopic":"Request","data":"still here"})"
             "\n";
    auto run = run_host(folder, "--config '" + config.string() + "'", input);
    CHECK(run.exit_code == 0);
    auto messages = parsed(run);  // every stdout line is strict JSON
    REQUIRE(messages.size() == hostile.size() + 1);
    for (std::size_t i = 0; i < hostile.size(); ++i) {
        INFO("line " << i + 1);
        CHECK(messages[i]["subtopic"] == "InputError");
        CHECK(messages[i]["message"]["line"] == i + 1);
        CHECK(messages[i]["message"]["error"]["code"] == "BAD_JSON");
    }
    CHECK(messages.back()["message"]["echo"] == "still here");
    CHECK(run.stderr_text.find("\xff") == std::string::npos);  // never quoted
}

TEST_CASE("workspace-host announces a refused plugin on stdout") {
    TestFolder folder;
    folder.install("probe-new-workspace");
    auto config = folder.write_config(host_config("3.21.2410", {"probe-new-workspace"}));
    auto run = run_host(folder, "--config '" + config.string() + "'", "");
    CHECK(run.exit_code == 0);
    auto messages = parsed(run);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["subtopic"] == "PluginRefused");
    CHECK_THAT(run.stderr_text, Catch::Contains("9.0.0") && Catch::Contains("3.21.2410"));
}

TEST_CASE("workspace-host fails clearly on a bad command line or configuration") {
    TestFolder folder;
    auto help = run_host(folder, "--help", "");
    CHECK(help.exit_code == 0);
    CHECK(std::any_of(help.stdout_lines.begin(), help.stdout_lines.end(),
                      [](const auto& line) { return line.find("--config FILE") != std::string::npos; }));

    CHECK(run_host(folder, "", "").exit_code == 2);
    CHECK(run_host(folder, "--bogus", "").exit_code == 2);

    auto missing = run_host(folder, "--config '" + (folder.root() / "absent.json").string() + "'", "");
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.stderr_text, Catch::Contains("absent.json"));

    std::ofstream(folder.root() / "bad.json") << "{\"workspace\":";
    auto bad = run_host(folder, "--config '" + (folder.root() / "bad.json").string() + "'", "");
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.stderr_text, Catch::Contains("not valid JSON"));

    for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
             {"huge.json", R"({"workspace":{"version":"3.21.2410"},"plugins":[{"id":"echo","config":{"n":1e999}}]})"},
             {"surrogate.json", R"({"workspace":{"version":"3.21.2410\udfff"}})"},
             {"bytes.json", "{\"workspace\":{\"version\":\"3.21.2410\xff\"}}"}}) {
        std::ofstream(folder.root() / name) << text;
        auto hostile = run_host(folder, "--config '" + (folder.root() / name).string() + "'", "");
        INFO(name);
        CHECK(hostile.exit_code == 1);
        CHECK_THAT(hostile.stderr_text, Catch::Contains("not valid JSON"));
    }

    auto config = host_config("3.21.2410", {"echo"});
    config["pluginDirectory"] = "missing-folder";
    auto no_folder = run_host(folder, "--config '" + folder.write_config(config).string() + "'", "");
    CHECK(no_folder.exit_code == 1);
    CHECK_THAT(no_folder.stderr_text, Catch::Contains("missing-folder") && Catch::Contains("does not exist"));
}

TEST_CASE("workspace-host --list-plugins prints what manifests say with control characters escaped") {
    TestFolder folder;
    folder.install("echo");
    folder.install("probe");
    // A name that would clear the screen and retitle the window, a version that would ring the bell.
    std::ofstream(folder.plugins() / "echo.json") << json{
        {"id", "echo"},
        {"name", "Echo\x1b[2J\x1b]0;owned\x07"},
        {"version", "1.0.0\x07"},
        {"minWorkspaceVersion", "3.21.2410"},
        {"abiVersion", "1.0.0"}}.dump();
    // An id that disagrees: the refusal quotes it.
    std::ofstream(folder.plugins() / "probe.json") << json{
        {"id", "pro\x1b[31mbe\nforged line"},
        {"name", "Probe"},
        {"version", "1.0.0"},
        {"minWorkspaceVersion", "3.21.2410"},
        {"abiVersion", "1.0.0"}}.dump();
    auto config = folder.write_config(host_config("3.21.2410", {"echo", "probe"}));
    auto listed = run_host(folder, "--list-plugins --config '" + config.string() + "'", "");
    for (const auto& line : listed.stdout_lines) UNSCOPED_INFO("stdout: " << line);
    CHECK(listed.exit_code == 0);
    REQUIRE(listed.stdout_lines.size() == 3);  // the header and one line per plugin: no forged line
    std::string printed;
    for (const auto& line : listed.stdout_lines) printed += line + "\n";
    CHECK(printed.find('\x1b') == std::string::npos);
    CHECK(printed.find('\x07') == std::string::npos);
    CHECK_THAT(printed, Catch::Contains("Echo\\x1b[2J\\x1b]0;owned\\x07") && Catch::Contains("1.0.0\\x07") &&
                            Catch::Contains("pro\\x1b[31mbe\\x0aforged line"));

    // Loading them, the refusal in the log is escaped the same way.
    auto loaded = run_host(folder, "--config '" + config.string() + "'", "");
    CHECK(loaded.exit_code == 0);
    CHECK(loaded.stderr_text.find('\x1b') == std::string::npos);
    CHECK_THAT(loaded.stderr_text, Catch::Contains("pro\\x1b[31mbe\\x0aforged line"));
}

TEST_CASE("workspace-host and --list-plugins do not hang on a manifest that is a FIFO") {
    TestFolder folder;
    folder.install("echo");
    auto manifest = folder.plugins() / "echo.json";
    std::filesystem::remove(manifest);
    REQUIRE(::mkfifo(manifest.c_str(), 0644) == 0);
    auto config = folder.write_config(host_config("3.21.2410", {"echo"}));

    auto listed = run_host(folder, "--list-plugins --config '" + config.string() + "'", "");
    CHECK(listed.exit_code == 0);  // 124: killed by the timeout
    REQUIRE(listed.stdout_lines.size() == 2);
    CHECK_THAT(listed.stdout_lines[1],
               Catch::Contains("UNSAFE_FILE") && Catch::Contains("echo.json is not a regular file"));

    auto loaded = run_host(folder, "--config '" + config.string() + "'", "");
    CHECK(loaded.exit_code == 0);
    auto messages = parsed(loaded);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["subtopic"] == "PluginRefused");
    CHECK_THAT(loaded.stderr_text, Catch::Contains("echo.json is not a regular file"));
}
