#include "webexcc/client/url.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/src.hpp>  // Boost.URL compiled here, header-only: no library to link or ship

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace webexcc::client {

namespace {

std::string_view default_port(std::string_view scheme) { return (scheme == "https" || scheme == "wss") ? "443" : "80"; }

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
    // Every URL here has an authority. Checked first: Boost.URL 1.81 asserts on a rootless path
    // that starts with a character it must reject ("http:{"), found by fuzzing the bridge's origins.
    if (text.find("://") == std::string_view::npos) invalid(text, "must be scheme://host[:port][/path]");
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed) invalid(text, parsed.error().message());
    const auto& uri = *parsed;
    Url url;
    url.scheme = std::string(uri.scheme());
    std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (url.scheme != "http" && url.scheme != "https" && url.scheme != "ws" && url.scheme != "wss")
        invalid(text, "scheme must be http, https, ws or wss");
    if (uri.has_userinfo()) invalid(text, "user information is not allowed");
    url.host = uri.host_type() == boost::urls::host_type::ipv6 ? std::string(uri.host_address())
                                                               : std::string(uri.encoded_host());
    if (url.host.empty()) invalid(text, "no host");
    if (uri.has_port()) {
        auto port = uri.port();
        bool digits =
            !port.empty() && std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
        if (!digits || port.size() > 5 || std::stoul(std::string(port)) > 65535) invalid(text, "bad port");
        url.port = std::string(uri.port());
    } else {
        url.port = std::string(default_port(url.scheme));
    }
    url.target = uri.encoded_path().empty() ? "/" : std::string(uri.encoded_path());
    if (uri.has_query()) url.target += "?" + std::string(uri.encoded_query());
    return url;
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost") return true;
    boost::system::error_code not_an_address;
    auto address = boost::asio::ip::make_address(std::string(host), not_an_address);
    return !not_an_address && address.is_loopback();
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
