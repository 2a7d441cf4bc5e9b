#pragma once
// wxcc-sim: a loopback Webex Contact Center. Serves the agent REST API and the notification
// WebSocket on one port (optionally TLS), plays call scenarios and injects faults. Runs on its own
// thread. url(), control() and the counters may be called from any thread, the simulator's own
// included; start() and stop() from the owner's thread, not concurrently with other calls.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wxcc_sim {

struct Options {
    std::string address = "127.0.0.1";
    unsigned short port = 0;                               // 0 picks a free port
    std::optional<std::filesystem::path> tls_certificate;  // PEM; with tls_key turns on TLS
    std::optional<std::filesystem::path> tls_key;
    std::string token = "wxcc-sim-token";         // the only bearer token accepted
    std::chrono::milliseconds step{400};          // between the notifications of a scenario
    std::chrono::milliseconds auto_wrapup{1500};  // from AgentWrapup to the automatic AgentWrappedUp
    // Off, as Webex: the client wraps up (the official SDK runs auto wrap-up itself). On, the
    // simulator sends AgentWrappedUp by itself auto_wrapup after every AgentWrapup.
    bool auto_wrap_up = false;
    std::chrono::milliseconds keepalive{4000};  // server keepalive frames
    std::chrono::milliseconds talk{0};          // added before the customer hangs up
    std::string default_scenario = "answered";
    std::string agent_state = "Available";  // the agent's state at start: Available or Idle
    bool start_in_station = true;           // false: the agent starts in no station (needs POST /v1/agents/login)
    // Destination-number suffix -> scenario, checked in order before the default.
    std::vector<std::pair<std::string, std::string>> rules = default_rules();

    static std::vector<std::pair<std::string, std::string>> default_rules();
};

class Simulator {
public:
    // Throws std::invalid_argument for unknown scenarios or unusable TLS files.
    explicit Simulator(Options options);
    ~Simulator();  // stop()
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Binds and starts serving; throws std::system_error when the address cannot be bound.
    void start();
    void stop();

    // "http://127.0.0.1:PORT" (https when TLS is on): the API base to configure in a client.
    // Throws std::logic_error before start().
    std::string url() const;

    // Applies a control command (scenario choice or fault) and returns the result; the same as
    // POST /control. {"status": true} returns counters. See `control_help()`. Never blocks
    // forever: after stop() it applies the command directly.
    nlohmann::json control(const nlohmann::json& command);

    static std::string control_help();

    // Outdial requests fully received so far, and the steady-clock time the last one was (for
    // latency measurements in the same process). Thread-safe, lock-free.
    std::uint64_t outdials_received() const;
    std::chrono::steady_clock::time_point last_outdial_received() const;

    struct Impl;  // the server's state; defined in simulator.cpp

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace wxcc_sim
