#include "client_fixture.hpp"

#include "../support/temp_paths.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace webexcc::testing {

TempFile::TempFile(const std::string& text, const std::string& suffix) {
    path_ = workspace::testing::make_temp_file("webexcc-test-", suffix);
    write(text);
}

TempFile::~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

wxcc_sim::Options fast_simulator() {
    wxcc_sim::Options options;
    options.step = 10ms;
    options.auto_wrapup = 20ms;
    options.auto_wrap_up = true;  // most suites wrap up no call themselves
    options.keepalive = 100ms;
    return options;
}

std::unique_ptr<wxcc_sim::Simulator> started_simulator(wxcc_sim::Options options) {
    auto sim = std::make_unique<wxcc_sim::Simulator>(std::move(options));
    sim->start();
    return sim;
}

client::ClientConfig client_config(const std::string& api_base, const std::filesystem::path& token_file) {
    client::ClientConfig config;
    config.api_base = api_base;
    config.token_file = token_file;
    config.connect_timeout = 1s;
    config.handshake_timeout = 1s;
    config.request_timeout = 2s;
    config.welcome_timeout = 1s;
    config.keepalive_interval = 100ms;
    config.liveness_timeout = 1000ms;  // generous: sanitizer builds can stall for hundreds of ms
    config.reconnect_initial = 20ms;
    config.reconnect_max = 200ms;
    return config;
}

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(5ms);
    }
    return done();
}

client::ApiResponse send_and_wait(boost::asio::io_context& io, client::RestClient& rest, client::ApiRequest request) {
    std::optional<client::ApiResponse> answer;
    rest.send(std::move(request), [&](client::ApiResponse response) { answer = std::move(response); });
    if (!run_until(
            io, [&] { return answer.has_value(); }, 10s))
        throw std::runtime_error("no answer within 10 s");
    return *answer;
}

std::unique_ptr<Certificate> make_certificate(const std::string& subject_alt_name) {
    auto made = std::make_unique<Certificate>();
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wxcc-sim-test -addext "
        "'subjectAltName=" +
        subject_alt_name + "' -keyout '" + made->key.path().string() + "' -out '" + made->certificate.path().string() +
        "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
    return made;
}

wxcc_sim::Options tls_simulator(const Certificate& certificate) {
    auto options = fast_simulator();
    options.tls_certificate = certificate.certificate.path();
    options.tls_key = certificate.key.path();
    return options;
}

client::NotificationChannel::Handlers ChannelLog::handlers() {
    return {[this](const client::Frame& frame) { frames.push_back(frame); },
            [this](client::ChannelStatus status, const std::string& detail) { statuses.emplace_back(status, detail); }};
}

int ChannelLog::reloads() const {
    auto all = types();
    return static_cast<int>(std::count(all.begin(), all.end(), "AgentReloginSuccess"));
}

std::vector<std::string> ChannelLog::types() const {
    std::vector<std::string> all;
    for (const auto& frame : frames) {
        const auto json = frame.json();
        if (json.contains("data") && json["data"].is_object() && json["data"].contains("type"))
            all.push_back(json["data"]["type"].get<std::string>());
        else all.push_back(json.value("type", std::string()));
    }
    return all;
}

bool ChannelLog::has(const std::string& type) const {
    auto all = types();
    return std::find(all.begin(), all.end(), type) != all.end();
}

int ChannelLog::count(client::ChannelStatus status) const {
    int n = 0;
    for (const auto& [s, detail] : statuses) n += s == status;
    return n;
}

TlsChannelRig::TlsChannelRig(const std::function<void(client::ClientConfig&)>& adjust)
    : rest(
          io.get_executor(),
          [&] {
              auto adjusted = config();
              if (adjust) adjust(adjusted);
              return adjusted;
          }(),
          nullptr) {}

bool TlsChannelRig::connect() {
    channel.start();
    return run_until(io, [&] { return log.has("AgentReloginSuccess"); });
}

}  // namespace webexcc::testing
