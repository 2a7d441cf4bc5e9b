// The REST client against the simulator (and two bare TCP servers) over real loopback sockets.

#include "client_fixture.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <thread>

using namespace webexcc::client;
using namespace webexcc::testing;
using nlohmann::json;
namespace asio = boost::asio;

namespace {

int requests_to(wxcc_sim::Simulator& sim, const std::string& key) {
    return sim.control({{"status", true}})["requests"].value(key, 0);
}

// A TCP server on loopback that reads a request and then either closes or stays silent.
class BareServer {
public:
    enum class Behaviour { close_after_request, never_answer };
    explicit BareServer(Behaviour behaviour)
        : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}), behaviour_(behaviour) {
        thread_ = std::thread([this] {
            while (!stopping_) {
                asio::ip::tcp::socket socket(io_);
                boost::system::error_code error;
                acceptor_.accept(socket, error);
                if (error || stopping_) return;
                ++connections_;
                char buffer[4096];
                socket.read_some(asio::buffer(buffer), error);
                if (behaviour_ == Behaviour::never_answer) held_.push_back(std::move(socket));
            }
        });
    }
    ~BareServer() {
        stopping_ = true;
        boost::system::error_code ignored;
        asio::ip::tcp::socket poke(io_);
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
    int connections() const { return connections_; }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    Behaviour behaviour_;
    std::vector<asio::ip::tcp::socket> held_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

struct Rig {
    wxcc_sim::Simulator sim{fast_simulator()};
    TempFile token{"wxcc-sim-token\n"};
    asio::io_context io;
    Rig() { sim.start(); }
    ClientConfig config() { return client_config(sim.url(), token.path()); }
};

}  // namespace

TEST_CASE("REST calls reach the simulator with the bearer token") {
    Rig rig;
    RestClient rest(rig.io.get_executor(), rig.config(), nullptr);
    auto subscribed = send_and_wait(rig.io, rest, subscribe_notifications());
    REQUIRE(subscribed.ok());
    CHECK(subscribed.status == 200);
    CHECK_THAT(json::parse(subscribed.body)["webSocketUrl"].get<std::string>(), Catch::StartsWith("ws://127.0.0.1:"));

    CHECK(send_and_wait(rig.io, rest, set_agent_state("Available", "0", "")).status == 202);
    auto outdial = send_and_wait(rig.io, rest, start_outdial({"ep-1", "+917702779401", "1908603511"}));
    REQUIRE(outdial.ok());
    CHECK(outdial.status == 202);
    CHECK(json::parse(outdial.body)["data"]["id"].is_string());
    CHECK(requests_to(rig.sim, "POST /v1/tasks/") == 1);
}

TEST_CASE("A 401 re-reads the token file once and retries") {
    Rig rig;
    TempFile token("stale-token");
    RestClient rest(rig.io.get_executor(), client_config(rig.sim.url(), token.path()), nullptr);
    token.write("wxcc-sim-token");  // the token was renewed after the client read it
    auto answer = send_and_wait(rig.io, rest, reload_agent());
    CHECK(answer.ok());
    CHECK(requests_to(rig.sim, "POST /v1/agents/reload") == 2);
}

TEST_CASE("A token refused twice is an authentication error that never shows the token") {
    Rig rig;
    TempFile token("secret-wrong-token");
    std::vector<std::string> logs;
    RestClient rest(rig.io.get_executor(), client_config(rig.sim.url(), token.path()),
                    [&](LogLevel, const std::string& line) { logs.push_back(line); });
    auto answer = send_and_wait(rig.io, rest, reload_agent());
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error->code == "UNAUTHORIZED");
    CHECK(answer.status == 401);
    CHECK_THAT(answer.error->message, Catch::Contains("(HTTP 401) UNAUTHORIZED") &&
                                          Catch::Contains("the access token was refused, also after renewing it"));
    CHECK(answer.tracking_id == answer.request_tracking_id);  // the simulator echoes our trackingid
    CHECK_THAT(answer.error->message, Catch::Contains("trackingId " + answer.tracking_id));
    CHECK(requests_to(rig.sim, "POST /v1/agents/reload") == 2);
    CHECK(answer.error->message.find("secret-wrong-token") == std::string::npos);
    for (const auto& line : logs) CHECK(line.find("secret-wrong-token") == std::string::npos);
}

TEST_CASE("503 and 429 honour Retry-After, also for an outdial") {
    Rig rig;
    RestClient rest(rig.io.get_executor(), rig.config(), nullptr);
    rig.sim.control(
        {{"fault", "rest-status"}, {"status", 503}, {"count", 2}, {"retryAfter", 0}, {"path", "/v1/agents/session"}});
    CHECK(send_and_wait(rig.io, rest, set_agent_state("Available", "0", "")).ok());
    CHECK(requests_to(rig.sim, "PUT /v1/agents/session/state") == 3);

    rig.sim.control(
        {{"fault", "rest-status"}, {"status", 429}, {"count", 1}, {"retryAfter", 0}, {"path", "/v1/tasks/"}});
    CHECK(send_and_wait(rig.io, rest, start_outdial({"ep", "+15550100", ""})).ok());
    CHECK(requests_to(rig.sim, "POST /v1/tasks/") == 2);
}

TEST_CASE("A 3xx is not success, and is not followed") {
    Rig rig;
    RestClient rest(rig.io.get_executor(), rig.config(), nullptr);
    rig.sim.control({{"fault", "rest-status"}, {"status", 302}, {"count", 1}, {"path", "/v1/agents/session"}});
    auto answer = send_and_wait(rig.io, rest, set_agent_state("Available", "0", ""));
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.status == 302);
    CHECK_THAT(answer.error->message, Catch::Contains("(HTTP 302)") && Catch::Contains("redirects are not followed"));
    CHECK(requests_to(rig.sim, "PUT /v1/agents/session/state") == 1);
}

TEST_CASE("REST retries wait rest_retry_initial, not the socket's reconnect delay") {
    Rig rig;
    auto config = rig.config();
    config.reconnect_initial = 5s;  // a socket setting: must not slow REST retries down
    config.rest_retry_initial = 20ms;
    RestClient rest(rig.io.get_executor(), config, nullptr);
    rig.sim.control({{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/agents/reload"}});
    auto start = std::chrono::steady_clock::now();
    CHECK(send_and_wait(rig.io, rest, reload_agent()).ok());
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(requests_to(rig.sim, "POST /v1/agents/reload") == 2);
}

TEST_CASE("A Retry-After beyond the limit is not waited for") {
    Rig rig;
    auto config = rig.config();
    config.max_retry_after = 1s;
    RestClient rest(rig.io.get_executor(), config, nullptr);
    rig.sim.control({{"fault", "rest-status"}, {"status", 503}, {"count", 1}, {"retryAfter", 120}});
    auto answer = send_and_wait(rig.io, rest, reload_agent());
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.status == 503);
    CHECK_THAT(answer.error->message, Catch::Contains("(HTTP 503)"));
    CHECK(requests_to(rig.sim, "POST /v1/agents/reload") == 1);
}

TEST_CASE("A 500 is retried for a safe request and never for an outdial") {
    Rig rig;
    RestClient rest(rig.io.get_executor(), rig.config(), nullptr);
    rig.sim.control({{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/agents/reload"}});
    CHECK(send_and_wait(rig.io, rest, reload_agent()).ok());
    CHECK(requests_to(rig.sim, "POST /v1/agents/reload") == 2);

    rig.sim.control({{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/tasks/"}});
    auto answer = send_and_wait(rig.io, rest, start_outdial({"ep", "+15550100", ""}));
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.status == 500);
    CHECK(answer.error->code == "INJECTED_FAULT");
    CHECK(answer.reason_code == "500");
    CHECK_THAT(answer.error->message,
               Catch::Contains("(HTTP 500) INJECTED_FAULT") && Catch::Contains("[reasonCode 500]"));
    CHECK(requests_to(rig.sim, "POST /v1/tasks/") == 1);
}

TEST_CASE("A bad request comes back with Webex's error fields") {
    Rig rig;
    RestClient rest(rig.io.get_executor(), rig.config(), nullptr);
    auto answer = send_and_wait(rig.io, rest, start_outdial({"", "+15550100", ""}));
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.status == 400);
    CHECK_THAT(answer.error->message, Catch::Contains("(HTTP 400)") && Catch::Contains(": entryPointId is required"));
    CHECK_FALSE(answer.tracking_id.empty());
    CHECK_THAT(answer.error->message, Catch::EndsWith("trackingId " + answer.tracking_id));
}

TEST_CASE("An outdial whose connection breaks after sending is not retried") {
    BareServer server(BareServer::Behaviour::close_after_request);
    TempFile token("t");
    asio::io_context io;
    RestClient rest(io.get_executor(), client_config(server.url(), token.path()), nullptr);
    auto outdial = send_and_wait(io, rest, start_outdial({"ep", "+15550100", ""}));
    REQUIRE_FALSE(outdial.ok());
    CHECK(outdial.error->code == "NETWORK_ERROR");
    CHECK_THAT(outdial.error->message, Catch::Contains("not retried"));
    CHECK(server.connections() == 1);

    auto reload = send_and_wait(io, rest, reload_agent());  // safe: tried max_attempts times
    CHECK_FALSE(reload.ok());
    CHECK(server.connections() == 1 + 3);
}

TEST_CASE("A server that never answers times out") {
    BareServer server(BareServer::Behaviour::never_answer);
    TempFile token("t");
    asio::io_context io;
    auto config = client_config(server.url(), token.path());
    config.request_timeout = 200ms;
    RestClient rest(io.get_executor(), config, nullptr);
    auto answer = send_and_wait(io, rest, start_outdial({"ep", "+15550100", ""}));
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error->code == "TIMEOUT_ERROR");
    CHECK(server.connections() == 1);
}

TEST_CASE("Nothing listening is a network error after the allowed attempts") {
    std::string closed_port_url;
    {
        BareServer server(BareServer::Behaviour::close_after_request);
        closed_port_url = server.url();
    }
    TempFile token("t");
    asio::io_context io;
    RestClient rest(io.get_executor(), client_config(closed_port_url, token.path()), nullptr);
    auto answer = send_and_wait(io, rest, start_outdial({"ep", "+15550100", ""}));  // never sent, so retried
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error->code == "NETWORK_ERROR");
    CHECK_THAT(answer.error->message, Catch::Contains("connecting"));
}

TEST_CASE("Configuration errors are refused up front") {
    TempFile token("t");
    asio::io_context io;
    auto config = client_config("http://api.wxcc-us1.cisco.com", token.path());
    CHECK_THROWS_WITH(RestClient(io.get_executor(), config, nullptr), Catch::Contains("clear text"));
    config.api_base = "https://api.wxcc-us1.cisco.com";
    config.ca_file = "/nonexistent/ca.pem";
    CHECK_THROWS_WITH(RestClient(io.get_executor(), config, nullptr), Catch::Contains("/nonexistent/ca.pem"));
    config.ca_file.reset();
    config.token_file = "/nonexistent/token";
    CHECK_THROWS_WITH(RestClient(io.get_executor(), config, nullptr), Catch::Contains("/nonexistent/token"));
    TempFile empty("  \n");
    config.token_file = empty.path();
    CHECK_THROWS_WITH(RestClient(io.get_executor(), config, nullptr), Catch::Contains("empty"));
    config.token_file.reset();
    config.token_env = "WXCC_TEST_TOKEN_THAT_IS_NOT_SET";
    CHECK_THROWS_WITH(RestClient(io.get_executor(), config, nullptr),
                      Catch::Contains("WXCC_TEST_TOKEN_THAT_IS_NOT_SET"));
}

TEST_CASE("TLS: a trusted certificate works, an untrusted or misnamed one is refused") {
    auto trusted = make_certificate("IP:127.0.0.1,DNS:localhost");
    wxcc_sim::Simulator sim(tls_simulator(*trusted));
    sim.start();
    REQUIRE_THAT(sim.url(), Catch::StartsWith("https://127.0.0.1:"));
    TempFile token("wxcc-sim-token");
    asio::io_context io;

    auto config = client_config(sim.url(), token.path());
    config.ca_file = trusted->certificate.path();
    RestClient rest(io.get_executor(), config, nullptr);
    auto answer = send_and_wait(io, rest, subscribe_notifications());
    REQUIRE(answer.ok());
    CHECK_THAT(json::parse(answer.body)["webSocketUrl"].get<std::string>(), Catch::StartsWith("wss://"));

    config.ca_file.reset();  // the system store does not know our certificate
    RestClient untrusting(io.get_executor(), config, nullptr);
    auto refused = send_and_wait(io, untrusting, start_outdial({"ep", "+15550100", ""}));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error->code == "TLS_ERROR");
    CHECK(requests_to(sim, "POST /v1/tasks/") == 0);

    auto other = make_certificate("DNS:other.example");
    config.ca_file = other->certificate.path();
    wxcc_sim::Simulator misnamed(tls_simulator(*other));
    misnamed.start();
    config.api_base = misnamed.url();
    RestClient checking_name(io.get_executor(), config, nullptr);
    auto wrong_name = send_and_wait(io, checking_name, reload_agent());
    REQUIRE_FALSE(wrong_name.ok());
    CHECK(wrong_name.error->code == "TLS_ERROR");
}

TEST_CASE("A RestClient destroyed mid-request: the executor runs on and nothing touches it") {
    // Every stage a request can be in when its client goes: connecting, waiting for the answer,
    // waiting to retry. ASan reports any handler that reaches the destroyed client.
    BareServer silent(BareServer::Behaviour::never_answer);
    Rig rig;
    TempFile token("wxcc-sim-token");
    int handled = 0;
    for (int stage = 0; stage < 3; ++stage) {
        INFO("stage " << stage);
        asio::io_context io;
        auto config = stage == 1 ? client_config(silent.url(), token.path()) : rig.config();
        if (stage == 2) rig.sim.control({{"fault", "rest-status"}, {"status", 503}, {"count", 1}, {"retryAfter", 1}});
        auto rest = std::make_unique<RestClient>(io.get_executor(), config, nullptr);
        rest->send(reload_agent(), [&](ApiResponse) { ++handled; });
        io.run_for(stage == 0 ? 0ms : 100ms);  // 0: still resolving / connecting
        rest.reset();
        io.run_for(300ms);
        io.restart();
        io.run();  // everything left completes or is dropped without the client
    }
    CHECK(handled == 0);  // a destroyed client calls no handler: its owner may be gone too
}

TEST_CASE("A client and its io_context destroyed with requests pending leave nothing behind") {
    // The exchange and its connection are owned by their pending operations only: destroying the
    // io_context frees them (LeakSanitizer, in the ASan run, sees any ownership cycle).
    BareServer silent(BareServer::Behaviour::never_answer);
    TempFile token("wxcc-sim-token");
    int handled = 0;
    {
        asio::io_context io;
        RestClient rest(io.get_executor(), client_config(silent.url(), token.path()), nullptr);
        rest.send(reload_agent(), [&](ApiResponse) { ++handled; });
        rest.send(start_outdial({"ep-1", "1", "2"}), [&](ApiResponse) { ++handled; });
        io.run_for(100ms);  // connected, waiting for the answers
    }
    CHECK(handled == 0);
}

TEST_CASE("The spare connection carries the next request, once, and is replaced after use") {
    Rig rig;
    auto config = rig.config();
    config.spare_connection = true;
    RestClient rest(rig.io.get_executor(), config, nullptr);
    auto accepted = [&] { return rig.sim.control({{"status", true}})["connectionsAccepted"].get<int>(); };
    REQUIRE(run_until(rig.io, [&] { return accepted() == 1; }));  // opened ahead
    REQUIRE(send_and_wait(rig.io, rest, start_outdial({"ep-1", "+917702779401", ""})).ok());
    // The outdial used the spare; a new spare is opened while it is on the wire, and only that.
    REQUIRE(run_until(rig.io, [&] { return accepted() == 2; }));
    run_until(
        rig.io, [] { return false; }, 100ms);
    CHECK(accepted() == 2);
    REQUIRE(send_and_wait(rig.io, rest, reload_agent()).ok());
    REQUIRE(run_until(rig.io, [&] { return accepted() == 3; }));
    CHECK(rig.sim.outdials_received() == 1);
}

TEST_CASE("Over TLS the spare carries the next request: N requests open at most N + 1 connections") {
    // TLS 1.3 servers send session tickets after the handshake; a spare judged by its raw socket
    // looked used and was thrown away before every request (issue 18).
    TlsRig rig;
    auto config = rig.config();
    config.spare_connection = true;
    std::vector<std::string> logs;
    RestClient rest(rig.io.get_executor(), config, [&](LogLevel, const std::string& text) { logs.push_back(text); });
    auto accepted = [&] { return rig.sim.control({{"status", true}})["connectionsAccepted"].get<int>(); };
    REQUIRE(run_until(rig.io, [&] { return accepted() == 1; }));
    run_until(
        rig.io, [] { return false; }, 100ms);  // the session tickets have arrived on the spare
    const int requests = 5;
    for (int i = 0; i < requests; ++i) {
        REQUIRE(send_and_wait(rig.io, rest, set_agent_state("Available", "0", "")).ok());
        run_until(
            rig.io, [] { return false; }, 50ms);  // the next spare is open, its tickets received
    }
    CHECK(accepted() <= requests + 1);  // each request on the spare opened ahead, and one spare waiting
    CHECK(std::none_of(logs.begin(), logs.end(),
                       [](const auto& l) { return l.find("closed by the server") != std::string::npos; }));
}

TEST_CASE("Over TLS a spare the server closed is never used: the request connects afresh and goes out once") {
    TlsRig rig;
    rig.sim.control({{"fault", "idle-timeout"}, {"ms", 30}});
    auto config = rig.config();
    config.spare_connection = true;
    std::vector<std::string> logs;
    RestClient rest(rig.io.get_executor(), config, [&](LogLevel, const std::string& text) { logs.push_back(text); });
    auto accepted = [&] { return rig.sim.control({{"status", true}})["connectionsAccepted"].get<int>(); };
    REQUIRE(run_until(rig.io, [&] { return accepted() == 1; }));
    run_until(
        rig.io, [] { return false; }, 200ms);  // the server has closed the spare (close_notify) by now
    REQUIRE(send_and_wait(rig.io, rest, start_outdial({"ep-1", "+917702779401", ""})).ok());
    CHECK(rig.sim.outdials_received() == 1);
    CHECK(std::any_of(logs.begin(), logs.end(),
                      [](const auto& l) { return l.find("closed by the server") != std::string::npos; }));
}

TEST_CASE("A spare the server closed is never used: the outdial connects afresh and goes out once") {
    Rig rig;
    rig.sim.control({{"fault", "idle-timeout"}, {"ms", 30}});  // the server closes idle connections at once
    auto config = rig.config();
    config.spare_connection = true;
    std::vector<std::string> logs;
    RestClient rest(rig.io.get_executor(), config, [&](LogLevel, const std::string& text) { logs.push_back(text); });
    auto accepted = [&] { return rig.sim.control({{"status", true}})["connectionsAccepted"].get<int>(); };
    REQUIRE(run_until(rig.io, [&] { return accepted() == 1; }));
    run_until(
        rig.io, [] { return false; }, 200ms);  // the server has closed the spare by now
    auto outdial = send_and_wait(rig.io, rest, start_outdial({"ep-1", "+917702779401", ""}));
    REQUIRE(outdial.ok());
    CHECK(rig.sim.outdials_received() == 1);
    CHECK(accepted() >= 2);  // the fresh connection (and a new spare)
    CHECK(std::any_of(logs.begin(), logs.end(),
                      [](const auto& l) { return l.find("closed by the server") != std::string::npos; }));
}

TEST_CASE("A spare is replaced when it has been open spare_max_age, before an idle server closes it") {
    Rig rig;
    auto config = rig.config();
    config.spare_connection = true;
    config.spare_max_age = std::chrono::milliseconds(50);
    RestClient rest(rig.io.get_executor(), config, nullptr);
    auto accepted = [&] { return rig.sim.control({{"status", true}})["connectionsAccepted"].get<int>(); };
    REQUIRE(run_until(
        rig.io, [&] { return accepted() >= 3; }, 2s));
    rest.stop();
    auto after_stop = accepted();
    run_until(
        rig.io, [] { return false; }, 200ms);
    CHECK(accepted() == after_stop);  // a stopped client opens nothing
}
