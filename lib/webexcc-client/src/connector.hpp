#pragma once
// Opens one connection to a URL: resolve, TCP connect, and for https/wss the TLS handshake with
// peer and host-name verification. Shared by the REST exchanges and the notification socket.

#include "webexcc/client/url.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace webexcc::client::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using AnyStream = std::variant<PlainStream, TlsStream>;

inline beast::tcp_stream& lowest_layer(AnyStream& stream) {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); }, stream);
}

// How far an attempt got: failures before `sent` never reached the server.
enum class Stage { resolve, connect, tls_handshake, ws_handshake, write, read, done };

inline bool reached_server(Stage stage) { return stage >= Stage::write; }

class Connector : public std::enable_shared_from_this<Connector> {
public:
    using Handler = std::function<void(beast::error_code, Stage, std::optional<AnyStream>)>;

    Connector(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Url url,
              std::chrono::milliseconds connect_timeout, std::chrono::milliseconds handshake_timeout, Handler handler);
    void run();
    void cancel();

private:
    void on_resolve(beast::error_code error, asio::ip::tcp::resolver::results_type endpoints);
    void on_connect(beast::error_code error);
    void on_handshake(beast::error_code error);
    void finish(beast::error_code error, Stage stage);

    asio::ip::tcp::resolver resolver_;
    std::shared_ptr<asio::ssl::context> tls_;
    Url url_;
    std::chrono::milliseconds connect_timeout_;
    std::chrono::milliseconds handshake_timeout_;
    Handler handler_;
    std::optional<AnyStream> stream_;
};

}  // namespace webexcc::client::detail
