#include "client_fixture.hpp"

#include "../support/temp_paths.hpp"

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

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

namespace {

// PEM into a file through a BIO (C stdio under OpenSSL, so the same on Linux and Windows).
template <typename Write>
void write_pem(const std::filesystem::path& path, Write write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> file(BIO_new_file(path.string().c_str(), "w"), BIO_free);
    if (!file || write(file.get()) != 1) throw std::runtime_error("cannot write " + path.string());
}

// A self-signed X.509 for CN wxcc-sim-test valid one day, subjectAltName as `openssl req -addext`
// spells it ("IP:127.0.0.1,DNS:localhost"): made in process, as no openssl program is on Windows.
void self_signed(EVP_PKEY* key, const std::string& subject_alt_name, X509* certificate) {
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 24L * 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("wxcc-sim-test"), -1,
                               -1, 0);
    X509_set_issuer_name(certificate, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> alt_name(
        X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, subject_alt_name.c_str()), X509_EXTENSION_free);
    if (!alt_name || X509_add_ext(certificate, alt_name.get(), -1) != 1 ||
        X509_sign(certificate, key, EVP_sha256()) == 0)
        throw std::runtime_error("could not make a test certificate for " + subject_alt_name);
}

}  // namespace

std::unique_ptr<Certificate> make_certificate(const std::string& subject_alt_name) {
    auto made = std::make_unique<Certificate>();
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> certificate(X509_new(), X509_free);
    if (!key || !certificate) throw std::runtime_error("could not make a test key");
    self_signed(key.get(), subject_alt_name, certificate.get());
    write_pem(made->key.path(), [&](BIO* out) {
        return PEM_write_bio_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    write_pem(made->certificate.path(), [&](BIO* out) { return PEM_write_bio_X509(out, certificate.get()); });
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
