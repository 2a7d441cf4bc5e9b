// wxcc-sim: a loopback Webex Contact Center for demos and tests. See --help.

#include "scenarios.hpp"
#include "wxcc_sim/simulator.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#ifdef _WIN32
#include <windows.h>
#endif

namespace {

#ifdef _WIN32
std::atomic<bool> simulator_stopped{false};

// Closing the console window, logging off or shutting down stop the simulator as SIGTERM does. The
// C runtime turns only Ctrl+C and Ctrl+Break into signals (SIGINT, SIGBREAK: this handler passes
// them on); for the others it raises SIGTERM, then holds Windows off, which ends the process when
// the handler returns, until main has stopped the simulator (at most 4.5 s: Windows waits 5).
BOOL WINAPI on_console_close(DWORD event) {
    if (event != CTRL_CLOSE_EVENT && event != CTRL_LOGOFF_EVENT && event != CTRL_SHUTDOWN_EVENT) return FALSE;
    std::raise(SIGTERM);
    for (int waited_ms = 0; !simulator_stopped && waited_ms < 4500; waited_ms += 50) Sleep(50);
    return TRUE;
}
#endif

void usage(std::ostream& out) {
    out << R"(usage: wxcc-sim [options]

A Webex Contact Center agent API on loopback: the agent's configuration (GET /organization/{orgId}/...),
POST /v1/notification/subscribe, the notification WebSocket (Welcome, keepalives),
POST /v1/agents/login|logout|reload, PUT /v1/agents/session/state, POST /v1/tasks/ (outdial) and
POST /v1/tasks/{id}/end|hold|unhold|wrapup|record/pause|record/resume.
Prints "wxcc-sim listening on URL" when ready; stops on SIGINT or SIGTERM (on Windows: Ctrl+C,
Ctrl+Break, or closing its console).

options:
  --address ADDR          listen address (default 127.0.0.1)
  --port N                listen port; 0 picks a free one (default 0)
  --tls-cert FILE         PEM certificate chain; with --tls-key serves https/wss
  --tls-key FILE          PEM private key
  --token TEXT            the bearer token accepted (default wxcc-sim-token)
  --token-file FILE       read the accepted token from FILE
  --step-ms N             time between a scenario's notifications (default 400)
  --auto-wrap-up          send AgentWrappedUp by itself after AgentWrapup (default off: as Webex,
                          the client wraps up with POST /v1/tasks/{id}/wrapup)
  --auto-wrapup-ms N      time from AgentWrapup to the automatic AgentWrappedUp (default 1500)
  --keepalive-ms N        server keepalive period (default 4000)
  --talk-ms N             extra time a call stays connected before the customer hangs up (default 0)
  --scenario NAME         scenario for numbers no rule matches (default answered)
  --agent-state STATE     the agent's state at start: Available or Idle (default Available)
  --no-station            start in no station: clients log in with POST /v1/agents/login
  --rule SUFFIX=NAME      numbers ending in SUFFIX play scenario NAME (checked first; repeatable)
  --help                  this text

scenarios:
)";
    std::size_t width = 0;
    for (const auto& scenario : wxcc_sim::scenarios()) width = std::max(width, scenario.name.size() + 2);
    for (const auto& scenario : wxcc_sim::scenarios())
        out << "  " << scenario.name << std::string(width - scenario.name.size(), ' ') << scenario.description << '\n';
    out << "\ndefault rules (destination suffix -> scenario):";
    for (const auto& [suffix, name] : wxcc_sim::Options::default_rules()) out << ' ' << suffix << "=" << name;
    out << "\n\n" << wxcc_sim::Simulator::control_help();
}

// The options the command line asks for; nullopt when it asks for --help (printed). Throws
// std::invalid_argument (or std::stoul's exceptions) for a bad one.
std::optional<wxcc_sim::Options> read_options(int argc, char** argv) {
    wxcc_sim::Options options;
    std::vector<std::pair<std::string, std::string>> rules;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(argument + " needs a value");
            return argv[++i];
        };
        auto milliseconds = [&] { return std::chrono::milliseconds(std::stoul(value())); };
        if (argument == "--help" || argument == "-h") {
            usage(std::cout);
            return std::nullopt;
        } else if (argument == "--address") options.address = value();
        else if (argument == "--port") options.port = static_cast<unsigned short>(std::stoul(value()));
        else if (argument == "--tls-cert") options.tls_certificate = value();
        else if (argument == "--tls-key") options.tls_key = value();
        else if (argument == "--token") options.token = value();
        else if (argument == "--token-file") {
            std::ifstream in(value());
            if (!(in >> options.token)) throw std::invalid_argument("cannot read a token from " + std::string(argv[i]));
        } else if (argument == "--step-ms") options.step = milliseconds();
        else if (argument == "--auto-wrapup-ms") options.auto_wrapup = milliseconds();
        else if (argument == "--auto-wrap-up") options.auto_wrap_up = true;
        else if (argument == "--keepalive-ms") options.keepalive = milliseconds();
        else if (argument == "--talk-ms") options.talk = milliseconds();
        else if (argument == "--scenario") options.default_scenario = value();
        else if (argument == "--agent-state") options.agent_state = value();
        else if (argument == "--no-station") options.start_in_station = false;
        else if (argument == "--rule") {
            auto rule = value();
            auto equals = rule.find('=');
            if (equals == std::string::npos) throw std::invalid_argument("--rule wants SUFFIX=SCENARIO");
            rules.emplace_back(rule.substr(0, equals), rule.substr(equals + 1));
        } else throw std::invalid_argument("unknown argument " + argument);
    }
    rules.insert(rules.end(), options.rules.begin(), options.rules.end());
    options.rules = rules;
    return options;
}

// Serves until a signal (Asio's signal set: SIGINT and SIGTERM on POSIX, Ctrl+C on Windows, whichever
// thread takes it), then stops the simulator.
void serve_until_stopped(const wxcc_sim::Options& options) {
    boost::asio::io_context signal_context;
    boost::asio::signal_set signals(signal_context, SIGINT, SIGTERM);
#ifdef _WIN32
    signals.add(SIGBREAK);                           // Ctrl+Break
    SetConsoleCtrlHandler(&on_console_close, TRUE);  // after the C runtime's: called before it
#endif
    signals.async_wait([](const boost::system::error_code&, int) {});

    wxcc_sim::Simulator simulator(options);
    simulator.start();
    std::cout << "wxcc-sim listening on " << simulator.url() << std::endl;
    signal_context.run();  // until a signal arrives
    simulator.stop();
#ifdef _WIN32
    simulator_stopped = true;
#endif
}

}  // namespace

int main(int argc, char** argv) {
    try {
        auto options = read_options(argc, argv);
        if (options) serve_until_stopped(*options);
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "wxcc-sim: " << error.what() << "\n(see wxcc-sim --help)\n";
        return 2;
    }
}
