// Everything a page, a browser or a configuration file hands the browser bridge: the text of a
// page's message, the Origin, Host and Authorization headers of an upgrade, a request target, and
// the plugin's configuration. Each is read or refused with the bridge's own error, never a crash;
// what the bridge sends back is always strict JSON, and what it publishes is always a request.
//
// Input layout: the first byte picks the door, the rest is what comes through it.

#include "admission.hpp"
#include "bridge_config.hpp"
#include "origin.hpp"
#include "page_files.hpp"
#include "page_messages.hpp"

#include "workspace/json/strict_json.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace browser_bridge;

namespace {

void require_strict_json(const std::string& text) {
    if (!workspace::json_scan::check(text)) std::abort();
}

void page_message(std::string_view text) {
    static const auto allowed = default_publish_patterns();
    auto read = read_page_message(text, allowed);
    if (auto* refused = std::get_if<Refusal>(&read)) {
        require_strict_json(bridge_error_text(*refused));
    } else if (!any_matches(allowed, std::get<RoutingKey>(read))) {
        std::abort();  // published a key outside the patterns
    } else if (workspace::message::is_answer(text)) {
        std::abort();  // published what pages are sent as an answer or an event: a page spoke for a plugin
    }
}

void upgrade_headers(std::string_view text) {
    // origin \n host \n authorization
    auto first = text.find('\n');
    auto second = first == std::string_view::npos ? first : text.find('\n', first + 1);
    auto origin = text.substr(0, first);
    auto host = first == std::string_view::npos ? std::string_view() : text.substr(first + 1, second - first - 1);
    auto authorization = second == std::string_view::npos ? std::string_view() : text.substr(second + 1);
    static const AdmissionRules rules{8750, {"https://crm.example.com"}, std::string("0123456789abcdef")};
    auto admission = admit_page(host, origin.empty() ? std::nullopt : std::optional(origin),
                                authorization.empty() ? std::nullopt : std::optional(authorization), rules);
    if (admission && !names_this_bridge(host, 8750)) std::abort();
    if (auto normal = normalized_origin(origin); normal && normalized_origin(*normal) != normal) std::abort();
}

void request_target(std::string_view text) {
    static const auto page = PageFiles::embedded();
    if (const auto* file = page.find(text); file != nullptr && file->body.empty()) std::abort();
}

void configuration(std::string_view text) {
    auto config = workspace::parse_strict(text);
    if (!config) return;
    try {
        (void)read_bridge_config(*config, "/etc/workspace");
    } catch (const std::invalid_argument&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
        case 0: page_message(text); break;
        case 1: upgrade_headers(text); break;
        case 2: request_target(text); break;
        default: configuration(text); break;
    }
    return 0;
}
