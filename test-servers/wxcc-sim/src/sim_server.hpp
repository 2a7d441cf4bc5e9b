#pragma once
// The simulator's server state (Simulator::Impl), shared by its parts: simulator.cpp (frames,
// the notification socket, calls, the public API), rest_routes.cpp (the REST API), control.cpp
// (control commands), sessions.cpp (one object per HTTP or WebSocket connection). Everything here
// runs on the simulator's one io thread.

#include "wxcc_sim/simulator.hpp"

#include "wxcc_sim/frame_faults.hpp"
#include "scenarios.hpp"
#include "sim_model.hpp"
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <optional>
#include <string>
#include <vector>

namespace wxcc_sim {


namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using nlohmann::json;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

class SocketSession {
public:
    virtual ~SocketSession() = default;
    virtual void send(std::string text) = 0;
    virtual void drop() = 0;
};

struct Simulator::Impl {
    explicit Impl(Options o)
        : options(std::move(o)), acceptor(io), accept_retry(io), keepalive_timer(io), delay_timer(io), reorder_timer(io) {
        for (const auto& [suffix, scenario] : options.rules)
            if (!find_scenario(scenario)) throw std::invalid_argument("unknown scenario \"" + scenario + "\" in rule " + suffix);
        if (!find_scenario(options.default_scenario))
            throw std::invalid_argument("unknown scenario \"" + options.default_scenario + "\"");
        if (options.agent_state != "Available" && options.agent_state != "Idle")
            throw std::invalid_argument("the agent state must be Available or Idle");
        agent.state = options.agent_state;
        agent.aux_code_id = agent.state == "Available" ? "0" : "login-idle";
        if (options.tls_certificate.has_value() != options.tls_key.has_value())
            throw std::invalid_argument("TLS needs both a certificate and a key");
        if (options.tls_certificate) {
            tls.emplace(asio::ssl::context::tls_server);
            try {
                tls->use_certificate_chain_file(options.tls_certificate->string());
                tls->use_private_key_file(options.tls_key->string(), asio::ssl::context::pem);
            } catch (const std::exception& e) {
                throw std::invalid_argument(std::string("cannot use the TLS certificate or key: ") + e.what());
            }
        }
    }

    // ---- time, ids, frames -------------------------------------------------------------
    static std::int64_t now_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
    std::string next_id() { return make_uuid(++id_counter); }

    void send_frame(const json& frame) { route(frame.dump()); }

    // Reorder, poison and duplicate are decided by `faults`; a delay holds back what they let through.
    void route(std::string text) {
        for (auto& frame : faults.route(std::move(text))) send_now_or_delayed(frame);
        if (faults.holding()) {
            // A frame held back for a swap goes out alone if no second frame comes soon.
            reorder_timer.expires_after(options.step * 4 + std::chrono::milliseconds(50));
            reorder_timer.async_wait([this](beast::error_code error) {
                if (error) return;
                if (auto held = faults.release_held()) send_now_or_delayed(*held);
            });
        }
    }

    void send_now_or_delayed(const std::string& frame) {
        if (frame_delay.count() > 0 || !delayed.empty())
            delay(frame);
        else
            deliver(frame);
    }

    void delay(const std::string& text) {
        delayed.emplace_back(std::chrono::steady_clock::now() + frame_delay, text);
        if (delayed.size() == 1) arm_delay_timer();
    }

    void arm_delay_timer() {
        delay_timer.expires_at(delayed.front().first);
        delay_timer.async_wait([this](beast::error_code error) {
            if (error) return;
            auto now = std::chrono::steady_clock::now();
            while (!delayed.empty() && delayed.front().first <= now) {
                deliver(delayed.front().second);
                delayed.pop_front();
            }
            if (!delayed.empty()) arm_delay_timer();
        });
    }

    void deliver(const std::string& text) {
        if (auto socket = current_socket.lock()) {
            socket->send(text);
            ++frames_sent;
        } else {
            ++frames_dropped;  // like the real service: nobody listening, nothing kept
        }
    }

    // ---- notification socket ------------------------------------------------------------
    void on_socket_open(const std::shared_ptr<SocketSession>& socket) {
        if (auto previous = current_socket.lock()) previous->drop();  // "force": the newest session wins
        current_socket = socket;
        socket->send(welcome_frame(agent).dump());
        arm_keepalive();
    }

    void arm_keepalive() {
        keepalive_timer.expires_after(options.keepalive);
        keepalive_timer.async_wait([this](beast::error_code error) {
            if (error) return;
            if (auto socket = current_socket.lock(); socket && !keepalives_stopped) socket->send(keepalive_frame().dump());
            arm_keepalive();
        });
    }

    // ---- calls ------------------------------------------------------------------------
    const Scenario& scenario_for(const std::string& destination) {
        if (auto chosen = std::exchange(next_scenario, std::string()); !chosen.empty()) return *find_scenario(chosen);
        for (const auto& [suffix, name] : options.rules)
            if (destination.size() >= suffix.size() && destination.compare(destination.size() - suffix.size(), suffix.size(), suffix) == 0)
                return *find_scenario(name);
        return *find_scenario(options.default_scenario);
    }

    // The next step of a call's scenario after `after`. A newer schedule (or an agent's action)
    // voids an older one even when its timer has already fired and its handler is queued.
    void schedule(const std::string& id, std::chrono::milliseconds after) {
        auto found = calls.find(id);
        if (found == calls.end()) return;
        auto generation = ++found->second.schedule_generation;
        auto& timer = call_timers[id];
        if (!timer) timer = std::make_unique<asio::steady_timer>(io);
        timer->expires_after(after);
        timer->async_wait([this, id, generation](beast::error_code error) {
            if (!error) advance(id, generation);
        });
    }

    void advance(const std::string& id, std::uint64_t generation) {
        auto found = calls.find(id);
        if (found == calls.end() || found->second.schedule_generation != generation) return;
        Call& call = found->second;
        const auto& steps = find_scenario(call.scenario)->steps;
        if (call.next_step >= steps.size() || steps[call.next_step] == Step::wait_for_agent) return;
        auto step = steps[call.next_step++];
        if (step == Step::new_interaction) return schedule(rename(call), options.step);
        apply(call, step);
        if (!calls.count(id)) return;
        if (call.next_step >= steps.size()) return forget(id);  // the scenario says nothing more
        auto next = steps[call.next_step];
        schedule(id, next == Step::wrapped_up ? options.auto_wrapup : next == Step::end ? options.step + options.talk : options.step);
    }

    // A preview's call under a new interaction id that names its reservation; returns the new id.
    std::string rename(Call& call) {
        Call renamed = call;
        renamed.reservation_id = call.interaction_id;
        renamed.interaction_id = next_id();
        auto id = renamed.interaction_id;
        forget(call.interaction_id);
        calls.emplace(id, std::move(renamed));
        return id;
    }

    void forget(const std::string& id) {
        call_timers.erase(id);
        calls.erase(id);
    }

    // A new call (an outdial, or one Webex routes to the agent): named, timed, and its scenario
    // started. Returns its interaction id.
    std::string start_call(Call call) {
        call.interaction_id = next_id();
        call.thin = thin_frames;
        call.created_ms = now_ms();
        call.queued_ms = call.created_ms + 150;
        auto id = call.interaction_id;
        calls.emplace(id, std::move(call));
        schedule(id, options.step);
        return id;
    }

    // A call Webex routes to the agent by itself (campaign, inbound, consult): no REST request starts it.
    json offer_call(const json& spec);

    void apply(Call& call, Step step) {
        auto result = apply_step(step, call, agent, now_ms(), sequence);
        for (const auto& frame : result.frames) send_frame(frame);
        if (result.call_over) forget(call.interaction_id);
    }

    // ---- REST (rest_routes.cpp) ---------------------------------------------------------
    Response reply(const Request& request, http::status status, const json& body);
    Response error(const Request& request, http::status status, const std::string& type, const std::string& message, int code);
    Response handle(const Request& request);
    Response subscribe(const Request& request);
    Response state_change(const Request& request, const json& body);
    void set_agent_state(const std::string& state, const std::string& aux_code, const std::string& reason);
    Response reload(const Request& request);
    Response outdial(const Request& request, const json& body);
    Response task_action(const Request& request, const std::string& rest, const json& body);
    void end_by_agent(Call& call);
    // Answers the action with its `...Failed` notification when a fail-task-action fault asks.
    bool fail_injected(const std::string& action, const std::string& interaction_id);

    // ---- OAuth (oauth_routes.cpp) -------------------------------------------------------
    bool token_accepted(std::string_view authorization);
    Response authorize(const Request& request);
    Response access_token(const Request& request);
    json oauth_control(const json& command);

    // ---- control (control.cpp) ----------------------------------------------------------
    // Bad commands (wrong types included) are answered with {"error"}, never thrown.
    json apply_control(const json& command);
    json control_command(const json& command);

    std::string host_port() const {
        auto endpoint = acceptor.local_endpoint();
        auto address = endpoint.address().to_string();
        if (endpoint.address().is_v6()) address = "[" + address + "]";
        return address + ":" + std::to_string(endpoint.port());
    }

    void accept();

    Options options;
    std::string url;  // set by start(), read-only afterwards
    asio::io_context io;
    tcp::acceptor acceptor;
    asio::steady_timer accept_retry;  // after an accept error (out of descriptors, say)
    std::optional<asio::ssl::context> tls;
    std::thread thread;

    Agent agent;
    std::map<std::string, Call> calls;
    std::map<std::string, std::unique_ptr<asio::steady_timer>> call_timers;
    std::set<std::string> subscriptions;
    std::weak_ptr<SocketSession> current_socket;
    asio::steady_timer keepalive_timer;
    std::uint64_t sequence = 0;
    std::uint64_t id_counter = 0;
    std::string next_scenario;

    // faults
    bool keepalives_stopped = false;
    std::chrono::milliseconds frame_delay{0};
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> delayed;
    asio::steady_timer delay_timer;
    FrameFaults faults;
    asio::steady_timer reorder_timer;
    struct RestFault {
        std::string path;
        int status;
        int count;
        int retry_after;
    };
    std::vector<RestFault> rest_faults;
    struct ActionFault {
        std::string action;  // "end", "hold", "unhold", "wrapup", "record/pause", "record/resume"
        int count;
        bool with_interaction_id;
        std::string reason;
    };
    std::vector<ActionFault> action_faults;
    // How an agent's POST .../end is answered: "ended-then-wrapup", "wrapup-only", "wrapup-then-ended".
    std::string end_style = "ended-then-wrapup";
    bool auto_wrap_up = true;  // AgentWrappedUp follows AgentWrapup by itself after auto_wrapup
    bool thin_frames = false;  // new calls' frames lack contactDirection and outboundType
    std::deque<json> task_actions;  // the last task actions received: {path, body}
    int websocket_rejections = 0;
    std::chrono::milliseconds idle_timeout{30000};  // a connection with no request this long is closed

    struct OAuth {
        std::string client_id = "wxcc-sim-client";
        std::string client_secret = "wxcc-sim-secret";
        std::chrono::seconds access_lifetime{43200};    // about 12 hours, as Contact Center's
        std::chrono::seconds refresh_lifetime{5184000};  // 60 days
        struct Code {
            std::string challenge;
            std::string redirect_uri;
        };
        std::map<std::string, Code> codes;
        std::map<std::string, std::chrono::steady_clock::time_point> access_tokens;   // issued -> expiry
        std::map<std::string, std::chrono::steady_clock::time_point> refresh_tokens;
        bool deny = false;          // the user declines consent
        bool wrong_state = false;   // the redirect carries another state
        int reject_refresh = 0;     // refuse the next refreshes (invalid_grant)
        int failures = 0;           // answer the next token requests with failure_status
        int failure_status = 503;
        std::chrono::milliseconds delay{0};  // before each token endpoint answer
        int token_requests = 0;
        int refreshes = 0;
    } oauth;

    // counters
    std::atomic<std::int64_t> last_outdial_ns{0};
    std::atomic<std::uint64_t> outdial_count{0};
    std::map<std::string, int> requests;
    std::uint64_t frames_sent = 0;
    std::uint64_t connections_accepted = 0;
    std::uint64_t frames_dropped = 0;
};

}  // namespace wxcc_sim
