#pragma once
// One HTTP request on one connection of its own: connect (unless given a connection opened ahead),
// write, read. Used by the REST client and by the token refresh. Lifetime: kept alive by its own
// pending handlers (see rest_client.hpp).

#include "connector.hpp"

#include <boost/beast/http.hpp>

namespace webexcc::client::detail {

namespace http = boost::beast::http;

// How an exchange ended: the response, or the error and the stage it stopped at.
struct HttpOutcome {
    beast::error_code error;
    Stage stage = Stage::resolve;
    http::response<http::string_body> response;
};

// One request on one connection of its own: connect (unless given the spare), write, read. One
// object per connection.
class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
public:
    using Handler = std::function<void(HttpOutcome)>;

    struct Timeouts {
        std::chrono::milliseconds connect, handshake, request;
    };

    HttpExchange(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Url url,
                 http::request<http::string_body> request, Timeouts timeouts, Handler handler,
                 std::optional<AnyStream> connected = std::nullopt)
        : executor_(executor),
          tls_(std::move(tls)),
          url_(std::move(url)),
          request_(std::move(request)),
          timeouts_(timeouts),
          handler_(std::move(handler)),
          stream_(std::move(connected)) {}

    void run() {
        if (stream_) return write();  // the spare: connected already
        auto connector =
            std::make_shared<Connector>(executor_, tls_, url_, timeouts_.connect, timeouts_.handshake,
                                        beast::bind_front_handler(&HttpExchange::on_connected, shared_from_this()));
        connector_ = connector;  // kept alive by its pending operation, not by us: no cycle
        connector->run();
    }

    void cancel() {
        if (auto connector = connector_.lock()) connector->cancel();
        if (stream_) lowest_layer(*stream_).cancel();
    }

private:
    void on_connected(beast::error_code error, Stage stage, std::optional<AnyStream> stream) {
        connector_.reset();
        if (error) return finish(error, stage);
        stream_.emplace(std::move(*stream));
        write();
    }

    void write() {
        lowest_layer(*stream_).expires_after(timeouts_.request);
        std::visit(
            [&](auto& s) {
                http::async_write(s, request_, beast::bind_front_handler(&HttpExchange::on_write, shared_from_this()));
            },
            *stream_);
    }

    void on_write(beast::error_code error, std::size_t) {
        if (error) return finish(error, Stage::write);
        std::visit(
            [&](auto& s) {
                http::async_read(s, buffer_, response_,
                                 beast::bind_front_handler(&HttpExchange::on_read, shared_from_this()));
            },
            *stream_);
    }

    void on_read(beast::error_code error, std::size_t) {
        finish(error, error ? Stage::read : Stage::done);
        if (!error) {
            beast::error_code ignored;
            lowest_layer(*stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        }
    }

    void finish(beast::error_code error, Stage stage) {
        if (auto handler = std::exchange(handler_, nullptr)) handler({error, stage, std::move(response_)});
    }

    asio::any_io_executor executor_;
    std::shared_ptr<asio::ssl::context> tls_;
    Url url_;
    http::request<http::string_body> request_;
    Timeouts timeouts_;
    Handler handler_;
    std::weak_ptr<Connector> connector_;
    std::optional<AnyStream> stream_;
    beast::flat_buffer buffer_;
    http::response<http::string_body> response_;
};

}  // namespace webexcc::client::detail
