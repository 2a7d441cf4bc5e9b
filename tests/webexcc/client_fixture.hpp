#pragma once
// Runs a Webex CC client on this thread's io_context against a simulator on loopback.

#include "webexcc/client/notification_channel.hpp"
#include "webexcc/client/rest_client.hpp"
#include "wxcc_sim/simulator.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace webexcc::testing {

using namespace std::chrono_literals;

// A temporary file holding `text`, removed with the object.
class TempFile {
public:
    explicit TempFile(const std::string& text, const std::string& suffix = ".txt");
    ~TempFile();
    void write(const std::string& text) const { std::ofstream(path_) << text; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Fast simulator timings so scenarios play in tens of milliseconds.
wxcc_sim::Options fast_simulator();
std::unique_ptr<wxcc_sim::Simulator> started_simulator(wxcc_sim::Options options = fast_simulator());

client::ClientConfig client_config(const std::string& api_base, const std::filesystem::path& token_file);

// Runs `io` until `done()` or `limit` passes; returns done().
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds limit = 5s);

// Sends one request and waits for its answer.
client::ApiResponse send_and_wait(boost::asio::io_context& io, client::RestClient& rest, client::ApiRequest request);

// A self-signed certificate and key for `name` (CN and subjectAltName), made with the openssl tool.
struct Certificate {
    TempFile certificate{"", ".pem"};
    TempFile key{"", ".key"};
};
std::unique_ptr<Certificate> make_certificate(const std::string& subject_alt_name);

// fast_simulator() serving https / wss with `certificate`.
wxcc_sim::Options tls_simulator(const Certificate& certificate);

// A simulator serving https / wss for 127.0.0.1, and a client configuration that trusts it: how
// Webex is always reached.
struct TlsRig {
    std::unique_ptr<Certificate> certificate = make_certificate("IP:127.0.0.1");
    wxcc_sim::Simulator sim{tls_simulator(*certificate)};
    TempFile token{"wxcc-sim-token"};
    boost::asio::io_context io;
    TlsRig() { sim.start(); }
    client::ClientConfig config() {
        auto config = client_config(sim.url(), token.path());
        config.ca_file = certificate->certificate.path();
        return config;
    }
};

// Frames received on a notification channel, and its status changes.
struct ChannelLog {
    std::vector<client::Frame> frames;
    std::vector<std::pair<client::ChannelStatus, std::string>> statuses;
    client::NotificationChannel::Handlers handlers();
    std::vector<std::string> types() const;  // data.type (or type) of every frame, in order
    bool has(const std::string& type) const;
    int count(client::ChannelStatus status) const;
    int reloads() const;  // AgentReloginSuccess frames: the answers to the channel's reloads
};

// A REST client and a notification channel on a TlsRig (`adjust` changes the client's
// configuration); connect() starts the channel and waits for the agent's reload.
struct TlsChannelRig : TlsRig {
    explicit TlsChannelRig(const std::function<void(client::ClientConfig&)>& adjust = {});
    bool connect();
    client::RestClient rest;
    ChannelLog log;
    client::NotificationChannel channel{rest, nullptr, log.handlers()};
};

}  // namespace webexcc::testing
