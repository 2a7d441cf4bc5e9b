#include "bridge_server.hpp"

#include "page_messages.hpp"
#include "rate_limiter.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <sstream>
#include <vector>

namespace browser_bridge {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

enum LogLevel { debug = 0, info = 1, warning = 2 };

constexpr auto request_timeout = 10s;      // an HTTP request (or upgrade) must arrive within this
constexpr auto page_idle_timeout = 20s;    // a page that answers no ping for this long is gone
constexpr const char* server_name = "workspace-browser-bridge";

struct BridgeServer::Shared {
    Shared(asio::io_context& io, BridgeConfig config, PageFiles files, std::optional<std::string> key, ServerHooks hooks)
        : acceptor(io), config(std::move(config)), files(std::move(files)), hooks(std::move(hooks)) {
        rules.access_key = std::move(key);
        rules.allowed_origins = this->config.allowed_origins;
    }
    tcp::acceptor acceptor;
    BridgeConfig config;
    PageFiles files;
    AdmissionRules rules;  // port set once bound
    ServerHooks hooks;
    std::string content_security_policy;
    std::vector<std::weak_ptr<class PageSession>> pages;
    std::size_t connections = 0;
    bool closed = false;
};

namespace {

using Shared = BridgeServer::Shared;

// Counts one open connection for maxConnections, from accept until its last object is gone.
class ConnectionSlot {
public:
    explicit ConnectionSlot(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) { ++shared_->connections; }
    ConnectionSlot(ConnectionSlot&&) = default;
    ConnectionSlot& operator=(ConnectionSlot&&) = delete;
    ~ConnectionSlot() {
        if (shared_) --shared_->connections;
    }
    Shared& shared() const { return *shared_; }

private:
    std::shared_ptr<Shared> shared_;
};

std::optional<std::string_view> optional_header(const http::request<http::string_body>& request, http::field field) {
    auto found = request.find(field);
    if (found == request.end()) return std::nullopt;
    return std::string_view(found->value().data(), found->value().size());
}

http::response<http::string_body> plain_response(unsigned status, const std::string& text, unsigned version) {
    http::response<http::string_body> response{static_cast<http::status>(status), version};
    response.set(http::field::server, server_name);
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    response.body() = text + "\n";
    response.prepare_payload();
    return response;
}

}  // namespace

// One page: a WebSocket carrying bus messages both ways.
class PageSession : public std::enable_shared_from_this<PageSession> {
public:
    PageSession(beast::tcp_stream stream, ConnectionSlot slot, std::string origin)
        : ws_(std::move(stream)), slot_(std::move(slot)), shared_(slot_.shared()),
          queue_(shared_.config.send_queue_bytes),
          limiter_(shared_.config.messages_per_second, shared_.config.burst, RateLimiter::Clock::now()),
          origin_(origin.empty() ? "no Origin (access key)" : std::move(origin)) {}

    void accept(http::request<http::string_body> request) {
        beast::get_lowest_layer(ws_).expires_never();  // the WebSocket's own timeouts from here
        websocket::stream_base::timeout timeouts{request_timeout, page_idle_timeout, true};
        ws_.set_option(timeouts);
        ws_.read_message_max(shared_.config.max_message_bytes);  // over it: closed with 1009
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& response) { response.set(http::field::server, server_name); }));
        // Listed now, so no bus message published once the page is admitted passes it by; what
        // comes during the handshake waits in its queue until the handshake is done.
        shared_.pages.push_back(weak_from_this());
        ws_.async_accept(request, [self = shared_from_this()](beast::error_code error) { self->on_accept(error); });
    }

    void send(SharedText text) {
        if (closed_) return;
        if (!queue_.push(std::move(text))) {
            log(warning, "disconnected: more than " + std::to_string(shared_.config.send_queue_bytes) +
                             " bytes behind (sendQueueBytes)");
            shut();
            return;
        }
        if (accepted_ && !writing_) write_next();
    }

    void shut() {
        closed_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

private:
    void on_accept(beast::error_code error) {
        if (error) {
            closed_ = true;
            return log(debug, "handshake failed: " + error.message());
        }
        accepted_ = true;
        log(info, "connected");
        if (!queue_.empty()) write_next();
        read_next();
    }

    void read_next() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
    }

    void on_read(beast::error_code error) {
        if (error) {
            closed_ = true;
            if (error == websocket::error::message_too_big)
                log(warning, "closed with 1009: a message over " + std::to_string(shared_.config.max_message_bytes) +
                                 " bytes (maxMessageBytes)");
            else
                log(info, "disconnected (" + error.message() + ")");
            return;
        }
        std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        handle(text, ws_.got_text());
        read_next();
    }

    void handle(const std::string& text, bool is_text) {
        switch (limiter_.take(RateLimiter::Clock::now())) {
            case RateLimiter::Verdict::refuse_quietly: return;
            case RateLimiter::Verdict::refuse_and_tell:
                log(warning, "rate limited (messagesPerSecond / burst)");
                return refuse({refusal::rate_limited, "more messages than the bridge takes (messagesPerSecond, burst); "
                                                      "this one and those until the rate falls were dropped", ""});
            case RateLimiter::Verdict::accept: break;
        }
        if (!is_text) return refuse({refusal::bad_json, "send each message as a text frame of JSON", ""});
        auto read = read_page_message(text, shared_.config.publish);
        if (auto* refused = std::get_if<Refusal>(&read)) return refuse(*refused);
        if (!shared_.hooks.publish(std::get<RoutingKey>(read), text))
            refuse({refusal::bus_refused, "the host did not take the message (see its log)", ""});
    }

    void refuse(const Refusal& refused) {
        log(debug, std::string("refused a message: ") + refused.code);
        send(std::make_shared<const std::string>(bridge_error_text(refused)));
    }

    void write_next() {
        writing_ = true;
        ws_.text(true);
        ws_.async_write(asio::buffer(*queue_.front()),
                        [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_write(error); });
    }

    void on_write(beast::error_code error) {
        writing_ = false;
        if (error) {
            closed_ = true;
            return;
        }
        queue_.pop();
        if (!queue_.empty() && !closed_) write_next();
    }

    void log(int level, const std::string& text) { shared_.hooks.log(level, "page " + origin_ + ": " + text); }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    ConnectionSlot slot_;
    Shared& shared_;  // kept alive by slot_
    SendQueue queue_;
    RateLimiter limiter_;
    std::string origin_;
    bool accepted_ = false;  // the handshake is done: writes may start
    bool writing_ = false;
    bool closed_ = false;
};

namespace {

// One HTTP connection: serves page files, or hands an admitted upgrade on /bus to a PageSession.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket socket, ConnectionSlot slot)
        : stream_(std::move(socket)), slot_(std::move(slot)), shared_(slot_.shared()) {}

    void read_next() {
        parser_.emplace();
        parser_->header_limit(8 * 1024);
        parser_->body_limit(4 * 1024);
        stream_.expires_after(request_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
    }

private:
    void on_read(beast::error_code error) {
        if (error) return;  // closed, timed out, or not HTTP: nothing to answer
        auto request = parser_->release();
        if (websocket::is_upgrade(request)) return upgrade(std::move(request));
        serve(request);
    }

    void upgrade(http::request<http::string_body> request) {
        auto origin = optional_header(request, http::field::origin);
        if (request.target() != "/bus") return respond(plain_response(404, "no WebSocket here; the bus is at /bus", request.version()), false);
        auto admission = admit_page(optional_header(request, http::field::host).value_or(""), origin,
                                    optional_header(request, http::field::authorization), shared_.rules);
        if (!admission) {
            shared_.hooks.log(info, "refused a page (" + std::to_string(admission.status) + "): " + admission.reason);
            return respond(plain_response(admission.status, admission.reason, request.version()), false);
        }
        auto page = std::make_shared<PageSession>(std::move(stream_), std::move(slot_), origin ? std::string(*origin) : "");
        page->accept(std::move(request));
    }

    void serve(const http::request<http::string_body>& request) {
        auto version = request.version();
        if (request.method() != http::verb::get && request.method() != http::verb::head)
            return respond(plain_response(405, "only GET and HEAD", version), false);
        if (!names_this_bridge(optional_header(request, http::field::host).value_or(""), shared_.rules.port))
            return respond(plain_response(403, "the Host header does not name this bridge on loopback", version), false);
        const PageFile* file = shared_.files.find(request.target());
        if (file == nullptr) return respond(plain_response(404, "not found", version), request.keep_alive());
        http::response<http::string_body> response{http::status::ok, version};
        response.set(http::field::server, server_name);
        response.set(http::field::content_type, file->content_type);
        response.set(http::field::cache_control, "no-store");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Referrer-Policy", "no-referrer");
        response.set("Content-Security-Policy", shared_.content_security_policy);
        // A CRM page of an allowed origin may import workspace-bridge.js from here.
        if (auto origin = optional_header(request, http::field::origin); origin && origin_allowed(*origin, shared_.rules)) {
            response.set(http::field::access_control_allow_origin, *origin);
            response.set(http::field::vary, "Origin");
        }
        response.body() = request.method() == http::verb::head ? std::string() : file->body;
        response.prepare_payload();
        if (request.method() == http::verb::head) response.content_length(file->body.size());
        respond(std::move(response), request.keep_alive());
    }

    void respond(http::response<http::string_body> response, bool keep_alive) {
        response.keep_alive(keep_alive);
        response_ = std::move(response);
        http::async_write(stream_, response_, [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
            if (!error && keep_alive) return self->read_next();
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    ConnectionSlot slot_;
    Shared& shared_;  // kept alive by slot_
};

void refuse_busy(tcp::socket socket) {
    static const std::string busy = [] {
        http::response<http::string_body> response = plain_response(503, "too many connections (maxConnections)", 11);
        response.keep_alive(false);
        std::ostringstream text;
        text << response;
        return text.str();
    }();
    auto owned = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*owned, asio::buffer(busy), [owned](beast::error_code, std::size_t) {
        beast::error_code ignored;
        owned->shutdown(tcp::socket::shutdown_send, ignored);
    });
}

void accept_next(const std::shared_ptr<Shared>& shared) {
    shared->acceptor.async_accept([shared](beast::error_code error, tcp::socket socket) {
        if (shared->closed) return;
        if (!error) {
            if (shared->connections >= shared->config.max_connections) {
                shared->hooks.log(warning, "refused a connection: maxConnections (" +
                                               std::to_string(shared->config.max_connections) + ") are open");
                refuse_busy(std::move(socket));
            } else {
                std::make_shared<HttpSession>(std::move(socket), ConnectionSlot(shared))->read_next();
            }
        }
        accept_next(shared);
    });
}

std::string content_security_policy(const BridgeConfig& config, std::uint16_t port) {
    auto p = std::to_string(port);
    std::string ancestors = "'self'";
    for (const auto& origin : config.allowed_origins) ancestors += " " + origin;
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
           "ws://127.0.0.1:" + p + " ws://localhost:" + p + "; base-uri 'none'; form-action 'none'; frame-ancestors " +
           ancestors;
}

}  // namespace

BridgeServer::BridgeServer(asio::io_context& io, BridgeConfig config, PageFiles files, std::optional<std::string> access_key,
                           ServerHooks hooks)
    : shared_(std::make_shared<Shared>(io, std::move(config), std::move(files), std::move(access_key), std::move(hooks))) {}

BridgeServer::~BridgeServer() = default;

tcp::endpoint BridgeServer::listen() {
    tcp::endpoint endpoint(asio::ip::make_address(shared_->config.address), shared_->config.port);
    auto& acceptor = shared_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    auto bound = acceptor.local_endpoint();
    shared_->rules.port = bound.port();
    shared_->content_security_policy = content_security_policy(shared_->config, bound.port());
    accept_next(shared_);
    return bound;
}

void BridgeServer::forward(SharedText text) {
    if (!is_answer_or_event(*text)) return;  // requests are not echoed (page_messages.hpp)
    auto& pages = shared_->pages;
    std::erase_if(pages, [](const std::weak_ptr<PageSession>& page) { return page.expired(); });
    for (auto& weak : std::vector(pages))  // a send may disconnect a page, never add one
        if (auto page = weak.lock()) page->send(text);
}

void BridgeServer::close() {
    shared_->closed = true;
    beast::error_code ignored;
    shared_->acceptor.close(ignored);
    for (auto& weak : shared_->pages)
        if (auto page = weak.lock()) page->shut();
    shared_->pages.clear();
}

}  // namespace browser_bridge
