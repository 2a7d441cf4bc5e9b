#pragma once
// One notification WebSocket connection, the Beast way: connect (TCP, TLS), handshake, then a read
// loop with its timers: a keepalive frame every keepalive_interval, Welcome expected within
// welcome_timeout, and liveness_timeout of silence taken as a lost connection. It reports each
// text frame and, once, that it is lost; it never reconnects (NotificationChannel does).
//
// Kept alive by its own pending operations (see rest_client.hpp): the owner holds a weak_ptr and
// calls close(), after which no event is reported.

#include "connector.hpp"

#include "webexcc/client/client_config.hpp"
#include "webexcc/client/url.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace webexcc::client::detail {

class NotificationSocket : public std::enable_shared_from_this<NotificationSocket> {
public:
    struct Events {
        std::function<void(std::string)> on_text;
        std::function<void(const std::string& why)> on_lost;
    };

    NotificationSocket(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Url url,
                       ClientConfig config, Events events);

    void run();
    void welcomed();  // the Welcome arrived: its timer stops
    void close();     // quietly: no event after it

private:
    using PlainWs = beast::websocket::stream<PlainStream>;
    using TlsWs = beast::websocket::stream<TlsStream>;

    template <class Visitor>
    void visit_ws(Visitor&& visitor) {
        std::visit(
            [&](auto& ws) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(ws)>, std::monostate>) visitor(ws);
            },
            ws_);
    }

    void on_connected(beast::error_code error, std::optional<AnyStream> stream);
    void on_handshake(beast::error_code error);
    void read();
    void on_read(beast::error_code error, std::size_t);
    void send_keepalive();
    void on_keepalive_sent(beast::error_code error);
    // (Re)arms a timer whose expiry means the connection is lost; an empty `why` means silence.
    void arm(asio::steady_timer& timer, std::chrono::milliseconds after, std::string why);
    void lost(const std::string& why);

    asio::any_io_executor executor_;
    std::shared_ptr<asio::ssl::context> tls_;
    Url url_;
    ClientConfig config_;
    Events events_;
    std::weak_ptr<Connector> connector_;
    std::variant<std::monostate, PlainWs, TlsWs> ws_;
    beast::flat_buffer buffer_;
    asio::steady_timer welcome_timer_;
    asio::steady_timer keepalive_timer_;
    asio::steady_timer liveness_timer_;
    bool writing_ = false;
    bool closed_ = false;
};

}  // namespace webexcc::client::detail
