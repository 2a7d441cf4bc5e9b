#include "sim_server.hpp"

namespace wxcc_sim {

using nlohmann::json;

std::vector<std::pair<std::string, std::string>> Options::default_rules() {
    return {{"1001", "busy"},
            {"1002", "no-answer"},
            {"1003", "rona"},
            {"1004", "declined"},
            {"1005", "hold"},
            {"1006", "recording"},
            {"1007", "agent-ends"},
            {"1008", "invalid-number"},
            {"1009", "busy-then-wrapup"},
            {"1010", "busy-then-nothing"},
            {"1011", "busy-listed"},
            {"1012", "busy-unlisted"}};
}

Simulator::Impl::Impl(Options o)
    : options(std::move(o)), acceptor(io), accept_retry(io), keepalive_timer(io), delay_timer(io), reorder_timer(io) {
    for (const auto& [suffix, scenario] : options.rules)
        if (!find_scenario(scenario))
            throw std::invalid_argument("unknown scenario \"" + scenario + "\" in rule " + suffix);
    if (!find_scenario(options.default_scenario))
        throw std::invalid_argument("unknown scenario \"" + options.default_scenario + "\"");
    if (options.agent_state != "Available" && options.agent_state != "Idle")
        throw std::invalid_argument("the agent state must be Available or Idle");
    agent.state = options.agent_state;
    auto_wrap_up = options.auto_wrap_up;
    agent.logged_in = options.start_in_station;
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
    if (!impl.thread.joinable() || std::this_thread::get_id() == impl.thread.get_id())
        return impl.apply_control(command);
    auto result = std::make_shared<std::promise<json>>();
    auto answer = result->get_future();
    asio::post(impl.io, [&impl, result, command] { result->set_value(impl.apply_control(command)); });
    while (answer.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
        if (impl.io.stopped()) return {{"error", "the simulator is stopping"}};
    return answer.get();
}

}  // namespace wxcc_sim
