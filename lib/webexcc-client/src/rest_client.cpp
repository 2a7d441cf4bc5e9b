#include "webexcc/client/rest_client.hpp"

#include "webexcc/client/agent_profile.hpp"

#include "access_tokens.hpp"
#include "api_error.hpp"
#include "connector.hpp"
#include "http_exchange.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <cstdio>
#include <random>

#ifdef _WIN32
#include "windows_trust.hpp"
#endif

namespace webexcc::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using detail::AnyStream;
using detail::ApiError;
using detail::ErrorKind;
using detail::HttpExchange;
using detail::HttpOutcome;
using detail::Stage;

std::shared_ptr<asio::ssl::context> make_tls_context(const std::optional<std::filesystem::path>& ca_file) {
    auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    tls->set_verify_mode(asio::ssl::verify_peer);
#ifdef _WIN32
    // Windows keeps its trust in the ROOT store. OpenSSL's default paths are left out: on Windows
    // they name a folder fixed when OpenSSL was built, which any user may be able to create.
    if (auto added = detail::add_windows_root_certificates(SSL_CTX_get_cert_store(tls->native_handle())); !added)
        throw std::runtime_error(added.error().message);
#else
    tls->set_default_verify_paths();
#endif
    if (ca_file) {
        beast::error_code error;
        tls->load_verify_file(ca_file->string(), error);
        if (error) throw std::runtime_error("cannot load CA file " + ca_file->string() + ": " + error.message());
    }
    return tls;
}

namespace {

// Whether a connection opened ahead is still as the server left it: open, and nothing received (a
// close, a TLS alert or an HTTP 408 would be). Never blocks. Over TLS the TLS layer reads first:
// TLS 1.3 servers send session tickets after the handshake, which are the protocol's own bytes,
// not a sign of a used connection; only application data, an alert or a close is.
bool untouched(AnyStream& stream) {
    auto& socket = detail::lowest_layer(stream).socket();
    if (auto* tls = std::get_if<detail::TlsStream>(&stream)) {
        beast::error_code error;
        socket.non_blocking(true, error);  // the TLS layer's reads stop at "nothing more yet"
        if (error) return false;
        char byte;
        auto received = tls->read_some(asio::buffer(&byte, 1), error);
        beast::error_code ignored;
        socket.non_blocking(false, ignored);
        return received == 0 && error == asio::error::would_block;
    }
    beast::error_code error;
    socket.non_blocking(true, error);  // a peek that finds nothing says so instead of waiting
    if (error) return false;
    char byte;
    socket.receive(asio::buffer(&byte, 1), asio::socket_base::message_peek, error);
    beast::error_code ignored;
    socket.non_blocking(false, ignored);
    return error == asio::error::would_block;
}

http::verb verb_of(Method method) {
    switch (method) {
        case Method::get: return http::verb::get;
        case Method::put: return http::verb::put;
        case Method::post: break;
    }
    return http::verb::post;
}

// Retry-After as delta-seconds; an HTTP date or garbage counts as absent.
std::optional<std::chrono::milliseconds> retry_after(const http::response<http::string_body>& response) {
    auto field = response[http::field::retry_after];
    unsigned seconds = 0;
    auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), seconds);
    if (field.empty() || error != std::errc{} || end != field.data() + field.size()) return std::nullopt;
    return std::chrono::seconds(seconds);
}

// A random (version 4) UUID: the per-client part of the trackingid, unique among the clients of
// one tenant without any coordination.
std::string random_uuid() {
    std::random_device source;
    std::uniform_int_distribution<unsigned> byte(0, 255);
    unsigned char bytes[16];
    for (auto& b : bytes) b = static_cast<unsigned char>(byte(source));
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
    std::string text;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
        text += hex;
    }
    return text;
}

// The request on the wire: the caller's method, path and body, with the bearer token and the
// request's trackingid; one connection per request (Connection: close).
http::request<http::string_body> http_request(const Url& base, const ApiRequest& api, const std::string& token,
                                              const std::string& tracking_id) {
    http::request<http::string_body> request{verb_of(api.method), resolve(base, api.path).target, 11};
    request.set(http::field::host, base.host_header());
    request.set(http::field::authorization, "Bearer " + token);
    request.set("trackingid", tracking_id);
    request.set(http::field::user_agent, "webexcc-workspace-plugin");
    request.set(http::field::accept, "application/json");
    request.set(http::field::connection, "close");
    if (api.method != Method::get) {
        request.set(http::field::content_type, "application/json");
        request.body() = api.body;
        request.prepare_payload();
    }
    return request;
}

ApiError transport_error(const beast::error_code& error, Stage stage, const std::string& action, const Url& base) {
    auto result = ApiError::make(ErrorKind::network, action + " to " + base.host_header());
    if (error == beast::error::timeout) {
        result.kind = ErrorKind::timeout;
        result.message += " timed out";
    } else if (stage == Stage::tls_handshake) {
        result.kind = ErrorKind::tls;
        result.message += ": TLS handshake failed";
    } else if (error == asio::error::operation_aborted) {
        result.kind = ErrorKind::cancelled;
        result.message += " cancelled";
    } else {
        result.kind = ErrorKind::network;
        result.message += " failed";
    }
    const char* when[] = {"resolving", "connecting", "in TLS handshake", "in WebSocket handshake", "sending", "reading",
                          ""};
    result.message += std::string(" while ") + when[static_cast<int>(stage)] + ": " + error.message();
    return result;
}

// The response to a request that failed, with the status, tracking id and reasonCode of the HTTP
// answer when there was one.
ApiResponse failed(const ApiError& error, const std::string& request_tracking_id, std::string body = {}) {
    return {error.http_status, std::move(body), error.tracking_id,
            error.reason_code, error.problem(), request_tracking_id};
}

}  // namespace

// The connection opened ahead for the next request (ClientConfig::spare_connection).
struct RestClient::Spare {
    explicit Spare(const asio::any_io_executor& executor) : age(executor) {}
    std::optional<AnyStream> stream;
    bool opening = false;
    std::weak_ptr<detail::Connector> connector;  // while opening; its pending operations own it
    asio::steady_timer age;                      // replaced when it has been open spare_max_age

    // The spare carries the next request if the server has not closed it; it never carries another.
    std::optional<AnyStream> take(const Logger& log) {
        std::optional<AnyStream> taken;
        if (stream) taken.emplace(std::move(*stream));
        stream.reset();
        age.cancel();
        if (taken && !untouched(*taken)) {
            log(LogLevel::debug, "the spare connection was closed by the server; connecting afresh");
            taken.reset();
        }
        return taken;
    }
};

struct RestClient::Call {
    ApiRequest request;
    ResponseHandler handler;
    std::string tracking_id;  // the trackingid header of every attempt
    int attempts = 0;
    bool token_reloaded = false;
    std::string token;                     // the bearer token of the attempt on the wire
    std::weak_ptr<HttpExchange> exchange;  // for cancel(); its pending operations own it
    std::optional<asio::steady_timer> delay;
};

RestClient::RestClient(asio::any_io_executor executor, const ClientConfig& config, Logger log)
    : executor_(executor),
      config_(config),
      log_(log ? std::move(log) : Logger([](LogLevel, const std::string&) {})),
      base_(parse_url(config.api_base)),
      tls_(make_tls_context(config.ca_file)),
      tokens_(std::make_unique<detail::AccessTokens>(executor, tls_, config, log_)),
      spare_(std::make_shared<Spare>(executor)),
      tracking_prefix_("webexcc-workspace_" + random_uuid()) {
    require_tls_off_loopback(base_);
    // On the executor's thread, like every operation of the client.
    asio::post(executor_, lifetime_.guard([this] { open_spare(); }));
}

void RestClient::open_spare() {
    if (!config_.spare_connection || stopped_ || spare_->opening || spare_->stream) return;
    spare_->opening = true;
    auto connector = std::make_shared<detail::Connector>(
        executor_, tls_, base_, config_.connect_timeout, config_.handshake_timeout,
        lifetime_.guard([this, spare = spare_](beast::error_code error, Stage, std::optional<AnyStream> stream) {
            spare->opening = false;
            if (error || stopped_) return;  // no spare: the next request connects for itself, and tries again
            spare->stream.emplace(std::move(*stream));  // a TLS stream moves, but is not move-assignable
            spare->age.expires_after(config_.spare_max_age);
            spare->age.async_wait(lifetime_.guard([this, spare](beast::error_code cancelled) {
                if (cancelled) return;
                spare->stream.reset();  // before an idle server closes it: a fresh one
                open_spare();
            }));
        }));
    spare_->connector = connector;
    connector->run();
}

RestClient::~RestClient() { stop(); }

void RestClient::send(ApiRequest request, ResponseHandler handler) {
    auto call = std::make_shared<Call>();
    call->request = std::move(request);
    call->handler = std::move(handler);
    call->tracking_id = tracking_prefix_ + "_" + std::to_string(++requests_sent_);
    if (stopped_) {
        auto error = ApiError::make(ErrorKind::cancelled, call->request.action + " not sent: the client is stopped");
        asio::post(executor_, lifetime_.guard([call, error] { call->handler(failed(error, call->tracking_id)); }));
        return;
    }
    in_flight_.insert(call);
    attempt(call);
}

void RestClient::organization(std::function<void(workspace::Result<std::string>)> handler) {
    if (!config_.org_id.empty()) {
        asio::post(executor_, lifetime_.guard([handler, id = config_.org_id] { handler(id); }));
        return;
    }
    tokens_->with_token(lifetime_.guard([handler](std::optional<std::string> token, std::string why) {
        if (!token) return handler(workspace::Problem("AUTHENTICATION_ERROR", why));
        handler(org_id_of_token(*token));
    }));
}

void RestClient::on_sign_in(std::function<void(std::optional<std::string>)> listener) {
    tokens_->on_sign_in(std::move(listener));
}

// Every attempt first gets a token: at once, or after the refresh it needs (access_tokens.hpp).
void RestClient::attempt(const std::shared_ptr<Call>& call) {
    tokens_->with_token(lifetime_.guard([this, call](std::optional<std::string> token, std::string why) {
        send_with_token(call, std::move(token), why);
    }));
}

void RestClient::send_with_token(const std::shared_ptr<Call>& call, std::optional<std::string> token,
                                 const std::string& why) {
    if (stopped_ || !in_flight_.count(call)) return;
    if (!token) {
        auto error = ApiError::make(ErrorKind::authentication, call->request.action + " not sent: " + why);
        return complete(call, failed(error, call->tracking_id));
    }
    call->token = std::move(*token);
    ++call->attempts;
    HttpExchange::Timeouts timeouts{config_.connect_timeout, config_.handshake_timeout, config_.request_timeout};
    auto exchange = std::make_shared<HttpExchange>(
        executor_, tls_, base_, http_request(base_, call->request, call->token, call->tracking_id), timeouts,
        lifetime_.guard([this, call](HttpOutcome outcome) { on_exchanged(call, outcome); }), spare_->take(log_));
    call->exchange = exchange;
    exchange->run();
    open_spare();  // for the next request, while this one is on the wire
}

void RestClient::on_exchanged(const std::shared_ptr<Call>& call, HttpOutcome& outcome) {
    call->exchange.reset();
    if (stopped_) return;
    if (outcome.error) return on_transport_failure(call, outcome);
    on_http_response(call, outcome);
}

void RestClient::on_transport_failure(const std::shared_ptr<Call>& call, const HttpOutcome& outcome) {
    bool may_replay = call->request.replay == Replay::safe;
    auto error = transport_error(outcome.error, outcome.stage, call->request.action, base_);
    // Nothing reached the server before the request was written: any request may go again.
    bool resend = error.kind != ErrorKind::tls && (!detail::reached_server(outcome.stage) || may_replay);
    if (resend && call->attempts < config_.max_attempts)
        return retry_later(call, config_.rest_retry_initial * call->attempts, error.describe());
    if (detail::reached_server(outcome.stage) && !may_replay)
        error.message += "; not retried because the server may have acted on it";
    complete(call, failed(error, call->tracking_id));
}

void RestClient::on_http_response(const std::shared_ptr<Call>& call, HttpOutcome& outcome) {
    auto& response = outcome.response;
    const auto& action = call->request.action;
    int status = response.result_int();
    std::string tracking(response["TrackingID"]);
    if (status >= 200 && status < 300)
        return complete(call,
                        {status, std::move(response.body()), std::move(tracking), {}, std::nullopt, call->tracking_id});

    if (status == 401 && !call->token_reloaded) {
        call->token_reloaded = true;
        log_(LogLevel::warning, action + " got 401; retrying once with a token from the " + tokens_->origin());
        return tokens_->refused(call->token,
                                lifetime_.guard([this, call](std::optional<std::string> token, std::string why) {
                                    send_with_token(call, std::move(token), why);
                                }));
    }
    // 429 and 503 mean the server refused the request without acting on it.
    bool refused = status == 429 || status == 503;
    bool attempts_left = call->attempts < config_.max_attempts;
    auto wait = retry_after(response).value_or(config_.rest_retry_initial * call->attempts);
    if (refused && attempts_left && wait <= config_.max_retry_after)
        return retry_later(call, wait, action + " answered " + std::to_string(status));
    if (!refused && status >= 500 && call->request.replay == Replay::safe && attempts_left)
        return retry_later(call, config_.rest_retry_initial * call->attempts,
                           action + " answered " + std::to_string(status));
    auto error = detail::read_http_error(status, response.body(), tracking, action);
    if (status == 401) error.message += " (the access token was refused, also after renewing it)";
    if (status < 400) error.message += " (redirects are not followed: Webex's API answers 2xx)";
    complete(call, failed(error, call->tracking_id, std::move(response.body())));
}

void RestClient::retry_later(const std::shared_ptr<Call>& call, std::chrono::milliseconds delay,
                             const std::string& why) {
    log_(LogLevel::warning, why + "; attempt " + std::to_string(call->attempts + 1) + " of " +
                                std::to_string(config_.max_attempts) + " in " + std::to_string(delay.count()) + " ms");
    call->delay.emplace(executor_, delay);
    call->delay->async_wait(lifetime_.guard([this, call](beast::error_code error) {
        if (error || stopped_) return;
        attempt(call);
    }));
}

void RestClient::complete(const std::shared_ptr<Call>& call, ApiResponse response) {
    in_flight_.erase(call);
    // The problem's message names Webex's TrackingID already (when it answered); ours goes beside it.
    if (!response.ok())
        log_(LogLevel::warning, response.error->message + " (request trackingid " + call->tracking_id + ")");
    auto handler = std::move(call->handler);
    handler(std::move(response));
}

void RestClient::stop() {
    if (stopped_) return;
    stopped_ = true;
    tokens_->stop();
    spare_->age.cancel();
    if (auto connector = spare_->connector.lock()) connector->cancel();
    spare_->stream.reset();
    auto calls = std::move(in_flight_);
    for (const auto& call : calls) {
        if (auto exchange = call->exchange.lock()) exchange->cancel();
        if (call->delay) call->delay->cancel();
        auto error = ApiError::make(ErrorKind::cancelled, call->request.action + " cancelled: the client is stopping");
        asio::post(executor_, lifetime_.guard([call, error] {
            if (call->handler) call->handler(failed(error, call->tracking_id));
        }));
    }
}

}  // namespace webexcc::client
