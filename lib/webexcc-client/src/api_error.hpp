#pragma once
// What went wrong talking to Webex CC, in the detail the REST client decides its retries by; its
// callers see only the workspace::Problem it comes to (problem()). Never carries the access token.

#include "workspace/problem.hpp"

#include <string>
#include <string_view>

namespace webexcc::client::detail {

enum class ErrorKind {
    network,         // resolve, connect or socket failure
    timeout,         // no answer in time
    tls,             // handshake or certificate verification failed
    http,            // the server answered with an error status
    authentication,  // no token to send: a sign-in is needed
    cancelled        // the client was stopped
};

std::string_view to_string(ErrorKind kind) noexcept;

struct ApiError {
    ErrorKind kind = ErrorKind::network;
    int http_status = 0;        // 0 when no HTTP answer
    std::string tracking_id;    // Webex's trackingId (header or body) when known
    std::string error_type;     // body "errorType"
    std::string error_message;  // body "errorMessage" (or the other documented shapes)
    std::string reason_code;    // body "reasonCode", as text
    std::string message;        // what we were doing and what happened

    static ApiError make(ErrorKind kind, std::string message) {
        ApiError error;
        error.kind = kind;
        error.message = std::move(message);
        return error;
    }

    // One line for logs and bus messages.
    std::string describe() const;
    // The same code for every request: Webex's errorType in upper case when it sent one, else
    // HTTP_<status> when it answered, else <KIND>_ERROR for what happened on the way
    // (NETWORK_ERROR, TIMEOUT_ERROR, TLS_ERROR, CANCELLED_ERROR, AUTHENTICATION_ERROR).
    std::string code() const;
    workspace::Problem problem() const { return {code(), describe()}; }
};

// Builds the error for an HTTP error answer. Reads the Webex error bodies
// {errorType, errorMessage, errorData, reasonCode, trackingId}, {error: {key, message: [{description}]}}
// and {code, message, trackingId}; anything else leaves those fields empty. Pure.
ApiError read_http_error(int status, std::string_view body, std::string_view tracking_header, std::string_view action);

}  // namespace webexcc::client::detail
