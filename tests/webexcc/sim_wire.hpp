#pragma once
// The simulator seen from the wire, as the official SDK sees it: HTTPS requests with any headers
// and the notification WebSocket's frames, read without the project's client (so the simulator is
// checked on its own).

#include "client_fixture.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace webexcc::testing {

struct WireAnswer {
    int status = 0;
    nlohmann::json body;
    std::map<std::string, std::string> headers;  // names lower-cased
};

// A TLS simulator (fast timings, `options` adjusted by the caller) and raw HTTPS / WSS access to it.
class SimWire {
public:
    explicit SimWire(const std::function<void(wxcc_sim::Options&)>& adjust = {});
    ~SimWire();

    // One request on its own connection; `headers` are added as given.
    WireAnswer request(boost::beast::http::verb method, const std::string& target, const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {}, const std::string& token = "");
    WireAnswer get(const std::string& target) { return request(boost::beast::http::verb::get, target); }
    WireAnswer post(const std::string& target, const nlohmann::json& body = nlohmann::json::object(),
                    const std::map<std::string, std::string>& headers = {}) {
        auto all = headers;
        all.emplace("content-type", "application/json");
        return request(boost::beast::http::verb::post, target, body.dump(), all);
    }

    // Subscribes (with `subscribe_body`) and opens the notification socket; returns its index.
    std::size_t open_socket(const nlohmann::json& subscribe_body = nlohmann::json::object());
    // Waits (up to 5 s) for a frame on socket `index` whose type or data.type is `type`.
    std::optional<nlohmann::json> wait_for(const std::string& type, std::size_t index = 0);
    std::vector<nlohmann::json> frames(std::size_t index = 0) const;
    bool closed(std::size_t index) const;
    // Runs the sockets' reads for `time`.
    void pump(std::chrono::milliseconds time);

    wxcc_sim::Simulator& sim() { return *sim_; }
    std::string org_id() { return sim_->control({{"status", true}})["orgId"]; }

private:
    struct Socket;
    std::unique_ptr<Certificate> certificate_;
    std::unique_ptr<wxcc_sim::Simulator> sim_;
    std::string host_, port_;
    boost::asio::io_context io_;
    boost::asio::ssl::context tls_{boost::asio::ssl::context::tls_client};
    std::vector<std::shared_ptr<Socket>> sockets_;
};

}  // namespace webexcc::testing
