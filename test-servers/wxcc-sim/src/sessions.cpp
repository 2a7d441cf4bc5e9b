// One object per connection: an HTTP session (TLS handshake, requests, WebSocket upgrade) and the
// notification WebSocket session. Each lives as long as its pending operations.

#include "sim_server.hpp"

namespace wxcc_sim {

namespace {

// The notification socket of one client. One object per connection; frames are written one at a time.
template <class Stream>
class WebSocketSession : public SocketSession, public std::enable_shared_from_this<WebSocketSession<Stream>> {
public:
    WebSocketSession(Stream&& stream, Simulator::Impl& sim) : ws_(std::move(stream)), sim_(sim) {}

    void accept(Request request) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.async_accept(request, beast::bind_front_handler(&WebSocketSession::on_accept, this->shared_from_this()));
    }

    void send(std::string text) override {
        outbox_.push_back(std::move(text));
        if (outbox_.size() == 1) write_next();
    }

    void drop() override {
        dropped_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    void send_then_close(std::string text) override {
        closing_ = true;
        send(std::move(text));
    }

private:
    void on_accept(beast::error_code error) {
        if (error) return;
        sim_.on_socket_open(this->shared_from_this());
        read();
    }

    void read() {
        // Client frames are keepalives; reading them keeps the connection's liveness.
        ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
            if (error) return;
            self->buffer_.consume(self->buffer_.size());
            self->read();
        });
    }

    void write_next() {
        if (dropped_) return outbox_.clear();
        ws_.text(true);
        ws_.async_write(asio::buffer(outbox_.front()),
                        [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                            if (error) return self->outbox_.clear();
                            self->outbox_.pop_front();
                            if (!self->outbox_.empty()) return self->write_next();
                            if (self->closing_) self->close();
                        });
    }

    void close() {
        dropped_ = true;  // nothing more is written
        ws_.async_close(websocket::close_code::normal, [self = this->shared_from_this()](beast::error_code) {});
    }

    websocket::stream<Stream> ws_;
    Simulator::Impl& sim_;
    beast::flat_buffer buffer_;
    std::deque<std::string> outbox_;
    bool dropped_ = false;
    bool closing_ = false;  // close once the outbox is written
};

// One HTTP connection: (TLS handshake,) then requests until close or a WebSocket upgrade.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    HttpSession(Stream&& stream, Simulator::Impl& sim) : stream_(std::move(stream)), sim_(sim) {}

    void run() {
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
            stream_.async_handshake(asio::ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code error) {
                                        if (!error) self->read();
                                    });
        } else {
            read();
        }
    }

private:
    void read() {
        request_ = {};
        beast::get_lowest_layer(stream_).expires_after(sim_.idle_timeout);  // an idle connection is closed
        http::async_read(stream_, buffer_, request_,
                         beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code error, std::size_t) {
        if (error) return;
        if (websocket::is_upgrade(request_)) return upgrade();
        response_ = sim_.handle(request_);
        auto delay = request_.target() == "/v1/access_token" ? sim_.oauth.delay : std::chrono::milliseconds(0);
        if (delay.count() == 0) return write_response();
        delay_.emplace(beast::get_lowest_layer(stream_).get_executor(), delay);  // a slow token endpoint
        delay_->async_wait([self = this->shared_from_this()](beast::error_code error) {
            if (!error) self->write_response();
        });
    }

    void write_response() {
        http::async_write(stream_, response_,
                          beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this()));
    }

    void upgrade() {
        std::string target(request_.target());
        const std::string prefix = "/v1/notification/subscription/";
        bool known = target.rfind(prefix, 0) == 0 && sim_.subscriptions.count(target.substr(prefix.size()));
        if (!known || sim_.websocket_rejections > 0) {
            if (known) --sim_.websocket_rejections;
            response_ = sim_.error(request_, known ? http::status::service_unavailable : http::status::not_found,
                                   known ? "UNAVAILABLE" : "NOT_FOUND",
                                   known ? "injected rejection" : "unknown subscription", 0);
            response_.keep_alive(false);
            http::async_write(stream_, response_,
                              beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this()));
            return;
        }
        beast::get_lowest_layer(stream_).expires_never();
        std::make_shared<WebSocketSession<Stream>>(std::move(stream_), sim_)->accept(std::move(request_));
    }

    void on_write(beast::error_code error, std::size_t) {
        if (error) return;
        if (!response_.keep_alive()) {
            beast::error_code ignored;
            beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        read();
    }

    Stream stream_;
    Simulator::Impl& sim_;
    beast::flat_buffer buffer_;
    Request request_;
    Response response_;
    std::optional<asio::steady_timer> delay_;
};

}  // namespace

std::string Simulator::Impl::host_port() const {
    auto endpoint = acceptor.local_endpoint();
    auto address = endpoint.address().to_string();
    if (endpoint.address().is_v6()) address = "[" + address + "]";
    return address + ":" + std::to_string(endpoint.port());
}

void Simulator::Impl::accept() {
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
        if (!acceptor.is_open()) return;  // closed: stopping
        if (error) {                      // out of descriptors, say: try again shortly, neither stopping nor spinning
            accept_retry.expires_after(std::chrono::milliseconds(100));
            accept_retry.async_wait([this](beast::error_code cancelled) {
                if (!cancelled) accept();
            });
            return;
        }
        ++connections_accepted;
        beast::tcp_stream stream(std::move(socket));
        if (tls)
            std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
                beast::ssl_stream<beast::tcp_stream>(std::move(stream), *tls), *this)
                ->run();
        else std::make_shared<HttpSession<beast::tcp_stream>>(std::move(stream), *this)->run();
        accept();
    });
}

}  // namespace wxcc_sim
