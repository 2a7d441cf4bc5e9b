#include "access_tokens.hpp"

#include "http_exchange.hpp"
#include "token_request.hpp"
#include "webexcc/client/token_store.hpp"
#include "webexcc/client/url.hpp"

#include <random>

namespace webexcc::client::detail {

namespace {

using Clock = std::chrono::system_clock;

double unit_random() {
    static thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

std::string until_text(Clock::time_point when) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(when - Clock::now()).count();
    return "valid for " + std::to_string(seconds) + " s";
}

}  // namespace

AccessTokens::AccessTokens(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                           const ClientConfig& config, Logger log)
    : executor_(executor), tls_(std::move(tls)), config_(config), log_(std::move(log)), timer_(executor) {
    if (config.oauth.has_value() == (config.token_file.has_value() || config.token_env.has_value()))
        throw std::invalid_argument("exactly one of accessTokenFile, accessTokenEnv and tokenStore must be set");
    if (!oauth()) {
        file_source_.emplace(config);
        return;
    }
    require_tls_off_loopback(parse_url(config.oauth->settings.token_url));
    // On the executor, after the owner has set its listener: a missing store is then heard.
    asio::post(executor_, lifetime_.guard([this] {
        if (!stopped_) load_store();
    }));
}

AccessTokens::~AccessTokens() { stop(); }

std::string AccessTokens::origin() const {
    return oauth() ? "token store " + config_.oauth->token_store.string() : file_source_->origin();
}

void AccessTokens::with_token(Use use) {
    if (!oauth()) return use(file_source_->token(), "");
    if (signed_out_) return use(std::nullopt, *signed_out_);
    if (tokens_ && access_usable(*tokens_, Clock::now())) return use(tokens_->access_token, "");
    waiters_.push_back({"", std::move(use)});
    refresh();
}

void AccessTokens::refused(const std::string& used, Use use) {
    if (!oauth()) {
        if (auto reloaded = file_source_->reload(); !reloaded)
            log_(LogLevel::warning, "re-reading the access token failed: " + reloaded.error().message);
        return use(file_source_->token(), "");
    }
    if (signed_out_) return use(std::nullopt, *signed_out_);
    if (tokens_ && tokens_->access_token != used && access_usable(*tokens_, Clock::now()))
        return use(tokens_->access_token, "");  // refreshed since that request left
    waiters_.push_back({used, std::move(use)});
    refresh();
}

void AccessTokens::load_store() {
    auto stored = read_token_store(config_.oauth->token_store);
    if (!stored) return signed_out(stored.error().message);
    if (!*stored) return signed_out("nobody has signed in to Webex yet (" + origin() + " does not exist)");
    adopt(std::move(**stored));
}

void AccessTokens::adopt(Tokens stored) {
    auto now = Clock::now();
    if (!access_usable(stored, now) && !refresh_usable(stored, now))
        return signed_out("the stored sign-in has expired");
    tokens_ = std::move(stored);
    if (access_usable(*tokens_, now)) {
        log_(LogLevel::info, "access token from the " + origin() + ", " + until_text(tokens_->access_expires));
        schedule(refresh_due(*tokens_, unit_random()));
        serve_waiters();  // requests sent before the store was read: the token is good, no refresh is coming
    } else {
        log_(LogLevel::info, "the stored access token has expired; refreshing it");
        refresh();
    }
}

void AccessTokens::refresh() {
    if (refreshing_ || stopped_ || !tokens_ || signed_out_) return;
    refreshing_ = true;
    timer_.cancel();
    const auto& oauth = *config_.oauth;
    auto url = parse_url(oauth.settings.token_url);
    auto request = token_request(url, refresh_body(oauth.settings, oauth.client_secret, tokens_->refresh_token));
    HttpExchange::Timeouts timeouts{config_.connect_timeout, config_.handshake_timeout, config_.request_timeout};
    auto exchange = std::make_shared<HttpExchange>(executor_, tls_, url, std::move(request), timeouts,
                                                   lifetime_.guard([this](HttpOutcome outcome) {
                                                       if (!stopped_) on_refreshed(token_answer(outcome));
                                                   }));
    exchange_ = exchange;
    exchange->run();
}

void AccessTokens::on_refreshed(const workspace::Result<TokenEndpointAnswer>& answer) {
    refreshing_ = false;
    auto fresh = answer ? read_token_response(answer->status, answer->body, Clock::now(), &*tokens_)
                        : workspace::Result<Tokens>(answer.error());
    if (fresh) {
        tokens_ = std::move(*fresh);
        retry_delay_ = std::chrono::milliseconds(0);
        if (auto stored = write_token_store(config_.oauth->token_store, *tokens_); !stored)
            log_(LogLevel::error,
                 "the refreshed tokens could not be stored (kept in memory): " + stored.error().message);
        log_(LogLevel::info, "access token refreshed, " + until_text(tokens_->access_expires));
        schedule(refresh_due(*tokens_, unit_random()));
        return serve_waiters();
    }
    const auto& failure = fresh.error();
    if (failure.code == token_rejected) {
        rejected_refresh_token_ = tokens_->refresh_token;
        return signed_out(failure.message);
    }
    retry_delay_ = std::clamp(retry_delay_ * 2, config_.oauth->retry_initial, config_.oauth->retry_max);
    log_(LogLevel::warning, "refreshing the access token failed (" + failure.message + "); again in " +
                                std::to_string(retry_delay_.count()) + " ms");
    serve_waiters();  // with the current token while it lasts, else with the reason
    timer_.expires_after(retry_delay_);
    timer_.async_wait(lifetime_.guard([this](boost::system::error_code error) {
        if (!error) refresh();
    }));
}

void AccessTokens::schedule(Clock::time_point when) {
    auto delay = std::max(Clock::duration::zero(), when - Clock::now());
    timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(delay));
    timer_.async_wait(lifetime_.guard([this](boost::system::error_code error) {
        if (!error) refresh();
    }));
}

void AccessTokens::signed_out(const std::string& reason) {
    bool first = !signed_out_;
    signed_out_ = reason;
    tokens_.reset();
    serve_waiters();
    if (first) {
        log_(LogLevel::error,
             "signing in to Webex is needed: " + reason + "; run wxcc-login --config <host configuration>");
        if (listener_) listener_(reason);
    }
    watch_store();
}

void AccessTokens::watch_store() {
    timer_.expires_after(config_.oauth->store_poll);
    timer_.async_wait(lifetime_.guard([this](boost::system::error_code error) {
        if (error || stopped_) return;
        // A store that cannot be read yet is what is being waited out: read again later.
        auto read = read_token_store(config_.oauth->token_store);
        auto stored = read ? std::move(*read) : std::nullopt;
        auto now = Clock::now();
        bool fresh = stored && stored->refresh_token != rejected_refresh_token_ &&
                     (access_usable(*stored, now) || refresh_usable(*stored, now));
        if (!fresh) return watch_store();
        signed_out_.reset();
        log_(LogLevel::info, "signed in to Webex again (" + origin() + "); resuming");
        if (listener_) listener_(std::nullopt);
        adopt(std::move(*stored));
    }));
}

void AccessTokens::serve_waiters() {
    auto waiting = std::exchange(waiters_, {});
    auto now = Clock::now();
    for (auto& [refused, use] : waiting) {
        if (signed_out_) use(std::nullopt, *signed_out_);
        else if (tokens_ && access_usable(*tokens_, now) && tokens_->access_token != refused)
            use(tokens_->access_token, "");
        else
            use(std::nullopt, "the access token was refused or has expired, and could not be refreshed yet (retrying)");
    }
}

void AccessTokens::stop() {
    if (stopped_) return;
    stopped_ = true;
    timer_.cancel();
    if (auto exchange = exchange_.lock()) exchange->cancel();
    auto waiting = std::exchange(waiters_, {});
    for (auto& waiter : waiting) waiter.use(std::nullopt, "the client is stopped");
}

}  // namespace webexcc::client::detail
