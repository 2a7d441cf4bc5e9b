#pragma once
// The bearer token of every REST request, from one of two sources:
//  * a file or an environment variable another system keeps current (TokenSource): used as is,
//    the file re-read after a 401;
//  * the token store `wxcc-login` filled (ClientConfig::oauth): refreshed at 75 % (±5 %) of the
//    access token's lifetime, at once when it has expired, and after a 401; one refresh at a time
//    (requests that need it wait for the one under way); a refresh that cannot reach the endpoint
//    is retried with backoff; the newest refresh token is kept in the store. A refused refresh
//    token means a new sign-in: the listener hears it once, requests fail with `authentication`,
//    and the store is watched until it holds a good token again, which resumes everything.
//
// Runs on the client's executor, like the RestClient that owns it; lifetime as in rest_client.hpp.

#include "http_exchange.hpp"
#include "token_source.hpp"
#include "webexcc/client/client_config.hpp"
#include "webexcc/client/lifetime.hpp"
#include "webexcc/client/oauth.hpp"
#include "webexcc/client/token_endpoint.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace webexcc::client::detail {

namespace asio = boost::asio;

class AccessTokens {
public:
    // token: the bearer token to send, or nullopt with `why` when there is none (sign-in needed).
    using Use = std::function<void(std::optional<std::string> token, std::string why)>;
    // Signed out (a reason) or signed in again (nullopt).
    using SignInListener = std::function<void(std::optional<std::string> reason)>;

    AccessTokens(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                 const ClientConfig& config, Logger log);
    ~AccessTokens();

    // Calls `use` with a token now, or when the refresh it needs (or one under way) ends.
    void with_token(Use use);
    // The token `used` got a 401: re-read or refresh (once for all requests that race it), then `use`.
    void refused(const std::string& used, Use use);
    void on_sign_in(SignInListener listener) { listener_ = std::move(listener); }
    // "file /path", "environment variable NAME" or "token store /path".
    std::string origin() const;
    void stop();

private:
    bool oauth() const { return config_.oauth.has_value(); }
    void load_store();
    void adopt(Tokens stored);  // tokens read from the store: use them, or refresh them first
    void refresh();
    void on_refreshed(const workspace::Result<TokenEndpointAnswer>& answer);
    void schedule(std::chrono::system_clock::time_point when);
    void signed_out(const std::string& reason);
    void watch_store();
    void serve_waiters();

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    ClientConfig config_;
    Logger log_;
    std::optional<TokenSource> file_source_;  // file / environment mode
    std::optional<Tokens> tokens_;            // oauth mode
    std::optional<std::string> signed_out_;   // why, while a sign-in is needed
    std::string rejected_refresh_token_;      // the store must hold another before we resume
    bool refreshing_ = false;
    std::chrono::milliseconds retry_delay_{0};
    struct Waiter {
        std::string refused;  // the token that got a 401, never to be handed back; "" for none
        Use use;
    };
    std::vector<Waiter> waiters_;
    boost::asio::steady_timer timer_;       // the next refresh, a retry, or the store watch
    std::weak_ptr<HttpExchange> exchange_;  // the refresh in flight, to cancel at stop()
    SignInListener listener_;
    Lifetime lifetime_;
    bool stopped_ = false;
};

}  // namespace webexcc::client::detail
