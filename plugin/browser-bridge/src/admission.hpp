#pragma once
// Who may open a page connection (a WebSocket on /bus) and fetch the bridge's files. Pure.
//
//  * The Host header must name this bridge on loopback (127.0.0.1, localhost, [::1] with the
//    bridge's port): a web page that points its own host name at 127.0.0.1 (DNS rebinding) is refused.
//  * A browser always sends Origin, and a web page cannot forge it: the origin must be one of
//    `allowedOrigins` or the bridge's own page (http://127.0.0.1:<port>, http://localhost:<port>).
//  * A client with no Origin (a desktop shell, a script) must send "Authorization: Bearer <key>"
//    with the key of `accessKeyFile`; without that file such clients are refused.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace browser_bridge {

struct AdmissionRules {
    std::uint16_t port = 0;                    // the port the bridge listens on
    std::vector<std::string> allowed_origins;  // normal form
    std::optional<std::string> access_key;
};

struct Admission {
    unsigned status = 200;  // 200: admitted; else the HTTP status to answer with
    std::string reason;     // why not, for the response body and the log (never a key)
    explicit operator bool() const { return status == 200; }
};

// Whether `host_header` names this bridge (see above).
bool names_this_bridge(std::string_view host_header, std::uint16_t port);

// Whether a page of `origin` (as sent) may connect.
bool origin_allowed(std::string_view origin, const AdmissionRules& rules);

// Whose publish budget an admitted page spends: its origin when allowedOrigins names it, one budget
// for the bridge's own page under all its spellings (127.0.0.1, localhost, [::1]), and "" for a
// client admitted by the access key without an Origin. So a peer cannot multiply its budget by
// spelling its origin differently.
std::string budget_owner(std::optional<std::string_view> origin, const AdmissionRules& rules);

// The verdict on a WebSocket upgrade with these headers (absent header: nullopt).
Admission admit_page(std::string_view host_header, std::optional<std::string_view> origin,
                     std::optional<std::string_view> authorization, const AdmissionRules& rules);

}  // namespace browser_bridge
