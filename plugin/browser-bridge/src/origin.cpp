#include "origin.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/src.hpp>  // Boost.URL compiled here, header-only: nothing to link or ship

#include "workspace/message/envelope.hpp"

namespace browser_bridge {

std::optional<std::string> normalized_origin(std::string_view text) {
    // An origin is scheme://authority and nothing more. Checked before Boost.URL sees the text:
    // its 1.81 path parser asserts on some malformed paths (found by fuzz_bridge_input: "ertps:{").
    auto authority = text.find("://");
    if (authority == std::string_view::npos || authority == 0) return std::nullopt;
    if (text.find_first_of("/?#@", authority + 3) != std::string_view::npos) return std::nullopt;
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) return std::nullopt;
    const auto& uri = *parsed;
    auto scheme = workspace::message::to_lower(uri.scheme());
    if (scheme != "http" && scheme != "https") return std::nullopt;
    if (!uri.has_authority() || uri.has_userinfo() || uri.encoded_host().empty()) return std::nullopt;
    if (!uri.encoded_path().empty() || uri.has_query() || uri.has_fragment()) return std::nullopt;
    std::string origin = scheme + "://" + workspace::message::to_lower(uri.encoded_host());
    if (uri.has_port()) {
        if (uri.port().empty()) return std::nullopt;
        bool default_port = (scheme == "http" && uri.port() == "80") || (scheme == "https" && uri.port() == "443");
        if (!default_port) origin += ":" + std::string(uri.port());
    }
    return origin;
}

}  // namespace browser_bridge
