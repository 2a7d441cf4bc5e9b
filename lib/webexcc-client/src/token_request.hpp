#pragma once
// The POST to Webex's token endpoint, built and read in one place for both callers: the sign-in
// program's waited-for request (token_endpoint.cpp) and the plugin's refreshes (access_tokens.cpp).

#include "http_exchange.hpp"
#include "webexcc/client/token_endpoint.hpp"
#include "webexcc/client/url.hpp"

#include <boost/beast/http.hpp>

#include <string>

namespace webexcc::client::detail {

// `form_body` is application/x-www-form-urlencoded; one connection per request (Connection: close).
boost::beast::http::request<boost::beast::http::string_body> token_request(const Url& url,
                                                                           const std::string& form_body);

// The answer of the exchange, or TOKEN_UNAVAILABLE when none came.
workspace::Result<TokenEndpointAnswer> token_answer(const HttpOutcome& outcome);

}  // namespace webexcc::client::detail
