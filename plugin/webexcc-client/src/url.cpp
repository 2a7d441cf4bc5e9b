#include "webexcc/client/url.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace webexcc::client {

namespace {

std::string_view default_port(std::string_view scheme) {
    return (scheme == "https" || scheme == "wss") ? "443" : "80";
}

[[noreturn]] void invalid(std::string_view text, std::string_view why) {
    throw std::invalid_argument("invalid URL \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

std::string Url::host_header() const {
    std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == default_port(scheme) ? name : name + ":" + port;
}

std::string Url::to_string() const { return scheme + "://" + host_header() + target; }

Url parse_url(std::string_view text) {
    Url url;
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) invalid(text, "no scheme");
    url.scheme = std::string(text.substr(0, scheme_end));
    std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (url.scheme != "http" && url.scheme != "https" && url.scheme != "ws" && url.scheme != "wss")
        invalid(text, "scheme must be http, https, ws or wss");

    auto rest = text.substr(scheme_end + 3);
    auto path_start = rest.find_first_of("/?");
    auto authority = rest.substr(0, path_start);
    // A query without a path ("host?x") targets "/?x".
    url.target = "/";
    if (path_start != std::string_view::npos) url.target.append(rest.substr(path_start + (rest[path_start] == '/' ? 1 : 0)));
    if (authority.find('@') != std::string_view::npos) invalid(text, "user information is not allowed");

    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) invalid(text, "unclosed IPv6 bracket");
        url.host = std::string(authority.substr(1, close - 1));
        auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') invalid(text, "junk after IPv6 address");
            port = after.substr(1);
        }
    } else {
        auto colon = authority.rfind(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (url.host.empty()) invalid(text, "no host");
    if (port.empty()) {
        url.port = std::string(default_port(url.scheme));
    } else {
        bool digits = std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
        if (!digits || port.size() > 5 || std::stoul(std::string(port)) > 65535) invalid(text, "bad port");
        url.port = std::string(port);
    }
    return url;
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost" || host == "::1") return true;
    // 127.0.0.0/8 written as a dotted quad
    if (host.substr(0, 4) != "127.") return false;
    int parts = 1;
    for (char c : host) {
        if (c == '.') ++parts;
        else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return parts == 4;
}

void require_tls_off_loopback(const Url& url) {
    if (!url.secure() && !is_loopback_host(url.host))
        throw std::invalid_argument("refusing " + url.scheme + "://" + url.host +
                                    ": without TLS only loopback addresses are allowed, so the access token never "
                                    "travels in clear text");
}

Url resolve(const Url& base, std::string_view path) {
    Url url = base;
    std::string prefix = base.target;
    if (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    url.target = prefix + "/" + std::string(path);
    return url;
}

}  // namespace webexcc::client
