#pragma once
// One page: a WebSocket carrying bus messages both ways, admitted by the HTTP connection it was
// upgraded from (bridge_server.cpp). [io]

#include "page_messages.hpp"
#include "send_queue.hpp"
#include "server_shared.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace browser_bridge {

class PageSession : public std::enable_shared_from_this<PageSession> {
public:
    // `peer`: the page's normalized Origin, "" for a client admitted by the access key.
    PageSession(boost::beast::tcp_stream stream, PageSlot slot, const std::string& peer);

    // Answers the upgrade; the page is listed for bus messages from here on.
    void accept(boost::beast::http::request<boost::beast::http::string_body> request);
    // Queues `text` for the page; a page more than sendQueueBytes behind is disconnected.
    void send(SharedText text);
    void shut();

private:
    void on_accept(boost::beast::error_code error);
    void read_next();
    void on_read(boost::beast::error_code error);
    void handle(const std::string& text, bool is_text);
    void refuse(const Refusal& refused);
    void write_next();
    void on_write(boost::beast::error_code error);
    void log(int level, const std::string& text);

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    PageSlot slot_;
    BridgeServer::Shared& shared_;  // kept alive by slot_
    SendQueue queue_;
    RateLimiter limiter_;
    std::string origin_;     // for the log
    bool accepted_ = false;  // the handshake is done: writes may start
    bool writing_ = false;
    bool closed_ = false;
};

}  // namespace browser_bridge
