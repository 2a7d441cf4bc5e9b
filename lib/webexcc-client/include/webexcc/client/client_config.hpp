#pragma once
// How the client reaches Webex CC. Timeouts default to what the JS SDK uses where it has a value.

#include "webexcc/client/oauth.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace webexcc::client {

using std::chrono::milliseconds;

struct ClientConfig {
    std::string api_base = "https://api.wxcc-us1.cisco.com";
    std::optional<std::filesystem::path> ca_file;  // trusted in addition to the system store

    // Where the bearer token comes from: a file (re-read after a 401), an environment variable, or
    // a token store that `wxcc-login` filled and the client keeps fresh (oauth). Exactly one.
    std::optional<std::filesystem::path> token_file;
    std::optional<std::string> token_env;
    struct OAuth {
        OAuthSettings settings;
        std::string client_secret;
        std::filesystem::path token_store;
        std::chrono::milliseconds store_poll{2000};     // while signed out: how often the store is looked at
        std::chrono::milliseconds retry_initial{1000};  // a refresh that could not reach the endpoint
        std::chrono::milliseconds retry_max{60000};
    };
    std::optional<OAuth> oauth;
    // The organisation the agent belongs to; when empty it is read from the access token's shape
    // (<a>_<b>_<orgId>), as the JS SDK does.
    std::string org_id;

    milliseconds connect_timeout{5000};    // TCP connect, per attempt
    milliseconds handshake_timeout{5000};  // TLS and WebSocket handshakes
    milliseconds request_timeout{10000};   // writing a request and reading its response
    int max_attempts = 3;                  // for a request that may be retried
    milliseconds rest_retry_initial{500};  // delay before a request's second attempt, times the attempts made
    milliseconds max_retry_after{30000};   // longest Retry-After honoured
    // A connection opened ahead (TCP and TLS done) for the next request, so a MakeCall's outdial
    // does not wait for a connect. Used for one request only, never reused; replaced after use,
    // and after spare_max_age (servers close idle connections; one they closed is never used).
    bool spare_connection = false;
    milliseconds spare_max_age{25000};

    milliseconds welcome_timeout{10000};    // Desktop SDK WELCOME_MESSAGE_TIMEOUT
    milliseconds keepalive_interval{4000};  // KEEPALIVE_WORKER_INTERVAL
    milliseconds liveness_timeout{8000};    // WS_DISCONNECT_ALLOWED
    milliseconds reconnect_initial{500};    // first reconnect delay, doubled per failure
    milliseconds reconnect_max{30000};      // backoff cap

    // What the notification channel does when another client (the Webex Agent Desktop, another
    // tab) subscribes for the same agent and Webex sends AGENT_MULTI_LOGIN on this socket: yield
    // stays off until NotificationChannel::take_over(), as the JS SDK does (it never fights);
    // take_over subscribes again after the reconnect delay (only for an agent with no other client:
    // two such clients would take the session from each other for ever).
    enum class MultiLogin { yield, take_over };
    MultiLogin multi_login = MultiLogin::yield;
};

enum class LogLevel { debug, info, warning, error };
// Must never be given secrets; the client never passes it the token.
using Logger = std::function<void(LogLevel, const std::string&)>;

}  // namespace webexcc::client
