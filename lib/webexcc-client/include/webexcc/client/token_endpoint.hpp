#pragma once
// One request to Webex's token endpoint, waited for: for the sign-in program (wxcc-login). The
// plugin's own refreshes go through the same request, asynchronously (access_tokens.hpp).

#include "webexcc/client/client_config.hpp"
#include "workspace/problem.hpp"

#include <string>

namespace webexcc::client {

// What the token endpoint answered, whatever the status: read_token_response (oauth.hpp) reads it.
struct TokenEndpointAnswer {
    int status = 0;
    std::string body;
};

// POSTs `form_body` (application/x-www-form-urlencoded) to `token_url` with the TLS rules of
// `config` (system CAs plus caFile, TLS required off loopback) and its timeouts. TOKEN_UNAVAILABLE
// "the token endpoint could not be reached: <why>" when no answer came (never quoting the request).
// Throws std::invalid_argument / std::runtime_error for a token_url or CA file that cannot be used.
workspace::Result<TokenEndpointAnswer> post_token_request(const ClientConfig& config, const std::string& token_url,
                                                          const std::string& form_body);

}  // namespace webexcc::client
