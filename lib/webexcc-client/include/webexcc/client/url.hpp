#pragma once
// URLs of the Webex CC API and notification socket. Pure: no I/O.

#include <string>
#include <string_view>

namespace webexcc::client {

struct Url {
    std::string scheme;  // http, https, ws or wss
    std::string host;    // without brackets for IPv6
    std::string port;    // always set: explicit or the scheme's default
    std::string target;  // path and query, at least "/"

    bool secure() const { return scheme == "https" || scheme == "wss"; }
    // "host:port" as the Host header wants it (brackets for IPv6, port omitted when default).
    std::string host_header() const;
    std::string to_string() const;
};

// Throws std::invalid_argument saying what is wrong. User info ("user:pass@") is refused.
Url parse_url(std::string_view text);

// localhost, 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

// Throws std::invalid_argument unless the URL is TLS or names a loopback host, so that a bearer
// token never crosses a network in clear text.
void require_tls_off_loopback(const Url& url);

// `base` + `path`, with exactly one slash between them (the JS SDK's composition rule).
Url resolve(const Url& base, std::string_view path);

}  // namespace webexcc::client
