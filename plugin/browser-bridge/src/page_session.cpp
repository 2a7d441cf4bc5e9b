#include "page_session.hpp"

namespace browser_bridge {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

PageSession::PageSession(beast::tcp_stream stream, PageSlot slot, const std::string& peer)
    : ws_(std::move(stream)),
      slot_(std::move(slot)),
      shared_(slot_.shared()),
      queue_(shared_.config.send_queue_bytes),
      limiter_(shared_.budget_of(peer)),
      origin_(peer.empty() ? "no Origin (access key)" : peer) {}

void PageSession::accept(http::request<http::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();  // the WebSocket's own timeouts from here
    websocket::stream_base::timeout timeouts{shared_.config.request_timeout, page_idle_timeout, true};
    ws_.set_option(timeouts);
    ws_.read_message_max(shared_.config.max_message_bytes);  // over it: closed with 1009
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, server_name); }));
    // Listed now, so no bus message published once the page is admitted passes it by; what
    // comes during the handshake waits in its queue until the handshake is done.
    shared_.pages.push_back(weak_from_this());
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code error) { self->on_accept(error); });
}

void PageSession::send(SharedText text) {
    if (closed_) return;
    if (!queue_.push(std::move(text))) {
        log(warning, "disconnected: more than " + std::to_string(shared_.config.send_queue_bytes) +
                         " bytes behind (sendQueueBytes)");
        shut();
        return;
    }
    if (accepted_ && !writing_) write_next();
}

void PageSession::shut() {
    closed_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

void PageSession::on_accept(beast::error_code error) {
    if (error) {
        closed_ = true;
        return log(debug, "handshake failed: " + error.message());
    }
    accepted_ = true;
    log(info, "connected");
    if (!queue_.empty()) write_next();
    read_next();
}

void PageSession::read_next() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
}

void PageSession::on_read(beast::error_code error) {
    if (error) {
        closed_ = true;
        if (error == websocket::error::message_too_big)
            log(warning, "closed with 1009: a message over " + std::to_string(shared_.config.max_message_bytes) +
                             " bytes (maxMessageBytes)");
        else log(info, "disconnected (" + error.message() + ")");
        return;
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    handle(text, ws_.got_text());
    read_next();
}

void PageSession::handle(const std::string& text, bool is_text) {
    switch (limiter_.take(RateLimiter::Clock::now())) {
        case RateLimiter::Verdict::refuse_quietly: return;
        case RateLimiter::Verdict::refuse_and_tell:
            log(warning, "rate limited (messagesPerSecond / burst, counted across the origin's connections)");
            return refuse({refusal::rate_limited,
                           "more messages than the bridge takes from this origin (messagesPerSecond, "
                           "burst); this one and those until the rate falls were dropped",
                           ""});
        case RateLimiter::Verdict::accept: break;
    }
    if (!is_text) return refuse({refusal::bad_json, "send each message as a text frame of JSON", ""});
    auto read = read_page_message(text, shared_.config.publish);
    if (auto* refused = std::get_if<Refusal>(&read)) return refuse(*refused);
    if (!shared_.hooks.publish(std::get<RoutingKey>(read), text))
        refuse({refusal::bus_refused, "the host did not take the message (see its log)", ""});
}

void PageSession::refuse(const Refusal& refused) {
    log(debug, std::string("refused a message: ") + refused.code);
    send(std::make_shared<const std::string>(bridge_error_text(refused)));
}

void PageSession::write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_write(error); });
}

void PageSession::on_write(beast::error_code error) {
    writing_ = false;
    if (error) {
        closed_ = true;
        return;
    }
    queue_.pop();
    if (!queue_.empty() && !closed_) write_next();
}

void PageSession::log(int level, const std::string& text) { shared_.hooks.log(level, "page " + origin_ + ": " + text); }

}  // namespace browser_bridge
