#include "bridge_server.hpp"

#include "accept_backoff.hpp"
#include "origin.hpp"
#include "page_messages.hpp"
#include "page_session.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace browser_bridge {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

using Shared = BridgeServer::Shared;

namespace {

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

// One HTTP connection that is not (yet) a page: serves page files, or hands an admitted upgrade
// on /bus to a PageSession. While it is one, it is on Shared::pending, which is bounded by
// maxPendingConnections: a newcomer to a full list closes the oldest. A browser's request arrives
// within milliseconds of its connection, so the connections that go are those that hold a place
// without finishing a request (a slowloris), never pages, which are counted apart.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket socket, std::shared_ptr<Shared> shared)
        : stream_(std::move(socket)), shared_(std::move(shared)) {}
    ~HttpSession() { leave_pending(); }

    void start() {
        join_pending();
        read_next();
    }

    // Closed for a newcomer (see above); its pending handler ends it.
    void evict() {
        leave_pending();
        beast::error_code ignored;
        stream_.socket().close(ignored);
    }

private:
    void join_pending() {
        auto& pending = shared_->pending;
        while (pending.size() >= shared_->config.max_pending_connections) {
            auto oldest = pending.front().lock();
            if (!oldest) {  // cannot happen on one thread: an entry leaves the list as its object dies
                pending.pop_front();
                continue;
            }
            shared_->hooks.log(debug, "closed the oldest of " + std::to_string(pending.size()) +
                                          " connections without a finished request (maxPendingConnections)");
            oldest->evict();
        }
        place_ = pending.insert(pending.end(), weak_from_this());
        listed_ = true;
    }

    void leave_pending() {
        if (listed_) shared_->pending.erase(place_);
        listed_ = false;
    }

    void read_next() {
        parser_.emplace();
        parser_->header_limit(8 * 1024);
        parser_->body_limit(4 * 1024);
        stream_.expires_after(shared_->config.request_timeout);  // the request and its answer
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
    }

    void on_read(beast::error_code error) {
        if (error) return;  // closed, timed out, evicted, or not HTTP: nothing to answer
        auto request = parser_->release();
        if (websocket::is_upgrade(request)) return upgrade(std::move(request));
        serve(request);
    }

    void upgrade(http::request<http::string_body> request) {
        auto origin = optional_header(request, http::field::origin);
        if (request.target() != "/bus")
            return respond(plain_response(404, "no WebSocket here; the bus is at /bus", request.version()), false);
        auto admission = admit_page(optional_header(request, http::field::host).value_or(""), origin,
                                    optional_header(request, http::field::authorization), shared_->rules);
        if (!admission) {
            shared_->hooks.log(info, "refused a page (" + std::to_string(admission.status) + "): " + admission.reason);
            return respond(plain_response(admission.status, admission.reason, request.version()), false);
        }
        if (shared_->open_pages >= shared_->config.max_connections) {
            shared_->hooks.log(warning, "refused a page: maxConnections (" +
                                            std::to_string(shared_->config.max_connections) + ") pages are open");
            return respond(plain_response(503, "too many pages are open (maxConnections)", request.version()), false);
        }
        leave_pending();
        auto page =
            std::make_shared<PageSession>(std::move(stream_), PageSlot(shared_), budget_owner(origin, shared_->rules));
        page->accept(std::move(request));
    }

    void serve(const http::request<http::string_body>& request) {
        auto version = request.version();
        if (request.method() != http::verb::get && request.method() != http::verb::head)
            return respond(plain_response(405, "only GET and HEAD", version), false);
        if (!names_this_bridge(optional_header(request, http::field::host).value_or(""), shared_->rules.port))
            return respond(plain_response(403, "the Host header does not name this bridge on loopback", version),
                           false);
        const PageFile* file = shared_->files.find(request.target());
        if (file == nullptr) return respond(plain_response(404, "not found", version), request.keep_alive());
        http::response<http::string_body> response{http::status::ok, version};
        response.set(http::field::server, server_name);
        response.set(http::field::content_type, file->content_type);
        response.set(http::field::cache_control, "no-store");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Referrer-Policy", "no-referrer");
        response.set("Content-Security-Policy", shared_->content_security_policy);
        // A CRM page of an allowed origin may import workspace-bridge.js from here.
        if (auto origin = optional_header(request, http::field::origin);
            origin && origin_allowed(*origin, shared_->rules)) {
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
        http::async_write(stream_, response_,
                          [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                              if (!error && keep_alive && self->listed_) {
                                  self->leave_pending();  // waiting for its next request: the newest again
                                  self->join_pending();
                                  return self->read_next();
                              }
                              beast::error_code ignored;
                              self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    std::shared_ptr<Shared> shared_;
    std::list<std::weak_ptr<HttpSession>>::iterator place_;  // in shared_->pending, while listed_
    bool listed_ = false;
};

namespace {

void accept_next(const std::shared_ptr<Shared>& shared);

// accept() failed (out of descriptors, most likely): try again later, not at once, which would
// spin a core for as long as the error lasts (accept_backoff.hpp).
void accept_later(const std::shared_ptr<Shared>& shared, const beast::error_code& error) {
    if (shared->accept_delay == std::chrono::milliseconds::zero())
        shared->hooks.log(warning, "cannot accept connections (" + error.message() + "); trying again every " +
                                       std::to_string(first_accept_delay.count()) + " ms, backing off to " +
                                       std::to_string(max_accept_delay.count()) + " ms");
    shared->accept_delay = next_accept_delay(shared->accept_delay);
    shared->accept_retry.expires_after(shared->accept_delay);
    shared->accept_retry.async_wait([shared](beast::error_code waited) {
        if (!waited && !shared->closed) accept_next(shared);
    });
}

void accept_next(const std::shared_ptr<Shared>& shared) {
    shared->acceptor.async_accept([shared](beast::error_code error, tcp::socket socket) {
        if (shared->closed) return;
        if (error) return accept_later(shared, error);
        if (shared->accept_delay != std::chrono::milliseconds::zero()) {
            shared->hooks.log(info, "accepting connections again");
            shared->accept_delay = std::chrono::milliseconds::zero();
        }
        std::make_shared<HttpSession>(std::move(socket), shared)->start();
        accept_next(shared);
    });
}

std::string content_security_policy(const BridgeConfig& config, std::uint16_t port) {
    auto p = std::to_string(port);
    std::string ancestors = "'self'";
    for (const auto& origin : config.allowed_origins) ancestors += " " + origin;
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
           "ws://127.0.0.1:" +
           p + " ws://localhost:" + p + "; base-uri 'none'; form-action 'none'; frame-ancestors " + ancestors;
}

}  // namespace

BridgeServer::BridgeServer(asio::io_context& io, BridgeConfig config, PageFiles files,
                           std::optional<std::string> access_key, ServerHooks hooks)
    : shared_(
          std::make_shared<Shared>(io, std::move(config), std::move(files), std::move(access_key), std::move(hooks))) {}

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
    // Pages are sent answers and events only (the plugin subscribes to nothing else); requests are
    // never echoed back, not even to the page that sent them.
    if (!workspace::message::is_answer(*text)) return;
    auto& pages = shared_->pages;
    std::erase_if(pages, [](const std::weak_ptr<PageSession>& page) { return page.expired(); });
    for (auto& weak : std::vector(pages))  // a send may disconnect a page, never add one
        if (auto page = weak.lock()) page->send(text);
}

void BridgeServer::close() {
    shared_->closed = true;
    beast::error_code ignored;
    shared_->acceptor.close(ignored);
    shared_->accept_retry.cancel();
    for (auto& weak : shared_->pages)
        if (auto page = weak.lock()) page->shut();
    shared_->pages.clear();
    for (auto& weak : std::list(shared_->pending))
        if (auto connection = weak.lock()) connection->evict();
}

}  // namespace browser_bridge
