#include "webexcc/client/notification_channel.hpp"

#include "connector.hpp"
#include "workspace/json/json_scan.hpp"
#include "workspace/json/strict_json.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>

namespace webexcc::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using detail::AnyStream;

std::string_view to_string(ChannelStatus status) noexcept {
    switch (status) {
        case ChannelStatus::connecting: return "connecting";
        case ChannelStatus::connected: return "connected";
        case ChannelStatus::lost: return "lost";
        case ChannelStatus::stopped: break;
    }
    return "stopped";
}

namespace {
constexpr std::size_t remembered_notifications = 4096;
constexpr const char* keepalive_frame = R"({"keepalive":"true"})";
}  // namespace

// One WebSocket connection: handshake, read loop, keepalive and liveness timers.
class NotificationChannel::Connection : public std::enable_shared_from_this<Connection> {
public:
    struct Events {
        std::function<void(std::string)> on_text;
        std::function<void(const std::string&)> on_lost;
    };

    Connection(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Url url, ClientConfig config,
               Events events)
        : executor_(executor), tls_(std::move(tls)), url_(std::move(url)), config_(std::move(config)), events_(std::move(events)),
          welcome_timer_(executor), keepalive_timer_(executor), liveness_timer_(executor) {}

    void run() {
        auto connector = std::make_shared<detail::Connector>(
            executor_, tls_, url_, config_.connect_timeout, config_.handshake_timeout,
            [self = shared_from_this()](beast::error_code error, detail::Stage, std::optional<AnyStream> stream) {
                self->on_connected(error, std::move(stream));
            });
        connector_ = connector;  // kept alive by its pending operation, not by us: no cycle
        connector->run();
    }

    void welcomed() { welcome_timer_.cancel(); }

    void close() {
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

private:
    using PlainWs = websocket::stream<detail::PlainStream>;
    using TlsWs = websocket::stream<detail::TlsStream>;

    template <class Visitor>
    void visit_ws(Visitor&& visitor) {
        std::visit([&](auto& ws) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(ws)>, std::monostate>) visitor(ws);
        }, ws_);
    }

    void on_connected(beast::error_code error, std::optional<AnyStream> stream) {
        connector_.reset();
        if (closed_) return;
        if (error) return lost("cannot connect the notification socket: " + error.message());
        std::visit([&](auto& s) {
            using S = std::decay_t<decltype(s)>;
            ws_.template emplace<websocket::stream<S>>(std::move(s));
        }, *stream);
        visit_ws([&](auto& ws) {
            websocket::stream_base::timeout timeouts{config_.handshake_timeout, websocket::stream_base::none(), false};
            ws.set_option(timeouts);
            // A frame larger than json_scan accepts is refused by the socket before it is buffered.
            ws.read_message_max(workspace::json_scan::Limits{}.max_bytes);
            ws.async_handshake(url_.host_header(), url_.target,
                               beast::bind_front_handler(&Connection::on_handshake, shared_from_this()));
        });
    }

    void on_handshake(beast::error_code error) {
        if (closed_) return;
        if (error) return lost("WebSocket handshake failed: " + error.message());
        visit_ws([](auto& ws) { ws.text(true); });
        arm(welcome_timer_, config_.welcome_timeout, "no Welcome within " + std::to_string(config_.welcome_timeout.count()) + " ms");
        arm(liveness_timer_, config_.liveness_timeout, "");
        send_keepalive();
        read();
    }

    void read() {
        visit_ws([&](auto& ws) {
            ws.async_read(buffer_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
        });
    }

    void on_read(beast::error_code error, std::size_t) {
        if (closed_) return;
        if (error) return lost("notification socket closed: " + error.message());
        arm(liveness_timer_, config_.liveness_timeout, "");
        std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        events_.on_text(std::move(text));
        if (!closed_) read();
    }

    void send_keepalive() {
        if (!writing_) {
            writing_ = true;
            visit_ws([&](auto& ws) {
                ws.async_write(asio::buffer(std::string_view(keepalive_frame)),
                               [self = shared_from_this()](beast::error_code error, std::size_t) {
                                   self->writing_ = false;
                                   if (error && !self->closed_) self->lost("keepalive not sent: " + error.message());
                               });
            });
        }
        keepalive_timer_.expires_after(config_.keepalive_interval);
        keepalive_timer_.async_wait([self = shared_from_this()](beast::error_code error) {
            if (!error && !self->closed_) self->send_keepalive();
        });
    }

    // (Re)arms a timer whose expiry means the connection is lost; an empty `why` means silence.
    void arm(asio::steady_timer& timer, std::chrono::milliseconds after, std::string why) {
        timer.expires_after(after);
        timer.async_wait([self = shared_from_this(), why = std::move(why), after](beast::error_code error) {
            if (error || self->closed_) return;
            self->lost(why.empty() ? "no frame for " + std::to_string(after.count()) + " ms" : why);
        });
    }

    void lost(const std::string& why) {
        if (closed_) return;
        close();
        events_.on_lost(why);
    }

    asio::any_io_executor executor_;
    std::shared_ptr<asio::ssl::context> tls_;
    Url url_;
    ClientConfig config_;
    Events events_;
    std::weak_ptr<detail::Connector> connector_;
    std::variant<std::monostate, PlainWs, TlsWs> ws_;
    beast::flat_buffer buffer_;
    asio::steady_timer welcome_timer_;
    asio::steady_timer keepalive_timer_;
    asio::steady_timer liveness_timer_;
    bool writing_ = false;
    bool closed_ = false;
};

NotificationChannel::NotificationChannel(RestClient& rest, Logger log, Handlers handlers)
    : rest_(rest), log_(log ? std::move(log) : Logger([](LogLevel, const std::string&) {})), handlers_(std::move(handlers)) {}

// Quietly: a destroyed channel calls no handler (its owner may be half destroyed by now).
NotificationChannel::~NotificationChannel() { halt(); }

void NotificationChannel::start() {
    if (running_) return;
    running_ = true;
    connect();
}

void NotificationChannel::stop() {
    if (halt()) status(ChannelStatus::stopped, "");
}

bool NotificationChannel::halt() {
    if (!running_) return false;
    running_ = false;
    alive_ = std::make_shared<bool>(true);  // callbacks holding the old token now do nothing
    if (auto connection = connection_.lock()) connection->close();
    connection_.reset();
    if (reconnect_timer_) reconnect_timer_->cancel();
    return true;
}

void NotificationChannel::status(ChannelStatus value, const std::string& detail) {
    if (handlers_.on_status) handlers_.on_status(value, detail);
}

void NotificationChannel::connect() {
    status(ChannelStatus::connecting, "");
    std::weak_ptr<bool> alive = alive_;
    rest_.send(subscribe_notifications(), [this, alive](ApiResponse response) {
        if (alive.expired()) return;
        on_subscribed(response);
    });
}

void NotificationChannel::on_subscribed(const ApiResponse& response) {
    if (!response.ok()) return schedule_reconnect(response.error->describe());
    Url url;
    try {
        auto body = workspace::parse_strict(response.body).value();
        url = parse_url(body.at("webSocketUrl").get<std::string>());
        require_tls_off_loopback(url);
    } catch (const std::exception& error) {
        return schedule_reconnect(std::string("unusable notification subscribe answer: ") + error.what());
    }
    auto number = ++connection_number_;
    welcomed_ = false;
    resync_in_flight_ = resync_again_ = false;  // a reload still answering the old socket says nothing on this one
    std::weak_ptr<bool> alive = alive_;
    auto connection = std::make_shared<Connection>(
        rest_.executor(), rest_.tls(), url, rest_.config(),
        Connection::Events{[this, alive, number](std::string text) {
                               if (!alive.expired()) on_frame_text(number, std::move(text));
                           },
                           [this, alive, number](const std::string& why) {
                               if (!alive.expired()) on_connection_lost(number, why);
                           }});
    log_(LogLevel::debug, "connecting notification socket " + std::to_string(number) + " to " + url.host_header());
    connection_ = connection;  // kept alive by its pending operations (see rest_client.hpp)
    connection->run();
}

std::optional<ReadFrame> read_frame(std::string text, std::uint64_t connection, std::string* problem,
                                    std::shared_ptr<FrameReader> reader) {
    namespace json_scan = workspace::json_scan;
    ReadFrame read{Frame{std::move(text), {}, false, connection, std::move(reader)}, {}, false, {}};
    std::string tracking_id, data_type;
    bool type_is_not_text = false;
    auto envelope = [&](const json_scan::Member& m) {
        if (m.depth == 1) {
            if (m.key == "type") {
                if (m.kind != json_scan::Kind::string) type_is_not_text = true;
                read.frame.type = json_scan::text_of(m);
            }
            else if (m.key == "trackingId") tracking_id = json_scan::text_of(m);
            else if (m.key == "keepalive") read.keepalive = true;
            return m.key == "data";
        }
        if (m.depth == 2 && m.key == "type") data_type = json_scan::text_of(m);
        else if (m.depth == 2 && m.key == "agentId") read.agent_id = json_scan::text_of(m);
        return false;
    };
    auto consumer = [&](const json_scan::Member& m) { return read.frame.fields->member(m); };
    json_scan::Both both(envelope, consumer);
    auto valid = read.frame.fields ? json_scan::scan(read.frame.text, both) : json_scan::scan(read.frame.text, envelope);
    if (!valid || type_is_not_text) {
        if (problem)
            *problem = valid ? "the envelope's \"type\" is not a string"
                             : valid.error().message;
        return std::nullopt;
    }
    if (!tracking_id.empty()) read.repeat_key = tracking_id + "/" + data_type;
    return read;
}

void NotificationChannel::on_frame_text(std::uint64_t number, std::string text) {
    if (number != connection_number_) return;
    auto size = text.size();
    std::string problem;
    auto read = read_frame(std::move(text), number, &problem, handlers_.new_reader ? handlers_.new_reader() : nullptr);
    if (!read) {
        // Size and reason only: the content may hold customer data or bytes that are not UTF-8.
        log_(LogLevel::warning, "ignored a notification that is not strict JSON: " + problem + " (" + std::to_string(size) + " bytes)");
        // It may have been the one that ended a call: learn the state again from Webex.
        resync();
        return;
    }
    auto& frame = read->frame;
    if (read->keepalive) return;

    if (frame.type == "Welcome" && !welcomed_) {
        welcomed_ = true;
        failures_ = 0;
        if (auto connection = connection_.lock()) connection->welcomed();
        status(ChannelStatus::connected, read->agent_id);
        // The JS SDK learns the agent's state and calls after every connection from the reload.
        resync();
    }
    if (!read->repeat_key.empty()) frame.repeat = !remember(read->repeat_key);
    if (handlers_.on_frame) handlers_.on_frame(frame);
}

void NotificationChannel::resync() {
    if (!welcomed_) return;  // the Welcome brings its own
    if (resync_in_flight_) {
        // What made this one necessary may have been the answer to the one in flight (a spoilt
        // AgentReloginSuccess): ask again once it is answered.
        resync_again_ = true;
        return;
    }
    resync_in_flight_ = true;
    resync_again_ = false;
    std::weak_ptr<bool> alive = alive_;
    rest_.send(reload_agent(), [this, alive](ApiResponse response) {
        if (alive.expired()) return;
        resync_in_flight_ = false;
        if (!response.ok()) log_(LogLevel::warning, "reload failed: " + response.error->describe());
        if (std::exchange(resync_again_, false)) resync();
    });
}

bool NotificationChannel::remember(const std::string& key) {
    if (!seen_.insert(key).second) return false;
    seen_order_.push_back(key);
    if (seen_order_.size() > remembered_notifications) {
        seen_.erase(seen_order_.front());
        seen_order_.pop_front();
    }
    return true;
}

void NotificationChannel::on_connection_lost(std::uint64_t number, const std::string& why) {
    if (number != connection_number_) return;
    connection_.reset();
    welcomed_ = false;
    schedule_reconnect(why);
}

void NotificationChannel::schedule_reconnect(const std::string& why) {
    if (!running_) return;
    status(ChannelStatus::lost, why);
    ++failures_;
    auto ceiling = config_delay(failures_);
    // Full jitter over the upper half keeps many agents from reconnecting in step after an outage.
    std::uniform_int_distribution<long> spread(ceiling.count() / 2, ceiling.count());
    std::chrono::milliseconds delay(spread(jitter_));
    log_(LogLevel::warning, "notification socket lost (" + why + "); reconnecting in " + std::to_string(delay.count()) + " ms");
    if (!reconnect_timer_) reconnect_timer_ = std::make_unique<asio::steady_timer>(rest_.executor());
    reconnect_timer_->expires_after(delay);
    std::weak_ptr<bool> alive = alive_;
    reconnect_timer_->async_wait([this, alive](beast::error_code error) {
        if (!error && !alive.expired() && running_) connect();
    });
}

std::chrono::milliseconds NotificationChannel::config_delay(int failures) const {
    const auto& config = rest_.config();
    auto delay = config.reconnect_initial;
    for (int i = 1; i < failures && delay < config.reconnect_max; ++i) delay *= 2;
    return std::min(delay, config.reconnect_max);
}

}  // namespace webexcc::client
