#pragma once
// What went wrong talking to Webex CC is a workspace::Problem (ApiResponse::error), whose code is
// the one the plugin publishes, the same for every request: Webex's errorType in upper case when it
// sent one, else HTTP_<status> when it answered, else <KIND>_ERROR for what happened on the way
// (NETWORK_ERROR, TIMEOUT_ERROR, TLS_ERROR, CANCELLED_ERROR, AUTHENTICATION_ERROR). Its message is
// one line for logs and bus messages: what was being done, the status, Webex's errorType,
// errorMessage, reasonCode and trackingId. Never the access token.

#include "workspace/problem.hpp"

#include <string_view>

namespace webexcc::client {

// The problem of an HTTP error answer to `action` (e.g. "outdial"): reads the Webex error bodies
// {errorType, errorMessage, errorData, reasonCode, trackingId}, {error: {key, message: [{description}]}}
// and {code, message, trackingId}, strictly; anything else gives only the status. Pure.
workspace::Problem error_from_http(int status, std::string_view body, std::string_view tracking_header,
                                   std::string_view action);

}  // namespace webexcc::client
