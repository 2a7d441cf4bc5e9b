#pragma once
// HTTPS REST to the Webex CC API with a bearer token. Asynchronous on the caller's executor; every
// handler runs there. Retries only what cannot act twice (see Replay), honours Retry-After on 429
// and 503, and re-reads the token once after a 401. Each request goes on a connection of its own:
// a fresh one, or the spare opened ahead (ClientConfig::spare_connection) if the server has not
// closed it — never one that carried a request before.
//
// Lifetimes, the one rule of this client (RestClient, NotificationChannel and their connections):
// - an object that does I/O for one connection or one exchange (HttpExchange, Connector,
//   NotificationChannel::Connection) is shared_from_this, kept alive by its own pending handlers
//   only (whoever starts it keeps a weak_ptr, to cancel it: no ownership cycle survives an
//   io_context destroyed with operations pending), and owns what it uses (the TLS context by
//   shared_ptr, copies of the settings);
// - an object a user owns (RestClient, NotificationChannel) may be destroyed at any time on the
//   executor's thread: its pending handlers that use `this` are guarded by its Lifetime
//   (lifetime.hpp) and do nothing once it is gone. A handler the user passed in is then never called.
// Both rely on a single-threaded executor (one thread runs it, or a strand): the token is checked
// and `this` used without a lock.

#include "webexcc/client/api_error.hpp"
#include "webexcc/client/client_config.hpp"
#include "webexcc/client/lifetime.hpp"
#include "webexcc/client/requests.hpp"
#include "webexcc/client/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace webexcc::client {

namespace detail {
class AccessTokens;
struct HttpOutcome;
}  // namespace detail

// What a request came to: the answer, or the problem (api_error.hpp) that ended it. An HTTP error
// answer keeps its status, body, tracking id and Webex's reasonCode.
struct ApiResponse {
    int status = 0;  // 0 when no HTTP answer
    std::string body;
    std::string tracking_id;  // the answer's TrackingID header (Webex's id for it)
    std::string reason_code;  // an error answer's "reasonCode" (or "code"), as text
    std::optional<workspace::Problem> error;
    // The `trackingid` header the request carried (every attempt of it): what a Webex support case
    // asks for beside TrackingID. Set on every response, failed ones included.
    std::string request_tracking_id;
    bool ok() const { return !error.has_value(); }
};

using ResponseHandler = std::function<void(ApiResponse)>;

// A TLS client context: peer verification on, the system CA store, plus `ca_file` when given.
// Throws std::runtime_error when the CA file cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::optional<std::filesystem::path>& ca_file);

class RestClient {
public:
    // Throws std::invalid_argument / std::runtime_error for an unusable api_base, CA file or token.
    RestClient(boost::asio::any_io_executor executor, const ClientConfig& config, Logger log);
    ~RestClient();
    RestClient(const RestClient&) = delete;
    RestClient& operator=(const RestClient&) = delete;

    // Sends a request; `handler` gets the response or an error, exactly once, on the executor.
    // Each request carries a `trackingid` header of its own, as the JS SDK's requests do: this
    // client's prefix ("webexcc-workspace_<random uuid>") and "_<request number>". A request that
    // fails is logged (warning) with it and with Webex's TrackingID.
    void send(ApiRequest request, ResponseHandler handler);
    // Hears when a sign-in to Webex is needed (with the reason) and when it is done (nullopt); with
    // a token store only (ClientConfig::oauth). Set before the executor runs.
    void on_sign_in(std::function<void(std::optional<std::string> reason)> listener);

    // The organisation the client works in (the configuration GETs are under it): ClientConfig::org_id
    // when set, else read from the current access token (agent_profile.hpp org_id_of_token), which
    // never leaves the client. `handler` gets it, or why not, on the executor.
    void organization(std::function<void(workspace::Result<std::string>)> handler);

    // Ends every request in flight with a CANCELLED_ERROR problem (delivered later on the executor, and
    // not at all if the client is destroyed first); later sends fail the same way.
    void stop();

    const Url& base() const { return base_; }
    boost::asio::any_io_executor executor() const { return executor_; }
    const std::shared_ptr<boost::asio::ssl::context>& tls() const { return tls_; }
    const ClientConfig& config() const { return config_; }

private:
    struct Call;
    struct Spare;
    void attempt(const std::shared_ptr<Call>& call);
    void send_with_token(const std::shared_ptr<Call>& call, std::optional<std::string> token, const std::string& why);
    void on_exchanged(const std::shared_ptr<Call>& call, detail::HttpOutcome& outcome);
    void on_transport_failure(const std::shared_ptr<Call>& call, const detail::HttpOutcome& outcome);
    void on_http_response(const std::shared_ptr<Call>& call, detail::HttpOutcome& outcome);
    // Opens the spare connection in the background, when configured and none is open or opening.
    void open_spare();
    void retry_later(const std::shared_ptr<Call>& call, std::chrono::milliseconds delay, const std::string& why);
    void complete(const std::shared_ptr<Call>& call, ApiResponse response);

    boost::asio::any_io_executor executor_;
    ClientConfig config_;
    Logger log_;
    Url base_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::unique_ptr<detail::AccessTokens> tokens_;
    std::set<std::shared_ptr<Call>> in_flight_;
    std::shared_ptr<Spare> spare_;
    bool stopped_ = false;
    std::string tracking_prefix_;  // "webexcc-workspace_<uuid>", for this client's lifetime
    std::uint64_t requests_sent_ = 0;
    Lifetime lifetime_;  // see "Lifetimes" above
};

}  // namespace webexcc::client
