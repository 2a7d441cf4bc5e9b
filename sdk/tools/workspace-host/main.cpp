// workspace-host: the reference host. Loads the enabled plugins of a configuration, publishes each
// JSON line of stdin on the bus, and writes every message the plugins (and the host) publish to
// stdout as one JSON line, in publish order. Logs go to stderr.

#include "input_lines.hpp"
#include "workspace/files/setting_path.hpp"
#include "workspace/files/utf8_path.hpp"
#include "workspace/host/host_config.hpp"
#include "workspace/host/message_bus.hpp"
#include "workspace/host/plugin_host.hpp"
#include "workspace/host/terminal_log.hpp"
#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#ifdef _WIN32
#include <windows.h>

#include <fcntl.h>
#include <io.h>
#endif

namespace {

using namespace workspace::host;

constexpr const char* usage = R"(usage: workspace-host --config FILE [--log-level LEVEL]
       workspace-host --list-plugins --config FILE
       workspace-host --help

Loads the plugins enabled in the host configuration FILE, then reads one JSON message per line on
stdin and publishes it on the message bus, e.g.
  {"channel":"Webexcc","topic":"OutboundCall","subtopic":"MakeCall","data":"917702779401"}
Every message a plugin (or the host) publishes is written to stdout as one JSON line, in publish
order. A malformed input line is reported on stderr and as a Workspace/Host/InputError message on
stdout, and reading goes on. At end of input the plugins are deactivated and the host exits 0.

options:
  --config FILE      host configuration (see docs/configuration.md); on Windows it defaults to
                     %ProgramData%\webexcc-workspace\host.json
  --log-level LEVEL  debug | info | warning | error; overrides the configuration's "logLevel"
  --list-plugins     list the configured plugins and the libraries in the plugin folder, whether
                     each is enabled and whether it would load on this Workspace (and why not),
                     from the manifests alone: no library is loaded. Control characters in
                     what it prints (and in the log) are shown as \xNN
  --help             this text

exit status: 0 after end of input, 1 when the configuration or plugin folder is unusable,
2 on a command-line error.
)";

struct Options {
    std::string config_file;
    bool list_plugins = false;
    std::optional<LogLevel> log_level;
};

#ifdef _WIN32
// %ProgramData%\webexcc-workspace\host.json, where wxcc-login looks too; empty when Windows has no
// ProgramData folder.
std::string default_config_file() {
    auto folder = workspace::files::machine_data_folder();
    return folder ? workspace::files::utf8_of(*folder / L"host.json") : std::string();
}
#else
std::string default_config_file() { return {}; }  // no default on POSIX: --config is required
#endif

std::optional<Options> parse_arguments(const std::vector<std::string>& arguments) {
    Options options;
    for (std::size_t i = 1; i < arguments.size(); ++i) {
        std::string_view argument = arguments[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= arguments.size()) return std::nullopt;
            return arguments[++i];
        };
        if (argument == "--help" || argument == "-h") {
            std::cout << usage;
            std::exit(0);
        } else if (argument == "--config") {
            auto file = value();
            if (!file) return std::nullopt;
            options.config_file = *file;
        } else if (argument == "--list-plugins") {
            options.list_plugins = true;
        } else if (argument == "--log-level") {
            auto level = value();
            options.log_level = level ? log_level_from_string(*level) : std::nullopt;
            if (!options.log_level) return std::nullopt;
        } else {
            std::cerr << "workspace-host: unknown argument \"" << argument << "\"\n";
            return std::nullopt;
        }
    }
    if (options.config_file.empty()) options.config_file = default_config_file();
    if (options.config_file.empty()) return std::nullopt;
    return options;
}

// Every text printed comes from files anyone may have written (the manifests, the configuration,
// file names): all of it goes through printable(), so none can drive the terminal.
int list_plugins(const HostConfig& config) {
    MessageBus bus(nullptr);
    PluginHost host(config, bus, nullptr);
    std::printf("%-20s %-9s %-8s %-11s %s\n", "ID", "VERSION", "ENABLED", "WOULD LOAD", "DETAILS");
    for (const auto& plugin : host.list()) {
        auto id = printable(plugin.id);
        auto version = plugin.declaration ? printable(plugin.declaration->version) : "-";
        const auto& verdict = plugin.would_load;
        std::string loads = verdict ? "yes" : verdict.error().code == "NO_MANIFEST" ? "unknown" : "no";
        auto details =
            printable(verdict ? plugin.declaration->name + " (" + workspace::files::utf8_of(plugin.library) + ")"
                              : verdict.error().code + ": " + verdict.error().message);
        const char* enabled = !plugin.configured ? "no (not configured)" : plugin.enabled ? "yes" : "no";
        std::printf("%-20s %-9s %-8s %-11s %s\n", id.c_str(), version.c_str(), enabled, loads.c_str(), details.c_str());
    }
    return 0;
}

#ifdef _WIN32
// Ctrl+C, Ctrl+Break and closing the console end the host at once, as SIGINT and SIGTERM do on
// POSIX, where it installs no handler. Not Windows' default, ExitProcess: that kills the threads,
// then runs the plugin DLLs' detach code and static destructors, which may wait for ever on a lock
// a killed thread held. Exit status STATUS_CONTROL_C_EXIT, as for any program ended by Ctrl+C.
BOOL WINAPI end_at_once(DWORD) {
    TerminateProcess(GetCurrentProcess(), STATUS_CONTROL_C_EXIT);
    return TRUE;
}

// stdout carries the same bytes as on POSIX: "\n", not "\r\n".
void prepare_console() {
    SetConsoleCtrlHandler(&end_at_once, TRUE);
    _setmode(_fileno(stdout), _O_BINARY);
}
#else
void prepare_console() {}
#endif

}  // namespace

int main(int argc, char** argv) {
    prepare_console();
    auto options = parse_arguments(workspace::files::utf8_arguments(argc, argv));
    if (!options) {
        std::cerr << usage;
        return 2;
    }
    std::ios::sync_with_stdio(false);
    // Only the bus thread writes stdout: neither reading stdin nor logging to stderr may flush cout
    // from this thread (both streams are tied to cout by default).
    std::cin.tie(nullptr);
    std::cerr.tie(nullptr);

    HostConfig config;
    try {
        config = load_host_config(workspace::files::path_from_utf8(options->config_file));
    } catch (const std::exception& error) {  // ConfigError, and anything a hostile file may cause
        std::cerr << "workspace-host: " << printable(error.what()) << '\n';
        return 1;
    }
    if (options->list_plugins) return list_plugins(config);
    auto log = make_stream_log_sink(std::cerr, options->log_level.value_or(config.log_level));
    for (const auto& warning : config.warnings) log(LogLevel::warning, "host", warning);

    MessageBus bus(log);
    bus.subscribe_all(
        [](const BusMessage& message) {
            if (message.publisher == "stdin") return;
            std::cout << message.json << '\n' << std::flush;
        },
        "stdout");

    try {
        PluginHost plugins(config, bus, log);
        plugins.load_enabled();
        publish_input_lines(std::cin, bus, log);
        bus.drain();
        plugins.deactivate_all();
    } catch (const std::exception& error) {
        log(LogLevel::error, "host", error.what());
        return 1;
    }
    bus.drain();
    bus.shutdown();
    return 0;
}
