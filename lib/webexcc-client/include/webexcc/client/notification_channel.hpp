#pragma once
// The Webex CC notification WebSocket, kept alive the way the JS SDK keeps it: subscribe over REST,
// connect to the returned webSocketUrl, wait for Welcome, send {"keepalive":"true"} every 4 s,
// treat 8 s of silence as a lost connection, reconnect with capped exponential backoff and jitter,
// and after every Welcome reload the agent (POST /v1/agents/reload) so state and calls are learnt.
// Each frame is delivered read (notification.hpp): the consumer gets typed notifications, never
// Webex's JSON layout. The socket itself is notification_socket.hpp's; this is the machine around it.
// Runs on the REST client's executor (single-threaded); every callback runs there. Lifetimes follow
// the rule in rest_client.hpp; the RestClient must outlive the channel.

#include "webexcc/client/client_config.hpp"
#include "webexcc/client/lifetime.hpp"
#include "webexcc/client/notification.hpp"
#include "webexcc/client/rest_client.hpp"

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>

namespace webexcc::client {

namespace detail {
class NotificationSocket;
}

enum class ChannelStatus {
    connecting,  // subscribing / connecting / waiting for Welcome
    connected,   // Welcome received; `detail` is the agent id
    lost,        // the connection failed or went silent; `detail` says why; a reconnect follows
    // Another client took the agent's session (AGENT_MULTI_LOGIN): the socket is closed and, under
    // MultiLogin::yield, nothing reconnects until take_over().
    taken_over,
    stopped
};

std::string_view to_string(ChannelStatus status) noexcept;

class NotificationChannel {
public:
    struct Handlers {
        std::function<void(const Frame&)> on_frame;
        std::function<void(ChannelStatus, const std::string& detail)> on_status;
    };

    NotificationChannel(RestClient& rest, Logger log, Handlers handlers);
    ~NotificationChannel();  // stops without calling any handler, not even on_status
    NotificationChannel(const NotificationChannel&) = delete;
    NotificationChannel& operator=(const NotificationChannel&) = delete;

    void start();
    void stop();  // reports `stopped` (when it was running); no callback after it returns

    // Asks Webex for the agent's state and calls again (POST /v1/agents/reload; the answer arrives
    // as AgentReloginSuccess and AgentContact frames). Done after every Welcome and after a frame
    // that could not be read; call it when a frame made no sense. At most one is in flight; one
    // asked for meanwhile is sent when it is answered (a failed reload is retried by the REST
    // client's own rule for safe requests).
    void resync();

    // After `taken_over`: subscribes again (force: true, taking the session back from the other
    // client) and connects; `connecting` and `connected` follow. A subscribe that fails leaves the
    // session taken over (no reconnect) and calls `failed` with the problem. False, and nothing
    // done, when the session is not taken over.
    bool take_over(std::function<void(const workspace::Problem&)> failed);
    bool session_taken_over() const { return taken_over_; }

    std::uint64_t connections() const { return connection_number_; }

private:
    void connect();
    void on_subscribed(const ApiResponse& response);
    void yield_session();
    void on_frame_text(std::uint64_t number, std::string text);
    void on_connection_lost(std::uint64_t number, const std::string& why);
    void schedule_reconnect(const std::string& why);
    bool remember(const std::string& key);
    std::chrono::milliseconds config_delay(int failures) const;
    void status(ChannelStatus value, const std::string& detail);
    bool halt();  // stop() without reporting it; false when it was not running

    RestClient& rest_;
    Logger log_;
    Handlers handlers_;
    std::weak_ptr<detail::NotificationSocket> connection_;
    std::uint64_t connection_number_ = 0;
    bool welcomed_ = false;
    bool resync_in_flight_ = false;
    bool resync_again_ = false;  // asked for while one was in flight
    int failures_ = 0;
    bool running_ = false;     // started and not stopped
    bool taken_over_ = false;  // by another client (AGENT_MULTI_LOGIN), not yet taken back
    std::function<void(const workspace::Problem&)> take_over_failed_;  // while taking the session back
    Lifetime lifetime_;  // renewed by stop(): what the old connection still reports is ignored
    std::unique_ptr<boost::asio::steady_timer> reconnect_timer_;
    std::minstd_rand jitter_{std::random_device{}()};

    // Recently seen notification ids, to mark repeats after a reconnect.
    std::deque<std::string> seen_order_;
    std::unordered_set<std::string> seen_;
};

}  // namespace webexcc::client
