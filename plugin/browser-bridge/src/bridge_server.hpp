#pragma once
// The bridge's one loopback endpoint, over Boost.Beast: the page files over HTTP, and pages' bus
// traffic over a WebSocket at /bus.
//
// Lifetime rule (one for every object here): each connection is one object owned by the handlers
// in flight on it (shared_from_this); what they share with the server (configuration, hooks, the
// list of pages) is a `Shared` they hold by shared_ptr, so nothing they touch dies before them.
// Everything runs on one io_context thread, [io], so nothing here takes a lock.

#include "admission.hpp"
#include "bridge_config.hpp"
#include "page_files.hpp"
#include "send_queue.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace browser_bridge {

struct ServerHooks {
    // Publishes a page's message on the bus; false when the host refuses it. [io]
    std::function<bool(const RoutingKey& key, std::string_view text)> publish;
    // info/warning/debug lines about connections; never a message's text or a key. [io]
    std::function<void(int level, const std::string& text)> log;
};

class BridgeServer {
public:
    BridgeServer(boost::asio::io_context& io, BridgeConfig config, PageFiles files,
                 std::optional<std::string> access_key, ServerHooks hooks);
    ~BridgeServer();

    // Binds config.address:config.port and starts accepting; returns the bound endpoint. Throws
    // boost::system::system_error when it cannot bind. [main, before the io thread runs]
    boost::asio::ip::tcp::endpoint listen();

    // Sends `text`, when it is an answer or an event, to every open page; a page too far behind is
    // disconnected. [io]
    void forward(SharedText text);

    // Stops accepting and closes every connection. [io]
    void close();

    struct Shared;

private:
    std::shared_ptr<Shared> shared_;
};

}  // namespace browser_bridge
