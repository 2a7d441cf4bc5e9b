#pragma once
// One request to Webex's token endpoint, waited for: for the sign-in program (wxcc-login). The
// plugin's own refreshes go through the same request, asynchronously (access_tokens.hpp).

#include "webexcc/client/client_config.hpp"

#include <string>

namespace webexcc::client {

struct TokenEndpointAnswer {
    int status = 0;              // 0 when no answer came
    std::string body;
    std::string transport_error; // why no answer came; never holds the request
};

// POSTs `form_body` (application/x-www-form-urlencoded) to `token_url` with the TLS rules of
// `config` (system CAs plus caFile, TLS required off loopback) and its timeouts.
TokenEndpointAnswer post_token_request(const ClientConfig& config, const std::string& token_url, const std::string& form_body);

}  // namespace webexcc::client
