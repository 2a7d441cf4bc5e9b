#pragma once
// What went wrong talking to Webex CC, as a value. Never carries the access token.

#include <string>
#include <string_view>

namespace webexcc::client {

enum class ErrorKind {
    configuration,   // the client cannot be used as configured
    network,         // resolve, connect or socket failure
    timeout,         // no answer in time
    tls,             // handshake or certificate verification failed
    http,            // the server answered with an error status
    authentication,  // 401 even after re-reading the token
    protocol,        // the server answered something we cannot read
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
};

// Builds the error for an HTTP error answer. Reads the Webex error bodies
// {errorType, errorMessage, errorData, reasonCode, trackingId}, {error: {key, message: [{description}]}}
// and {code, message, trackingId}; anything else leaves those fields empty. Pure.
ApiError error_from_http(int status, std::string_view body, std::string_view tracking_header, std::string_view action);

// The code the plugin publishes for an error, the same for every request: Webex's errorType in
// upper case when it sent one, else HTTP_<status> when it answered, else <KIND>_ERROR for what
// happened on the way (NETWORK_ERROR, TIMEOUT_ERROR, TLS_ERROR, CANCELLED_ERROR, ...). Pure.
std::string error_code(const ApiError& error);

}  // namespace webexcc::client
