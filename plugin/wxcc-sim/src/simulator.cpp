#include "wxcc_sim/simulator.hpp"

#include "frame_faults.hpp"
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

namespace wxcc_sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using nlohmann::json;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

std::vector<std::pair<std::string, std::string>> Options::default_rules() {
    return {{"1001", "busy"},     {"1002", "no-answer"}, {"1003", "rona"},       {"1004", "declined"},
            {"1005", "hold"},     {"1006", "recording"}, {"1007", "agent-ends"}, {"1008", "invalid-number"}};
}

std::string Simulator::control_help() {
    return R"(control commands (POST /control with a JSON body, or in-process Simulator::control):
  {"nextScenario": "busy"}                       scenario of the next outdial, whatever its number
  {"agentState": "Idle"}                         change the agent's state remotely (AgentStateChange)
  {"fault": "drop-socket"}                       close the notification socket abruptly
  {"fault": "stop-keepalives"} / "resume-keepalives"
  {"fault": "delay-frames", "ms": 500}           hold every later frame back by ms (order kept); 0 ends it
  {"fault": "duplicate-frames", "count": 3}      send each of the next 3 frames twice
  {"fault": "reorder-frames"}                    swap the next two frames (alone, the frame goes out late)
  {"fault": "poison-frames", "kind": "lone-surrogate", "path": "data.type", "onType": "ContactEnded", "count": 1}
                                                 spoil the next frames (of that data.type; any when
                                                 absent): the value at path becomes the poison. Kinds:
                                                 lone-surrogate invalid-utf8 control-char deep-nesting
                                                 huge-number wrong-type truncated
  {"fault": "rest-status", "status": 503, "count": 2, "retryAfter": 1, "path": "/v1/tasks/"}
                                                 answer the next matching REST calls with status
  {"fault": "reject-websocket", "count": 2}      refuse the next WebSocket upgrades (HTTP 503)
  {"inject": {...} or "text"}                    send this frame (or raw text, e.g. malformed JSON) now
  {"fault": "clear"}                             end every fault
  {"status": true}                               counters: requests, frames sent / dropped, calls
)";
}

class SocketSession {
public:
    virtual ~SocketSession() = default;
    virtual void send(std::string text) = 0;
    virtual void drop() = 0;
};

struct Simulator::Impl {
    explicit Impl(Options o)
        : options(std::move(o)), acceptor(io), keepalive_timer(io), delay_timer(io), reorder_timer(io) {
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

    void schedule(const std::string& id, std::chrono::milliseconds after) {
        auto& timer = call_timers[id];
        if (!timer) timer = std::make_unique<asio::steady_timer>(io);
        timer->expires_after(after);
        timer->async_wait([this, id](beast::error_code error) {
            if (!error) advance(id);
        });
    }

    void advance(const std::string& id) {
        auto found = calls.find(id);
        if (found == calls.end()) return;
        Call& call = found->second;
        const auto& steps = find_scenario(call.scenario)->steps;
        if (call.next_step >= steps.size() || steps[call.next_step] == Step::wait_for_agent) return;
        apply(call, steps[call.next_step++]);
        if (!calls.count(id) || call.next_step >= steps.size()) return;
        auto next = steps[call.next_step];
        schedule(id, next == Step::wrapped_up ? options.auto_wrapup : next == Step::end ? options.step + options.talk : options.step);
    }

    void apply(Call& call, Step step) {
        auto result = apply_step(step, call, agent, now_ms(), sequence);
        for (const auto& frame : result.frames) send_frame(frame);
        if (result.call_over) {
            call_timers.erase(call.interaction_id);
            calls.erase(call.interaction_id);
        }
    }

    // ---- REST ---------------------------------------------------------------------------
    Response reply(const Request& request, http::status status, const json& body) {
        Response response{status, request.version()};
        response.set(http::field::server, "wxcc-sim");
        response.set(http::field::content_type, "application/json");
        response.set("TrackingID", "WXCC_SIM_" + next_id());
        response.keep_alive(request.keep_alive());
        response.body() = body.dump();
        response.prepare_payload();
        return response;
    }

    Response error(const Request& request, http::status status, const std::string& type, const std::string& message, int code) {
        auto tracking = "WXCC_SIM_" + next_id();
        auto response = reply(request, status, {{"trackingId", tracking}, {"errorType", type}, {"errorMessage", message},
                                                {"errorData", ""}, {"reasonCode", code}});
        response.set("TrackingID", tracking);
        return response;
    }

    Response handle(const Request& request) {
        std::string target(request.target());
        std::string path = target.substr(0, target.find('?'));
        ++requests[std::string(request.method_string()) + " " + path];

        if (path == "/control") {
            auto command = json::parse(request.body(), nullptr, false);
            if (request.method() == http::verb::get) command = {{"status", true}};
            if (!command.is_object()) return error(request, http::status::bad_request, "BAD_REQUEST", "control body must be a JSON object", 400);
            auto result = apply_control(command);
            return reply(request, result.contains("error") ? http::status::bad_request : http::status::ok, result);
        }
        if (request[http::field::authorization] != "Bearer " + options.token)
            return error(request, http::status::unauthorized, "UNAUTHORIZED", "the access token is invalid or expired", 401);
        for (auto& fault : rest_faults) {
            if (fault.count > 0 && path.rfind(fault.path, 0) == 0) {
                --fault.count;
                auto response = error(request, static_cast<http::status>(fault.status), "INJECTED_FAULT",
                                      "injected HTTP " + std::to_string(fault.status), fault.status);
                if (fault.retry_after >= 0) response.set(http::field::retry_after, std::to_string(fault.retry_after));
                return response;
            }
        }
        auto body = json::parse(request.body().empty() ? "{}" : request.body(), nullptr, false);
        if (!body.is_object()) return error(request, http::status::bad_request, "BAD_REQUEST", "the body is not a JSON object", 400);

        if (request.method() == http::verb::post && path == "/v1/notification/subscribe") return subscribe(request);
        if (request.method() == http::verb::put && path == "/v1/agents/session/state") return state_change(request, body);
        if (request.method() == http::verb::post && path == "/v1/agents/reload") return reload(request);
        if (request.method() == http::verb::post && (path == "/v1/tasks/" || path == "/v1/tasks")) return outdial(request, body);
        if (request.method() == http::verb::post && path.rfind("/v1/tasks/", 0) == 0) return task_action(request, path.substr(10), body);
        return error(request, http::status::not_found, "NOT_FOUND", "no such resource " + path, 404);
    }

    Response subscribe(const Request& request) {
        auto id = "AgentDesktop-" + next_id();
        subscriptions.insert(id);
        auto scheme = tls ? "wss://" : "ws://";
        return reply(request, http::status::ok,
                     {{"webSocketUrl", scheme + host_port() + "/v1/notification/subscription/" + id}, {"subscriptionId", id}});
    }

    Response state_change(const Request& request, const json& body) {
        auto state = body.value("state", std::string());
        if (state != "Available" && state != "Idle")
            return error(request, http::status::bad_request, "BAD_REQUEST", "state must be Available or Idle", 400);
        set_agent_state(state, body.value("auxCodeId", state == "Available" ? "0" : ""), body.value("lastStateChangeReason", ""));
        return reply(request, http::status::accepted, json::object());
    }

    void set_agent_state(const std::string& state, const std::string& aux_code, const std::string& reason) {
        agent.state = state;
        agent.aux_code_id = aux_code;
        agent.last_state_change_reason = reason;
        agent.last_state_change_ms = now_ms();
        send_frame(agent_state_frame({agent, now_ms(), ++sequence}, "AgentStateChangeSuccess"));
    }

    Response reload(const Request& request) {
        std::vector<std::string> ids;
        for (const auto& [id, call] : calls) ids.push_back(id);
        send_frame(relogin_frame({agent, now_ms(), ++sequence}, ids));
        for (const auto& [id, call] : calls) send_frame(routing_frame({agent, now_ms(), ++sequence}, call, "AgentContact"));
        return reply(request, http::status::accepted, json::object());
    }

    Response outdial(const Request& request, const json& body) {
        last_outdial_ns = std::chrono::steady_clock::now().time_since_epoch().count();
        outdial_count.fetch_add(1, std::memory_order_release);
        auto text = [&](const char* key) { return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : std::string(); };
        auto destination = text("destination");
        if (destination.empty() || destination.size() > 36)
            return error(request, http::status::bad_request, "BAD_REQUEST", "destination must be 1 to 36 characters", 400);
        if (text("entryPointId").empty())
            return error(request, http::status::bad_request, "BAD_REQUEST", "entryPointId is required", 400);
        if (text("direction") != "OUTBOUND" || text("mediaType") != "telephony" || text("outboundType") != "OUTDIAL")
            return error(request, http::status::bad_request, "BAD_REQUEST", "direction, mediaType or outboundType not supported", 400);
        if (agent.state != "Available")
            return error(request, http::status::bad_request, "AGENT_NOT_AVAILABLE", "the agent is not Available", 1033);

        Call call;
        call.interaction_id = next_id();
        call.destination = destination;
        call.ani = text("origin").empty() ? "1908603511" : text("origin");
        call.entry_point_id = text("entryPointId");
        call.scenario = std::string(scenario_for(destination).name);
        call.created_ms = now_ms();
        call.queued_ms = call.created_ms + 150;
        auto id = call.interaction_id;
        calls.emplace(id, std::move(call));
        schedule(id, options.step);
        return reply(request, http::status::accepted, {{"meta", {{"orgId", agent.org_id}}}, {"data", {{"id", id}}}});
    }

    Response task_action(const Request& request, const std::string& rest, const json& body) {
        auto slash = rest.find('/');
        auto id = rest.substr(0, slash);
        auto action = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
        auto found = calls.find(id);
        if (found == calls.end()) return error(request, http::status::not_found, "NOT_FOUND", "no active task " + id, 404);
        Call& call = found->second;
        if (action == "end") {
            call_timers.erase(id);
            apply(call, Step::end);
            apply(call, Step::wrapup);
            schedule(id, options.auto_wrapup);
            const auto& steps = find_scenario(call.scenario)->steps;
            auto wrapped = std::find(steps.begin(), steps.end(), Step::wrapped_up);
            call.next_step = wrapped == steps.end() ? steps.size() : std::size_t(wrapped - steps.begin());
        } else if (action == "wrapup") {
            if (!call.pending_wrap_up)
                return error(request, http::status::bad_request, "BAD_REQUEST", "the task is not in wrap-up", 400);
            if (body.value("wrapUpReason", std::string()).empty() || body.value("auxCodeId", std::string()).empty())
                return error(request, http::status::bad_request, "BAD_REQUEST", "wrapUpReason and auxCodeId are required", 400);
            apply(call, Step::wrapped_up);
        } else if (action == "hold") {
            apply(call, Step::hold);
        } else if (action == "unhold") {
            apply(call, Step::unhold);
        } else if (action == "record/pause") {
            apply(call, Step::pause_recording);
        } else if (action == "record/resume") {
            apply(call, Step::resume_recording);
        } else {
            return error(request, http::status::not_found, "NOT_FOUND", "no such task action " + action, 404);
        }
        return reply(request, http::status::accepted, json::object());
    }

    // ---- control --------------------------------------------------------------------------
    // Bad commands (wrong types included) are answered with {"error"}, never thrown.
    json apply_control(const json& command) {
        try {
            return control_command(command);
        } catch (const std::exception& e) {
            return {{"error", std::string("bad control command: ") + e.what()}};
        }
    }

    json control_command(const json& command) {
        if (command.contains("status") && command["status"] == true) {
            json calls_now = json::array();
            for (const auto& [id, call] : calls)
                calls_now.push_back({{"interactionId", id}, {"scenario", call.scenario}, {"state", call.state}, {"destination", call.destination}});
            return {{"requests", requests}, {"framesSent", frames_sent}, {"framesDropped", frames_dropped},
                    {"framesPoisoned", faults.poisoned_count()},
                    {"calls", calls_now}, {"agentState", agent.state}, {"socketOpen", !current_socket.expired()}};
        }
        if (command.contains("nextScenario")) {
            auto name = command["nextScenario"].is_string() ? command["nextScenario"].get<std::string>() : "";
            if (!find_scenario(name)) return {{"error", "unknown scenario \"" + name + "\""}};
            next_scenario = name;
            return {{"ok", true}};
        }
        if (command.contains("agentState")) {
            auto state = command.value("agentState", std::string());
            if (state != "Available" && state != "Idle") return {{"error", "agentState must be Available or Idle"}};
            set_agent_state(state, state == "Available" ? "0" : "supervisor", "supervisor");
            return {{"ok", true}};
        }
        if (command.contains("inject")) {
            const auto& frame = command["inject"];
            route(frame.is_string() ? frame.get<std::string>() : frame.dump());
            return {{"ok", true}};
        }
        auto fault = command.value("fault", std::string());
        if (fault == "drop-socket") {
            if (auto socket = current_socket.lock()) socket->drop();
            current_socket.reset();
        } else if (fault == "stop-keepalives") {
            keepalives_stopped = true;
        } else if (fault == "resume-keepalives") {
            keepalives_stopped = false;
        } else if (fault == "delay-frames") {
            frame_delay = std::chrono::milliseconds(command.value("ms", 0));
        } else if (fault == "duplicate-frames") {
            faults.duplicate_next(command.value("count", 1));
        } else if (fault == "reorder-frames") {
            faults.reorder_next();
        } else if (fault == "poison-frames") {
            auto kind = poison_from_string(command.value("kind", std::string()));
            if (!kind) return {{"error", "kind must be one of: " + poison_list()}};
            faults.poison_next(command.value("count", 1), *kind, command.value("path", std::string("data.type")),
                               command.value("onType", std::string()));
        } else if (fault == "rest-status") {
            int status = command.value("status", 500);
            if (status < 400 || status > 599) return {{"error", "status must be 400-599"}};
            rest_faults.push_back({command.value("path", std::string("/")), status, command.value("count", 1),
                                   command.value("retryAfter", -1)});
        } else if (fault == "reject-websocket") {
            websocket_rejections = command.value("count", 1);
        } else if (fault == "clear") {
            keepalives_stopped = false;
            frame_delay = {};
            websocket_rejections = 0;
            rest_faults.clear();
            if (auto held_back = faults.clear()) deliver(*held_back);
        } else {
            return {{"error", "unknown control command; see wxcc-sim --help"}};
        }
        return {{"ok", true}};
    }

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
    int websocket_rejections = 0;

    // counters
    std::atomic<std::int64_t> last_outdial_ns{0};
    std::atomic<std::uint64_t> outdial_count{0};
    std::map<std::string, int> requests;
    std::uint64_t frames_sent = 0;
    std::uint64_t frames_dropped = 0;
};

namespace {

// The notification socket of one client. One object per connection; frames are written one at a time.
template <class Stream>
class WebSocketSession : public SocketSession, public std::enable_shared_from_this<WebSocketSession<Stream>> {
public:
    WebSocketSession(Stream&& stream, Simulator::Impl& sim) : ws_(std::move(stream)), sim_(sim) {}

    void accept(Request request) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.async_accept(request, beast::bind_front_handler(&WebSocketSession::on_accept, this->shared_from_this()));
    }

    void send(std::string text) override {
        outbox_.push_back(std::move(text));
        if (outbox_.size() == 1) write_next();
    }

    void drop() override {
        dropped_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

private:
    void on_accept(beast::error_code error) {
        if (error) return;
        sim_.on_socket_open(this->shared_from_this());
        read();
    }

    void read() {
        // Client frames are keepalives; reading them keeps the connection's liveness.
        ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
            if (error) return;
            self->buffer_.consume(self->buffer_.size());
            self->read();
        });
    }

    void write_next() {
        if (dropped_) return outbox_.clear();
        ws_.text(true);
        ws_.async_write(asio::buffer(outbox_.front()), [self = this->shared_from_this()](beast::error_code error, std::size_t) {
            if (error) return self->outbox_.clear();
            self->outbox_.pop_front();
            if (!self->outbox_.empty()) self->write_next();
        });
    }

    websocket::stream<Stream> ws_;
    Simulator::Impl& sim_;
    beast::flat_buffer buffer_;
    std::deque<std::string> outbox_;
    bool dropped_ = false;
};

// One HTTP connection: (TLS handshake,) then requests until close or a WebSocket upgrade.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    HttpSession(Stream&& stream, Simulator::Impl& sim) : stream_(std::move(stream)), sim_(sim) {}

    void run() {
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
            stream_.async_handshake(asio::ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code error) {
                                        if (!error) self->read();
                                    });
        } else {
            read();
        }
    }

private:
    void read() {
        request_ = {};
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, request_, beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code error, std::size_t) {
        if (error) return;
        if (websocket::is_upgrade(request_)) return upgrade();
        response_ = sim_.handle(request_);
        http::async_write(stream_, response_, beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this()));
    }

    void upgrade() {
        std::string target(request_.target());
        const std::string prefix = "/v1/notification/subscription/";
        bool known = target.rfind(prefix, 0) == 0 && sim_.subscriptions.count(target.substr(prefix.size()));
        if (!known || sim_.websocket_rejections > 0) {
            if (known) --sim_.websocket_rejections;
            response_ = sim_.error(request_, known ? http::status::service_unavailable : http::status::not_found,
                                   known ? "UNAVAILABLE" : "NOT_FOUND", known ? "injected rejection" : "unknown subscription", 0);
            response_.keep_alive(false);
            http::async_write(stream_, response_, beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this()));
            return;
        }
        beast::get_lowest_layer(stream_).expires_never();
        std::make_shared<WebSocketSession<Stream>>(std::move(stream_), sim_)->accept(std::move(request_));
    }

    void on_write(beast::error_code error, std::size_t) {
        if (error) return;
        if (!response_.keep_alive()) {
            beast::error_code ignored;
            beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        read();
    }

    Stream stream_;
    Simulator::Impl& sim_;
    beast::flat_buffer buffer_;
    Request request_;
    Response response_;
};

}  // namespace

void Simulator::Impl::accept() {
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
        if (error) return;  // closed: stopping
        beast::tcp_stream stream(std::move(socket));
        if (tls)
            std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
                beast::ssl_stream<beast::tcp_stream>(std::move(stream), *tls), *this)->run();
        else
            std::make_shared<HttpSession<beast::tcp_stream>>(std::move(stream), *this)->run();
        accept();
    });
}

Simulator::Simulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
    auto& impl = *impl_;
    tcp::endpoint endpoint(asio::ip::make_address(impl.options.address), impl.options.port);
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(asio::socket_base::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen();
    impl.accept();
    impl.url = std::string(impl.tls ? "https://" : "http://") + impl.host_port();  // fixed before the thread starts
    impl.thread = std::thread([&impl] { impl.io.run(); });
}

void Simulator::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->io.stop();
    impl_->thread.join();
}

std::uint64_t Simulator::outdials_received() const { return impl_->outdial_count.load(std::memory_order_acquire); }

std::chrono::steady_clock::time_point Simulator::last_outdial_received() const {
    return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(impl_->last_outdial_ns.load()));
}

std::string Simulator::url() const {
    if (impl_->url.empty()) throw std::logic_error("wxcc-sim: url() before start()");
    return impl_->url;
}

json Simulator::control(const json& command) {
    auto& impl = *impl_;
    // Not running, or asked from its own thread: nothing else touches the state, apply it here.
    if (!impl.thread.joinable() || std::this_thread::get_id() == impl.thread.get_id()) return impl.apply_control(command);
    auto result = std::make_shared<std::promise<json>>();
    auto answer = result->get_future();
    asio::post(impl.io, [&impl, result, command] { result->set_value(impl.apply_control(command)); });
    while (answer.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
        if (impl.io.stopped()) return {{"error", "the simulator is stopping"}};
    return answer.get();
}

}  // namespace wxcc_sim
