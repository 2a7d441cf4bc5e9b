#include "connector.hpp"

#include <openssl/ssl.h>

namespace webexcc::client::detail {

Connector::Connector(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Url url,
                     std::chrono::milliseconds connect_timeout, std::chrono::milliseconds handshake_timeout,
                     Handler handler)
    : resolver_(executor),
      tls_(std::move(tls)),
      url_(std::move(url)),
      connect_timeout_(connect_timeout),
      handshake_timeout_(handshake_timeout),
      handler_(std::move(handler)) {
    if (url_.secure()) stream_.emplace(std::in_place_type<TlsStream>, executor, *tls_);
    else stream_.emplace(std::in_place_type<PlainStream>, executor);
}

void Connector::run() {
    // A literal address needs no resolver (whose thread hop costs more than the connect itself).
    beast::error_code not_numeric;
    auto address = asio::ip::make_address(url_.host, not_numeric);
    if (!not_numeric) {
        auto& socket = lowest_layer(*stream_);
        socket.expires_after(connect_timeout_);
        asio::ip::tcp::endpoint endpoint(address, static_cast<unsigned short>(std::stoul(url_.port)));
        return socket.async_connect(endpoint, beast::bind_front_handler(&Connector::on_connect, shared_from_this()));
    }
    resolver_.async_resolve(url_.host, url_.port,
                            beast::bind_front_handler(&Connector::on_resolve, shared_from_this()));
}

void Connector::cancel() {
    resolver_.cancel();
    if (stream_) lowest_layer(*stream_).cancel();
}

void Connector::on_resolve(beast::error_code error, asio::ip::tcp::resolver::results_type endpoints) {
    if (error) return finish(error, Stage::resolve);
    auto& socket = lowest_layer(*stream_);
    socket.expires_after(connect_timeout_);
    socket.async_connect(endpoints,
                         [self = shared_from_this()](beast::error_code e, const auto&) { self->on_connect(e); });
}

void Connector::on_connect(beast::error_code error) {
    if (error) return finish(error, Stage::connect);
    auto* tls = std::get_if<TlsStream>(&*stream_);
    if (tls == nullptr) return finish({}, Stage::done);

    // SNI, and verification that the certificate names the host we asked for.
    if (!SSL_set_tlsext_host_name(tls->native_handle(), url_.host.c_str()))
        return finish(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()),
                      Stage::tls_handshake);
    tls->set_verify_mode(asio::ssl::verify_peer);
    tls->set_verify_callback(asio::ssl::host_name_verification(url_.host));
    beast::get_lowest_layer(*tls).expires_after(handshake_timeout_);
    tls->async_handshake(asio::ssl::stream_base::client,
                         beast::bind_front_handler(&Connector::on_handshake, shared_from_this()));
}

void Connector::on_handshake(beast::error_code error) { finish(error, error ? Stage::tls_handshake : Stage::done); }

void Connector::finish(beast::error_code error, Stage stage) {
    auto handler = std::move(handler_);
    if (!handler) return;
    if (error) return handler(error, stage, std::nullopt);
    lowest_layer(*stream_).expires_never();
    handler(error, stage, std::move(stream_));
}

}  // namespace webexcc::client::detail
