#include "webexcc/client/token_endpoint.hpp"

#include "http_exchange.hpp"
#include "token_request.hpp"
#include "webexcc/client/oauth.hpp"
#include "webexcc/client/rest_client.hpp"
#include "webexcc/client/url.hpp"

#include <boost/asio/io_context.hpp>

namespace webexcc::client {

namespace detail {

http::request<http::string_body> token_request(const Url& url, const std::string& form_body) {
    http::request<http::string_body> request{http::verb::post, url.target, 11};
    request.set(http::field::host, url.host_header());
    request.set(http::field::content_type, "application/x-www-form-urlencoded");
    request.set(http::field::accept, "application/json");
    request.set(http::field::user_agent, "webexcc-workspace-plugin");
    request.set(http::field::connection, "close");
    request.body() = form_body;
    request.prepare_payload();
    return request;
}

workspace::Result<TokenEndpointAnswer> token_answer(const HttpOutcome& outcome) {
    if (outcome.error)
        return workspace::Problem(token_unavailable,
                                  "the token endpoint could not be reached: " + outcome.error.message());
    return TokenEndpointAnswer{static_cast<int>(outcome.response.result_int()), outcome.response.body()};
}

}  // namespace detail

workspace::Result<TokenEndpointAnswer> post_token_request(const ClientConfig& config, const std::string& token_url,
                                                          const std::string& form_body) {
    auto url = parse_url(token_url);
    require_tls_off_loopback(url);
    boost::asio::io_context io;
    workspace::Result<TokenEndpointAnswer> answer =
        workspace::Problem(token_unavailable, "the token endpoint did not answer");
    detail::HttpExchange::Timeouts timeouts{config.connect_timeout, config.handshake_timeout, config.request_timeout};
    std::make_shared<detail::HttpExchange>(io.get_executor(), make_tls_context(config.ca_file), url,
                                           detail::token_request(url, form_body), timeouts,
                                           [&](detail::HttpOutcome outcome) { answer = detail::token_answer(outcome); })
        ->run();
    io.run();
    return answer;
}

}  // namespace webexcc::client
