#pragma once
// A host with the browser-bridge plugin, and a page client that speaks to it over real loopback
// sockets (Beast), for the bridge's end-to-end tests.

#include "../host/test_plugin_folder.hpp"

#include "workspace/host/plugin_host.hpp"
#include "workspace/message/envelope.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <thread>

namespace bridge_testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;
using namespace std::chrono_literals;
using namespace workspace::host;

inline bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

// A Workspace whose only plugin is the bridge, listening on a free port.
class Bridge {
public:
    explicit Bridge(json config = json::object()) {
        folder_.install("browser-bridge");
        config_ = workspace::testing::host_config("3.21.2410", {"browser-bridge"});
        json plugin_config = {{"port", 0}};
        plugin_config.merge_patch(config);
        config_["plugins"][0]["config"] = plugin_config;
        bus_.subscribe_all(
            [this](const BusMessage& message) {
                std::lock_guard lock(mutex_);
                if (message.publisher == "browser-bridge") published_.push_back(json::parse(message.json));
            },
            "test-observer");
    }
    ~Bridge() {
        if (host_) host_->deactivate_all();
    }

    const workspace::testing::TestFolder& folder() const { return folder_; }

    bool start() {
        host_ = std::make_unique<PluginHost>(load_host_config(folder_.write_config(config_)), bus_,
                                             [this](LogLevel, std::string_view, std::string_view text) {
                                                 std::lock_guard lock(mutex_);
                                                 logs_ += std::string(text) + "\n";
                                             });
        return host_->load_enabled().at(0).active();
    }
    std::uint16_t port() {
        auto status = json::parse(host_->plugin_status("browser-bridge").value());
        std::string url = status["url"];
        return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
    }

    // Publishes as another plugin would.
    void publish(const json& message) {
        auto key = workspace::message::routing_key_of(message).value();
        bus_.publish({key.channel, key.topic, key.subtopic, message.dump(), "test"});
    }
    std::vector<json> published() {
        std::lock_guard lock(mutex_);
        return published_;
    }
    std::string logs() {
        std::lock_guard lock(mutex_);
        return logs_;
    }
    MessageBus& bus() { return bus_; }

private:
    workspace::testing::TestFolder folder_;
    json config_;
    MessageBus bus_{[](LogLevel, std::string_view, std::string_view) {}};
    std::unique_ptr<PluginHost> host_;
    std::mutex mutex_;
    std::vector<json> published_;
    std::string logs_;
};

struct Headers {
    std::optional<std::string> origin;
    std::optional<std::string> authorization;
    std::optional<std::string> host;  // default 127.0.0.1:<port>
};

// One page's WebSocket, driven synchronously from the test thread.
class Page {
public:
    // Connects and upgrades, by default as the bridge's own page (Origin http://127.0.0.1:<port>);
    // status() is 101 when admitted, else the HTTP status of the refusal.
    explicit Page(std::uint16_t port, std::optional<Headers> chosen = {}, int receive_buffer = 0) {
        Headers headers = chosen.value_or(Headers{"http://127.0.0.1:" + std::to_string(port), {}, {}});
        auto& socket = beast::get_lowest_layer(ws_).socket();
        socket.open(tcp::v4());
        if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
        socket.connect({asio::ip::make_address("127.0.0.1"), port});
        ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
            if (headers.origin) request.set(http::field::origin, *headers.origin);
            if (headers.authorization) request.set(http::field::authorization, *headers.authorization);
        }));
        websocket::response_type response;
        beast::error_code error;
        ws_.handshake(response, headers.host.value_or("127.0.0.1:" + std::to_string(port)), "/bus", error);
        status_ = response.result_int();
        open_ = !error;
    }

    int status() const { return status_; }
    bool open() const { return open_; }

    void send(const std::string& text, bool binary = false) {
        ws_.binary(binary);
        beast::error_code ignored;
        ws_.write(asio::buffer(text), ignored);
    }

    // The next message, or nullopt when none comes within `limit` or the connection closed.
    std::optional<std::string> read(std::chrono::milliseconds limit = 5s) {
        if (!open_) return std::nullopt;
        std::optional<std::string> text;
        buffer_.clear();
        bool done = false;
        ws_.async_read(buffer_, [&](beast::error_code error, std::size_t) {
            done = true;
            if (error) {
                open_ = false;
                last_error_ = error;
            } else {
                text = beast::buffers_to_string(buffer_.data());
            }
        });
        io_.restart();
        io_.run_for(limit);
        if (!done) {  // timed out: the stream cannot be read again
            beast::get_lowest_layer(ws_).socket().cancel();
            io_.restart();
            io_.run();
            open_ = false;
        }
        return text;
    }
    // Reads until a message containing `fragment` arrives.
    std::optional<json> read_until(const std::string& fragment, std::chrono::milliseconds limit = 5s) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            auto text = read(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
            if (!text) return std::nullopt;
            if (text->find(fragment) != std::string::npos) return json::parse(*text);
        }
        return std::nullopt;
    }
    beast::error_code last_error() const { return last_error_; }
    websocket::close_reason close_reason() const { return ws_.reason(); }

private:
    asio::io_context io_;
    websocket::stream<beast::tcp_stream> ws_{io_};
    beast::flat_buffer buffer_;
    int status_ = 0;
    bool open_ = false;
    beast::error_code last_error_;
};

// One plain HTTP request; returns the response.
inline http::response<http::string_body> http_get(std::uint16_t port, const std::string& target,
                                                  http::verb method = http::verb::get,
                                                  std::optional<std::string> host = {},
                                                  std::optional<std::string> origin = {}) {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, host.value_or("127.0.0.1:" + std::to_string(port)));
    if (origin) request.set(http::field::origin, *origin);
    request.keep_alive(false);
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::error_code error;
    http::read(socket, buffer, response, error);
    return response;
}

}  // namespace bridge_testing
