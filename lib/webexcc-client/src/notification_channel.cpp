// The reconnect / subscribe machine around one NotificationSocket at a time.

#include "webexcc/client/notification_channel.hpp"

#include "notification_socket.hpp"
#include "workspace/json/strict_json.hpp"

#include <algorithm>

namespace webexcc::client {

namespace asio = boost::asio;
using detail::NotificationSocket;

std::string_view to_string(ChannelStatus status) noexcept {
    switch (status) {
        case ChannelStatus::connecting: return "connecting";
        case ChannelStatus::connected: return "connected";
        case ChannelStatus::lost: return "lost";
        case ChannelStatus::taken_over: return "taken_over";
        case ChannelStatus::stopped: break;
    }
    return "stopped";
}

namespace {
constexpr std::size_t remembered_notifications = 4096;
}  // namespace

NotificationChannel::NotificationChannel(RestClient& rest, Logger log, Handlers handlers)
    : rest_(rest),
      log_(log ? std::move(log) : Logger([](LogLevel, const std::string&) {})),
      handlers_(std::move(handlers)) {}

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
    taken_over_ = false;
    take_over_failed_ = nullptr;
    lifetime_.renew();
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
    rest_.send(subscribe_notifications(), lifetime_.guard([this](ApiResponse response) { on_subscribed(response); }));
}

void NotificationChannel::on_subscribed(const ApiResponse& response) {
    if (auto failed = std::exchange(take_over_failed_, nullptr); failed && !response.ok()) {
        // Still the other client's session: say so, and wait to be asked again.
        log_(LogLevel::warning, "taking the agent's session back failed: " + response.error->message);
        status(ChannelStatus::taken_over, response.error->message);
        return failed(*response.error);
    }
    taken_over_ = false;
    if (!response.ok()) return schedule_reconnect(response.error->message);
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
    auto connection = std::make_shared<NotificationSocket>(
        rest_.executor(), rest_.tls(), url, rest_.config(),
        NotificationSocket::Events{
            lifetime_.guard([this, number](std::string text) { on_frame_text(number, std::move(text)); }),
            lifetime_.guard([this, number](const std::string& why) { on_connection_lost(number, why); })});
    log_(LogLevel::debug, "connecting notification socket " + std::to_string(number) + " to " + url.host_header());
    connection_ = connection;  // kept alive by its pending operations (see rest_client.hpp)
    connection->run();
}

void NotificationChannel::on_frame_text(std::uint64_t number, std::string text) {
    if (number != connection_number_) return;
    auto read = read_frame(std::move(text), number);
    if (!read) {
        // Reason and size only: the content may hold customer data or bytes that are not UTF-8.
        log_(LogLevel::warning, "ignored a notification that is not strict JSON: " + read.error().message);
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
        status(ChannelStatus::connected, frame.notification.agent.agent_id);
        // The JS SDK learns the agent's state and calls after every connection from the reload.
        resync();
    }
    if (!read->repeat_key.empty()) frame.repeat = !remember(read->repeat_key);
    if (handlers_.on_frame) handlers_.on_frame(frame);
    if (frame.notification.agent.multi_login && running_) yield_session();
}

// Another client subscribed for this agent and Webex moved the session there. The JS SDK closes
// its socket and does not reconnect (WebSocketManager.ts ~180-186): a client that reconnected would
// take the session back within a second and the two would fight for ever.
void NotificationChannel::yield_session() {
    if (auto connection = connection_.lock()) connection->close();
    connection_.reset();
    welcomed_ = false;
    taken_over_ = true;
    const std::string why = "another client subscribed for this agent (AGENT_MULTI_LOGIN)";
    status(ChannelStatus::taken_over, why);
    if (rest_.config().multi_login == ClientConfig::MultiLogin::take_over) return schedule_reconnect(why);
    log_(LogLevel::warning, why + "; not reconnecting until asked to take the session back");
}

bool NotificationChannel::take_over(std::function<void(const workspace::Problem&)> failed) {
    if (!running_ || !taken_over_ || take_over_failed_) return false;
    if (reconnect_timer_) reconnect_timer_->cancel();  // under MultiLogin::take_over one may be pending
    take_over_failed_ = failed ? std::move(failed) : [](const workspace::Problem&) {};
    connect();
    return true;
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
    rest_.send(reload_agent(), lifetime_.guard([this](ApiResponse response) {
        resync_in_flight_ = false;
        if (!response.ok()) log_(LogLevel::warning, "reload failed: " + response.error->message);
        if (std::exchange(resync_again_, false)) resync();
    }));
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
    log_(LogLevel::warning,
         "notification socket lost (" + why + "); reconnecting in " + std::to_string(delay.count()) + " ms");
    if (!reconnect_timer_) reconnect_timer_ = std::make_unique<asio::steady_timer>(rest_.executor());
    reconnect_timer_->expires_after(delay);
    reconnect_timer_->async_wait(lifetime_.guard([this](boost::system::error_code error) {
        if (!error && running_) connect();
    }));
}

std::chrono::milliseconds NotificationChannel::config_delay(int failures) const {
    const auto& config = rest_.config();
    auto delay = config.reconnect_initial;
    for (int i = 1; i < failures && delay < config.reconnect_max; ++i) delay *= 2;
    return std::min(delay, config.reconnect_max);
}

}  // namespace webexcc::client
