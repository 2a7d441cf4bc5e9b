#include "sim_wire.hpp"

#include <boost/asio/connect.hpp>

#include <catch2/catch.hpp>

namespace webexcc::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

struct SimWire::Socket {
    explicit Socket(asio::io_context& io, asio::ssl::context& tls) : ws(io, tls) {}
    void read() {
        ws.async_read(buffer, [this](beast::error_code error, std::size_t) {
            if (error) {
                closed = true;
                return;
            }
            received.push_back(json::parse(beast::buffers_to_string(buffer.data()), nullptr, false));
            buffer.consume(buffer.size());
            read();
        });
    }
    beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws;
    beast::flat_buffer buffer;
    std::vector<json> received;
    bool closed = false;
};

SimWire::SimWire(const std::function<void(wxcc_sim::Options&)>& adjust)
    : certificate_(make_certificate("IP:127.0.0.1")) {
    auto options = tls_simulator(*certificate_);
    if (adjust) adjust(options);
    sim_ = started_simulator(options);
    tls_.load_verify_file(certificate_->certificate.path().string());
    tls_.set_verify_mode(asio::ssl::verify_peer);
    auto url = sim_->url();  // https://127.0.0.1:PORT
    auto colon = url.rfind(':');
    host_ = url.substr(8, colon - 8);
    port_ = url.substr(colon + 1);
}

SimWire::~SimWire() {
    for (auto& socket : sockets_) beast::get_lowest_layer(socket->ws).close();
    io_.run_for(std::chrono::milliseconds(50));  // let the cancelled reads finish before the sockets go
}

WireAnswer SimWire::request(http::verb method, const std::string& target, const std::string& body,
                            const std::map<std::string, std::string>& headers, const std::string& token) {
    asio::io_context io;
    beast::ssl_stream<beast::tcp_stream> stream(io, tls_);
    asio::ip::tcp::resolver resolver(io);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host_, port_));
    stream.handshake(asio::ssl::stream_base::client);
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, host_);
    request.set(http::field::authorization, "Bearer " + (token.empty() ? std::string("wxcc-sim-token") : token));
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    WireAnswer answer{static_cast<int>(response.result_int()), json::parse(response.body(), nullptr, false), {}};
    for (const auto& field : response) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        answer.headers[name] = std::string(field.value());
    }
    return answer;
}

std::size_t SimWire::open_socket(const json& subscribe_body) {
    auto subscribed = post("/v1/notification/subscribe", subscribe_body);
    REQUIRE(subscribed.status == 200);
    std::string url = subscribed.body["webSocketUrl"];
    auto socket = std::make_shared<Socket>(io_, tls_);
    asio::ip::tcp::resolver resolver(io_);
    beast::get_lowest_layer(socket->ws).connect(resolver.resolve(host_, port_));
    socket->ws.next_layer().handshake(asio::ssl::stream_base::client);
    socket->ws.handshake(host_, url.substr(url.find('/', 6)));
    socket->read();
    sockets_.push_back(socket);
    REQUIRE(wait_for("Welcome", sockets_.size() - 1));
    return sockets_.size() - 1;
}

std::optional<json> SimWire::wait_for(const std::string& type, std::size_t index) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& frame : sockets_.at(index)->received)
            if (frame.value("type", "") == type ||
                (frame.contains("data") && frame["data"].is_object() && frame["data"].value("type", "") == type))
                return frame;
        if (sockets_.at(index)->closed) return std::nullopt;
        io_.restart();
        io_.run_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

std::vector<json> SimWire::frames(std::size_t index) const { return sockets_.at(index)->received; }

bool SimWire::closed(std::size_t index) const { return sockets_.at(index)->closed; }

void SimWire::pump(std::chrono::milliseconds time) {
    io_.restart();
    io_.run_for(time);
}

}  // namespace webexcc::testing
