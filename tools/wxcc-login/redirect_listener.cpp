#include "redirect_listener.hpp"

#include "sign_in_failure.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace wxcc_login {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string endpoint_text(const tcp::endpoint& endpoint) {
    auto address = endpoint.address().to_string();
    return (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(endpoint.port());
}

}  // namespace

RedirectListener::RedirectListener(asio::io_context& io, const std::vector<std::string>& addresses, std::uint16_t port)
    : io_(io) {
    for (int attempt = 1;; ++attempt) {
        try {
            listen_on(addresses, port);
            return;
        } catch (const Failure&) {
            if (port != 0 || attempt == 5) throw;
            doors_.clear();  // the free port of the first address was taken on another: pick again
        }
    }
}

void RedirectListener::serve(Judge judge, std::function<void()> done) {
    judge_ = std::move(judge);
    done_ = std::move(done);
    for (auto& door : doors_) accept_next(*door);
}

void RedirectListener::listen_on(const std::vector<std::string>& addresses, std::uint16_t port) {
    for (const auto& address : addresses) {
        tcp::endpoint endpoint(asio::ip::make_address(address), port);
        auto door = std::make_unique<Door>(io_);
        beast::error_code error;
        door->acceptor.open(endpoint.protocol(), error);
        if (!error) door->acceptor.set_option(asio::socket_base::reuse_address(true), error);
        if (!error) door->acceptor.bind(endpoint, error);
        if (!error) door->acceptor.listen(asio::socket_base::max_listen_connections, error);
        // An address this machine does not have (no IPv6 loopback, say) nobody else can hold
        // either, and no browser reaches it: skipped. One that is taken is the danger.
        if (error == beast::errc::address_not_available || error == asio::error::address_family_not_supported) continue;
        if (error)
            throw Failure{exit_setup,
                          "cannot listen on " + endpoint_text(endpoint) + " (" + error.message() +
                              "), where the browser may bring the sign-in answer; stop the program that holds "
                              "it, or register and configure another oauth.redirectUri (http://127.0.0.1:<port>/... "
                              "needs that one address only)"};
        if (port == 0) port = door->acceptor.local_endpoint().port();
        doors_.push_back(std::move(door));
    }
    if (doors_.empty()) throw Failure{exit_setup, "this machine has none of the redirect's addresses to listen on"};
}

void RedirectListener::accept_next(Door& door) {
    door.acceptor.async_accept([this, &door](beast::error_code error, tcp::socket socket) {
        if (!door.acceptor.is_open()) return;  // closed: the answer came
        if (error) {
            door.backoff.expires_after(accept_backoff);
            door.backoff.async_wait([this, &door](beast::error_code cancelled) {
                if (!cancelled) accept_next(door);
            });
            return;
        }
        read_request(std::make_shared<beast::tcp_stream>(std::move(socket)));
        accept_next(door);  // a slow or silent client never holds up the next one
    });
}

void RedirectListener::read_request(std::shared_ptr<beast::tcp_stream> stream) {
    auto buffer = std::make_shared<beast::flat_buffer>();
    auto request = std::make_shared<http::request<http::empty_body>>();
    stream->expires_after(std::chrono::seconds(10));
    http::async_read(*stream, *buffer, *request, [this, stream, buffer, request](beast::error_code error, std::size_t) {
        if (!error) respond(stream, judge_(std::string(request->target())));
    });
}

void RedirectListener::respond(const std::shared_ptr<beast::tcp_stream>& stream, const Reply& reply) {
    auto response = std::make_shared<http::response<http::string_body>>(reply.status, 11);
    response->set(http::field::content_type, "text/html; charset=utf-8");
    response->set(http::field::cache_control, "no-store");
    response->keep_alive(false);
    if (!reply.page.empty()) response->body() = "<!doctype html><title>Webex sign-in</title><p>" + reply.page + "</p>";
    response->prepare_payload();
    http::async_write(*stream, *response,
                      [this, stream, response, final = reply.final](beast::error_code, std::size_t) {
                          beast::error_code ignored;
                          stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
                          if (final) stop();
                      });
}

void RedirectListener::stop() {
    for (auto& door : doors_) {
        beast::error_code ignored;
        door->acceptor.close(ignored);
        door->backoff.cancel();
    }
    done_();
}

}  // namespace wxcc_login
