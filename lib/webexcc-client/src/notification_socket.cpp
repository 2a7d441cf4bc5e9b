#include "notification_socket.hpp"

#include "workspace/json/json_scan.hpp"

namespace webexcc::client::detail {

namespace websocket = beast::websocket;

namespace {
constexpr const char* keepalive_frame = R"({"keepalive":"true"})";
}  // namespace

NotificationSocket::NotificationSocket(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Url url,
                                       ClientConfig config, Events events)
    : executor_(executor),
      tls_(std::move(tls)),
      url_(std::move(url)),
      config_(std::move(config)),
      events_(std::move(events)),
      welcome_timer_(executor),
      keepalive_timer_(executor),
      liveness_timer_(executor) {}

void NotificationSocket::run() {
    auto connector = std::make_shared<Connector>(
        executor_, tls_, url_, config_.connect_timeout, config_.handshake_timeout,
        [self = shared_from_this()](beast::error_code error, Stage, std::optional<AnyStream> stream) {
            self->on_connected(error, std::move(stream));
        });
    connector_ = connector;  // kept alive by its pending operation, not by us: no cycle
    connector->run();
}

void NotificationSocket::welcomed() { welcome_timer_.cancel(); }

void NotificationSocket::close() {
    closed_ = true;
    if (auto connector = connector_.lock()) connector->cancel();
    welcome_timer_.cancel();
    keepalive_timer_.cancel();
    liveness_timer_.cancel();
    visit_ws([](auto& ws) {
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().close(ignored);
    });
}

void NotificationSocket::on_connected(beast::error_code error, std::optional<AnyStream> stream) {
    connector_.reset();
    if (closed_) return;
    if (error) return lost("cannot connect the notification socket: " + error.message());
    std::visit(
        [&](auto& s) {
            using S = std::decay_t<decltype(s)>;
            ws_.template emplace<websocket::stream<S>>(std::move(s));
        },
        *stream);
    visit_ws([&](auto& ws) {
        websocket::stream_base::timeout timeouts{config_.handshake_timeout, websocket::stream_base::none(), false};
        ws.set_option(timeouts);
        // A frame larger than json_scan accepts is refused by the socket before it is buffered.
        ws.read_message_max(workspace::json_scan::Limits{}.max_bytes);
        ws.async_handshake(url_.host_header(), url_.target,
                           beast::bind_front_handler(&NotificationSocket::on_handshake, shared_from_this()));
    });
}

void NotificationSocket::on_handshake(beast::error_code error) {
    if (closed_) return;
    if (error) return lost("WebSocket handshake failed: " + error.message());
    visit_ws([](auto& ws) { ws.text(true); });
    arm(welcome_timer_, config_.welcome_timeout,
        "no Welcome within " + std::to_string(config_.welcome_timeout.count()) + " ms");
    arm(liveness_timer_, config_.liveness_timeout, "");
    send_keepalive();
    read();
}

void NotificationSocket::read() {
    visit_ws([&](auto& ws) {
        ws.async_read(buffer_, beast::bind_front_handler(&NotificationSocket::on_read, shared_from_this()));
    });
}

void NotificationSocket::on_read(beast::error_code error, std::size_t) {
    if (closed_) return;
    if (error) return lost("notification socket closed: " + error.message());
    arm(liveness_timer_, config_.liveness_timeout, "");
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    events_.on_text(std::move(text));
    if (!closed_) read();
}

void NotificationSocket::send_keepalive() {
    if (!writing_) {
        writing_ = true;
        visit_ws([&](auto& ws) {
            ws.async_write(
                asio::buffer(std::string_view(keepalive_frame)),
                [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_keepalive_sent(error); });
        });
    }
    keepalive_timer_.expires_after(config_.keepalive_interval);
    keepalive_timer_.async_wait([self = shared_from_this()](beast::error_code error) {
        if (!error && !self->closed_) self->send_keepalive();
    });
}

void NotificationSocket::on_keepalive_sent(beast::error_code error) {
    writing_ = false;
    if (error && !closed_) lost("keepalive not sent: " + error.message());
}

void NotificationSocket::arm(asio::steady_timer& timer, std::chrono::milliseconds after, std::string why) {
    timer.expires_after(after);
    timer.async_wait([self = shared_from_this(), why = std::move(why), after](beast::error_code error) {
        if (error || self->closed_) return;
        self->lost(why.empty() ? "no frame for " + std::to_string(after.count()) + " ms" : why);
    });
}

void NotificationSocket::lost(const std::string& why) {
    if (closed_) return;
    close();
    events_.on_lost(why);
}

}  // namespace webexcc::client::detail
