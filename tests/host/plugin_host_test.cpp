#include "workspace/host/plugin_host.hpp"
#include "workspace/host/plugin_file.hpp"
#include "workspace/host/terminal_log.hpp"
#include "workspace/plugin_api.h"

#include "test_plugin_folder.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace workspace::host;
using nlohmann::json;
using workspace::testing::host_config;
using workspace::testing::TestFolder;

namespace {

// Collects log lines and the messages published on the bus.
struct Observer {
    std::mutex mutex;
    std::vector<std::string> log_lines;
    std::vector<BusMessage> messages;

    LogSink sink() {
        return [this](LogLevel, std::string_view source, std::string_view text) {
            std::lock_guard lock(mutex);
            log_lines.push_back(std::string(source) + ": " + std::string(text));
        };
    }
    void watch(MessageBus& bus) {
        bus.subscribe_all(
            [this](const BusMessage& m) {
                std::lock_guard lock(mutex);
                messages.push_back(m);
            },
            "observer");
    }
    bool logged(std::string_view fragment) {
        std::lock_guard lock(mutex);
        return std::any_of(log_lines.begin(), log_lines.end(),
                           [&](const auto& line) { return line.find(fragment) != std::string::npos; });
    }
    std::string log_line_with(std::string_view fragment) {
        std::lock_guard lock(mutex);
        for (const auto& line : log_lines)
            if (line.find(fragment) != std::string::npos) return line;
        return {};
    }
    std::vector<json> published(std::string_view subtopic) {
        std::lock_guard lock(mutex);
        std::vector<json> found;
        for (const auto& m : messages)
            if (m.subtopic == subtopic) found.push_back(json::parse(m.json));
        return found;
    }
};

HostConfig config_for(const TestFolder& folder, const json& config) {
    return load_host_config(folder.write_config(config));
}

}  // namespace

TEST_CASE("Only enabled plugins are opened") {
    TestFolder folder;
    folder.install("probe");
    folder.install("probe-disabled");
    auto config = host_config("3.21.2410", {"probe"});
    config["plugins"].push_back({{"id", "probe-disabled"}, {"enabled", false}});

    Observer observer;
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, config), bus, observer.sink());
    auto outcomes = host.load_enabled();

    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].id == "probe");
    CHECK(outcomes[0].active());
    CHECK(folder.was_loaded("probe"));
    CHECK_FALSE(folder.was_loaded("probe-disabled"));
    CHECK(observer.logged("probe: probe created"));
}

TEST_CASE("A plugin built for a newer ABI major is refused, naming both versions, before any of its code runs") {
    TestFolder folder;
    folder.install("probe-new-abi");
    Observer observer;
    MessageBus bus(observer.sink());
    observer.watch(bus);
    PluginHost host(config_for(folder, host_config("3.21.2410", {"probe-new-abi"})), bus, observer.sink());
    auto outcomes = host.load_enabled();
    bus.drain();

    REQUIRE(outcomes.size() == 1);
    CHECK_FALSE(outcomes[0].active());
    auto line = observer.log_line_with("refused");
    CHECK_THAT(line, Catch::Contains("probe-new-abi") && Catch::Contains("2.0.0") && Catch::Contains("1.0.0"));
    CHECK_FALSE(observer.logged("probe created"));
    auto refusals = observer.published("PluginRefused");
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0]["message"]["error"]["code"] == "ABI_MISMATCH");
    CHECK(refusals[0]["message"]["plugin"] == "probe-new-abi");
}

TEST_CASE("A plugin needing a newer Workspace is refused, naming both versions, before any of its code runs") {
    TestFolder folder;
    folder.install("probe-new-workspace");
    Observer observer;
    MessageBus bus(observer.sink());
    observer.watch(bus);
    PluginHost host(config_for(folder, host_config("3.21.2410", {"probe-new-workspace"})), bus, observer.sink());
    auto outcomes = host.load_enabled();
    bus.drain();

    CHECK_FALSE(outcomes.at(0).active());
    CHECK_THAT(observer.log_line_with("refused"), Catch::Contains("9.0.0") && Catch::Contains("3.21.2410"));
    CHECK_FALSE(observer.logged("probe created"));
    REQUIRE(observer.published("PluginRefused").size() == 1);
    CHECK(observer.published("PluginRefused")[0]["message"]["error"]["code"] == "WORKSPACE_TOO_OLD");
}

TEST_CASE("The Workspace version gate compares numerically") {
    auto outcome_on = [](const std::string& workspace) {
        TestFolder folder;
        folder.install("probe");  // needs 3.21.2410
        Observer observer;
        MessageBus bus(observer.sink());
        PluginHost host(config_for(folder, host_config(workspace, {"probe"})), bus, observer.sink());
        return host.load_enabled().at(0).active();
    };
    CHECK(outcome_on("3.21.2410"));
    CHECK(outcome_on("3.21.2411"));
    CHECK(outcome_on("3.100.0"));
    CHECK(outcome_on("4.0.0"));
    CHECK_FALSE(outcome_on("3.21.2409"));
    CHECK_FALSE(outcome_on("3.9.9999"));
    CHECK_FALSE(outcome_on("2.99.9999"));
}

TEST_CASE("A plugin with a malformed minimum Workspace version is refused") {
    TestFolder folder;
    folder.install("probe-bad-version");
    Observer observer;
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, host_config("3.21.2410", {"probe-bad-version"})), bus, observer.sink());
    CHECK_FALSE(host.load_enabled().at(0).active());
    CHECK_THAT(observer.log_line_with("refused"), Catch::Contains("3.21.x") && Catch::Contains("malformed"));
    CHECK_FALSE(observer.logged("probe created"));
}

TEST_CASE("A library without the entry symbol is refused without being loaded") {
    TestFolder folder;
    folder.install("no-entry");
    Observer observer;
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, host_config("3.21.2410", {"no-entry"})), bus, observer.sink());
    auto outcomes = host.load_enabled();
    CHECK_FALSE(outcomes.at(0).active());
    CHECK_THAT(outcomes[0].activation.error().message, Catch::Contains("workspace_plugin_entry"));
    CHECK_FALSE(folder.was_loaded("no-entry"));
}

TEST_CASE("A file that is not a library, or no file at all, is a clear refusal") {
    TestFolder folder;
    std::ofstream(folder.plugins() / "garbage.so") << "this is not ELF";
    Observer observer;
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, host_config("3.21.2410", {"garbage", "absent"})), bus, observer.sink());
    auto outcomes = host.load_enabled();
    REQUIRE(outcomes.size() == 2);
    CHECK_THAT(outcomes[0].activation.error().message, Catch::Contains("not a loadable library"));
    CHECK_THAT(outcomes[1].activation.error().message, Catch::Contains("absent.so") && Catch::Contains("libabsent.so"));
}

TEST_CASE("A missing plugin folder is a clear error") {
    TestFolder folder;
    auto config = host_config("3.21.2410", {"probe"});
    config["pluginDirectory"] = "nowhere";
    MessageBus bus(nullptr);
    PluginHost host(config_for(folder, config), bus, nullptr);
    CHECK_THROWS_WITH(host.load_enabled(), Catch::Contains("nowhere") && Catch::Contains("does not exist"));
}

TEST_CASE("A plugin that declines activation is destroyed and reported") {
    TestFolder folder;
    folder.install("probe-refuses");
    Observer observer;
    MessageBus bus(observer.sink());
    observer.watch(bus);
    PluginHost host(config_for(folder, host_config("3.21.2410", {"probe-refuses"})), bus, observer.sink());
    CHECK_FALSE(host.load_enabled().at(0).active());
    bus.drain();
    CHECK(observer.published("PluginRefused").at(0)["message"]["error"]["code"] == "ACTIVATION_FAILED");
    CHECK_FALSE(observer.logged("probe deactivated"));  // never activated, so only destroyed
}

TEST_CASE("Plugins in C and in C++ answer on the bus") {
    TestFolder folder;
    folder.install("probe");
    folder.install("echo");
    auto config = host_config("3.21.2410", {"probe", "echo"});
    config["plugins"][1]["config"] = {{"prefix", ">"}};
    Observer observer;
    MessageBus bus(observer.sink());
    observer.watch(bus);
    PluginHost host(config_for(folder, config), bus, observer.sink());
    auto outcomes = host.load_enabled();
    REQUIRE(outcomes.size() == 2);
    REQUIRE(outcomes[0].active());
    REQUIRE(outcomes[1].active());

    bus.publish(
        {"probe", "PING", "request", R"({"channel":"probe","topic":"PING","subtopic":"request","n":1})", "test"});
    bus.publish({"Example", "Echo", "Request",
                 R"({"channel":"Example","topic":"Echo","subtopic":"Request","data":"hi"})", "test"});
    bus.drain();

    auto replies = observer.published("Reply");
    for (const auto& line : observer.log_lines) UNSCOPED_INFO(line);
    REQUIRE(replies.size() == 2);
    CHECK(replies[0]["message"]["n"] == 1);
    CHECK(replies[1]["message"]["echo"] == "hi");
    CHECK(replies[1]["message"]["prefix"] == ">");

    host.deactivate_all();
    CHECK(observer.logged("probe: probe deactivated"));
    bus.publish({"Example", "Echo", "Request", R"({"data":"after"})", "test"});
    bus.drain();
    CHECK(observer.published("Reply").size() == 2);
}

TEST_CASE("A C++ plugin whose activation throws is refused with its message") {
    TestFolder folder;
    folder.install("echo");
    auto config = host_config("3.21.2410", {"echo"});
    config["plugins"][0]["config"] = {{"prefix", 5}};
    Observer observer;
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, config), bus, observer.sink());
    CHECK_FALSE(host.load_enabled().at(0).active());
    CHECK_THAT(observer.log_line_with("echo: activation failed"), Catch::Contains("\"prefix\" must be a string"));
}

TEST_CASE("Deactivating plugins while other threads publish to them is clean") {
    TestFolder folder;
    folder.install("probe");
    folder.install("echo");
    Observer observer;
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, host_config("3.21.2410", {"probe", "echo"})), bus, observer.sink());
    REQUIRE(host.load_enabled().size() == 2);

    std::atomic<bool> stop{false};
    std::atomic<int> published{0};
    std::vector<std::thread> publishers;
    for (int t = 0; t < 4; ++t)
        publishers.emplace_back([&, t] {
            while (!stop.load()) {
                if (t % 2 == 0) bus.publish({"Probe", "Ping", "Request", R"({"n":1})", "test"});
                else bus.publish({"Example", "Echo", "Request", R"({"data":"x"})", "test"});
                ++published;
            }
        });
    while (published.load() < 2000) std::this_thread::yield();
    host.deactivate_all();  // unloads both libraries while requests keep arriving
    auto after_unload = published.load();
    while (published.load() < after_unload + 2000) std::this_thread::yield();
    stop = true;
    for (auto& publisher : publishers) publisher.join();
    bus.drain();
    CHECK(observer.logged("probe: probe deactivated"));
    CHECK_FALSE(observer.logged("failed"));
}

namespace {

void write_manifest(const TestFolder& folder, const std::string& id, const std::string& version,
                    const std::string& min_workspace = "3.21.2410", const std::string& abi = "1.0.0") {
    std::ofstream(folder.plugins() / (id + ".json")) << json{
        {"id", id},
        {"name", "Probe"},
        {"version", version},
        {"minWorkspaceVersion", min_workspace},
        {"abiVersion", abi}}.dump();
}

PluginOutcome load_one(const TestFolder& folder, const std::string& id, Observer& observer) {
    MessageBus bus(observer.sink());
    PluginHost host(config_for(folder, host_config("3.21.2410", {id})), bus, observer.sink());
    return host.load_enabled().at(0);
}

}  // namespace

TEST_CASE("A manifest that refuses the plugin stops it before its library is loaded") {
    TestFolder folder;
    folder.install("probe");
    write_manifest(folder, "probe", "1.0.0", "9.0.0");
    Observer observer;
    auto outcome = load_one(folder, "probe", observer);
    CHECK_FALSE(outcome.active());
    CHECK_THAT(outcome.activation.error().message, Catch::Contains("9.0.0") && Catch::Contains("3.21.2410"));
    CHECK_FALSE(folder.was_loaded("probe"));  // never opened

    write_manifest(folder, "probe", "1.0.0", "3.21.2410", "2.0.0");
    CHECK_THAT(load_one(folder, "probe", observer).activation.error().message, Catch::Contains("ABI 2.0.0"));
    CHECK_FALSE(folder.was_loaded("probe"));
}

TEST_CASE("A manifest that disagrees with the library, or is malformed, is refused") {
    TestFolder folder;
    folder.install("probe");
    Observer observer;
    write_manifest(folder, "probe", "2.0.0");
    auto mismatch = load_one(folder, "probe", observer);
    CHECK_FALSE(mismatch.active());
    CHECK_THAT(mismatch.activation.error().message,
               Catch::Contains("manifest says probe 2.0.0") && Catch::Contains("probe 1.0.0"));

    std::ofstream(folder.plugins() / "probe.json") << R"({"id": "probe"})";
    CHECK_THAT(load_one(folder, "probe", observer).activation.error().message,
               Catch::Contains("manifest") && Catch::Contains("\"name\""));

    write_manifest(folder, "probe", "1.0.0");
    CHECK(load_one(folder, "probe", observer).active());
}

TEST_CASE("Plugin files others may write, and symbolic links out of the folder, are refused") {
    TestFolder folder;
    folder.install("probe");
    Observer observer;
    std::filesystem::permissions(folder.plugins() / "probe.so", std::filesystem::perms::group_write,
                                 std::filesystem::perm_options::add);
    auto writable = load_one(folder, "probe", observer);
    CHECK_FALSE(writable.active());
    CHECK_THAT(writable.activation.error().message, Catch::Contains("written by others"));
    CHECK_FALSE(folder.was_loaded("probe"));
    std::filesystem::permissions(folder.plugins() / "probe.so", std::filesystem::perms::group_write,
                                 std::filesystem::perm_options::remove);

    // A link inside the folder is fine; one leading outside is not.
    std::filesystem::create_directories(folder.plugins() / "store");
    std::filesystem::rename(folder.plugins() / "probe.so", folder.plugins() / "store" / "probe.so");
    std::filesystem::create_symlink("store/probe.so", folder.plugins() / "probe.so");
    CHECK(load_one(folder, "probe", observer).active());

    std::filesystem::rename(folder.plugins() / "store" / "probe.so", folder.root() / "probe-outside.so");
    std::filesystem::remove(folder.plugins() / "probe.so");
    std::filesystem::create_symlink(folder.root() / "probe-outside.so", folder.plugins() / "probe.so");
    auto escaping = load_one(folder, "probe", observer);
    CHECK_FALSE(escaping.active());
    CHECK_THAT(escaping.activation.error().message, Catch::Contains("outside the plugin folder"));
}

TEST_CASE("Listing the plugin folder loads nothing and says what would load") {
    TestFolder folder;
    folder.install("echo");            // has a manifest
    folder.install("probe");           // has none
    folder.install("probe-disabled");  // in the folder, not configured
    auto config = host_config("3.21.2410", {"probe"});
    config["plugins"].push_back({{"id", "echo"}, {"enabled", false}});
    config["plugins"].push_back({{"id", "absent"}, {"enabled", true}});
    MessageBus bus(nullptr);
    PluginHost host(config_for(folder, config), bus, nullptr);
    auto listing = host.list();
    auto find = [&](const std::string& id) {
        auto it = std::find_if(listing.begin(), listing.end(), [&](const auto& l) { return l.id == id; });
        REQUIRE(it != listing.end());
        return *it;
    };
    auto echo = find("echo");
    CHECK(echo.configured);
    CHECK_FALSE(echo.enabled);
    CHECK(echo.would_load);
    REQUIRE(echo.declaration.has_value());
    CHECK(echo.declaration->name == "Echo example");
    CHECK(find("probe").would_load.error().code == "NO_MANIFEST");
    CHECK(find("absent").would_load.error().code == "NOT_FOUND");
    CHECK_FALSE(find("probe-disabled").configured);
    CHECK_FALSE(folder.was_loaded("probe"));
    CHECK_FALSE(folder.was_loaded("probe-disabled"));
}

TEST_CASE("An instance of another ABI, or without destroy, is refused and never called") {
    for (const char* id : {"probe-instance-abi", "probe-null-destroy"}) {
        INFO(id);
        TestFolder folder;
        folder.install(id);
        Observer observer;
        auto outcome = load_one(folder, id, observer);
        CHECK_FALSE(outcome.active());
        CHECK_THAT(outcome.activation.error().message, Catch::Contains("its instance"));
        CHECK(observer.logged("probe created"));
        CHECK_FALSE(observer.logged("probe activated"));
        CHECK_FALSE(observer.logged("probe destroyed"));  // not even destroy: its layout is unknown
    }
}

TEST_CASE("Subscribe and publish outside activate..deactivate are refused and logged") {
    TestFolder folder;
    folder.install("probe-early-calls");
    Observer observer;
    MessageBus bus(observer.sink());
    observer.watch(bus);
    {
        PluginHost host(config_for(folder, host_config("3.21.2410", {"probe-early-calls"})), bus, observer.sink());
        CHECK(host.load_enabled().at(0).active());
        bus.drain();
    }
    CHECK(observer.logged("early subscribe: refused"));
    CHECK(observer.logged("early publish: refused"));
    CHECK(observer.logged("subscribe refused: only valid from activate"));
    CHECK(observer.published("Publish").empty());
    CHECK(observer.logged("host extension unknown: NULL"));  // unknown extension ids give NULL
    CHECK(observer.logged("probe destroyed"));
}

TEST_CASE("The library loaded is the file that was checked, even if the folder changes in between") {
    TestFolder folder;
    folder.install("probe");
    folder.install("probe-refuses");
    auto opened = PluginFile::open(folder.plugins() / "probe.so", folder.plugins(), "probe");
    REQUIRE(opened.has_value());
    const auto& file = *opened;
    // Another library takes the checked one's place after the check.
    std::filesystem::rename(folder.plugins() / "probe-refuses.so", folder.plugins() / "probe.so");
    auto symbols = file.symbols().value();
    CHECK(std::find(symbols.begin(), symbols.end(), WS_PLUGIN_ENTRY_SYMBOL) != symbols.end());
    auto library = file.load().value();
    const auto& entry = library.get<const ws_plugin_entry>(WS_PLUGIN_ENTRY_SYMBOL);
    CHECK(std::string(entry.id) == "probe");
}

TEST_CASE("A plugin folder others may write, or a file of another user, is refused") {
    TestFolder folder;
    folder.install("probe");
    Observer observer;
    std::filesystem::permissions(folder.plugins(), std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::add);
    auto writable = load_one(folder, "probe", observer);
    CHECK_FALSE(writable.active());
    CHECK_THAT(writable.activation.error().message,
               Catch::Contains("plugin folder") && Catch::Contains("written by others"));
    CHECK_FALSE(folder.was_loaded("probe"));
    std::filesystem::permissions(folder.plugins(), std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::remove);
    if (::geteuid() == 0) {  // only root can give a file away
        REQUIRE(::chown((folder.plugins() / "probe.so").c_str(), 12345, 12345) == 0);
        auto foreign = load_one(folder, "probe", observer);
        CHECK_FALSE(foreign.active());
        CHECK_THAT(foreign.activation.error().message, Catch::Contains("belongs to another user"));
        CHECK_FALSE(folder.was_loaded("probe"));
    }
}

namespace {

// Runs `work` on its own thread. Should it still be blocked on `fifo` after 10 s, the test fails
// and a writer opened and closed on the FIFO gives the reader its end of file, so it returns.
template <class Work>
auto without_blocking_on(const std::filesystem::path& fifo, Work work) {
    auto result = std::async(std::launch::async, work);
    while (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        FAIL_CHECK("blocked on the FIFO " << fifo);
        if (int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK); writer >= 0) ::close(writer);
    }
    return result.get();
}

}  // namespace

TEST_CASE("A manifest or a library that is a FIFO is refused at once, when loading and when listing") {
    for (const char* fifo_name : {"probe.json", "probe.so"}) {
        INFO(fifo_name);
        TestFolder folder;
        folder.install("probe");
        auto fifo = folder.plugins() / fifo_name;
        std::filesystem::remove(fifo);
        REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
        Observer observer;
        auto outcome = without_blocking_on(fifo, [&] { return load_one(folder, "probe", observer); });
        CHECK_FALSE(outcome.active());
        CHECK_THAT(outcome.activation.error().message,
                   Catch::Contains(std::string(fifo_name) + " is not a regular file"));
        CHECK_FALSE(folder.was_loaded("probe"));

        MessageBus bus(nullptr);
        PluginHost host(config_for(folder, host_config("3.21.2410", {"probe"})), bus, nullptr);
        auto listing = without_blocking_on(fifo, [&] { return host.list(); });
        REQUIRE(listing.size() == 1);
        REQUIRE(listing[0].would_load.has_error());
        CHECK(listing[0].would_load.error().code == "UNSAFE_FILE");
        CHECK_THAT(listing[0].would_load.error().message, Catch::Contains("is not a regular file"));
    }
}

TEST_CASE("A manifest is held to the library's rules: others may not write it") {
    TestFolder folder;
    folder.install("echo");
    std::filesystem::permissions(folder.plugins() / "echo.json", std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::add);
    Observer observer;
    auto outcome = load_one(folder, "echo", observer);
    CHECK_FALSE(outcome.active());
    CHECK_THAT(outcome.activation.error().message, Catch::Contains("echo.json may be written by others"));
}

TEST_CASE("printable() escapes every control character and repairs invalid UTF-8") {
    CHECK(printable("plain \xc3\xa9 text \\ kept") == "plain \xc3\xa9 text \\ kept");
    CHECK(printable("\x1b[2J\x07\ttab\nline\x7f") == "\\x1b[2J\\x07\\x09tab\\x0aline\\x7f");
    CHECK(printable("csi \xc2\x9b"
                    "31m, nbsp \xc2\xa0") == "csi \\x9b31m, nbsp \xc2\xa0");  // C1 only
    CHECK(printable(std::string("nul \0 and \xff", 11)) == "nul \\x00 and \xef\xbf\xbd");
}
