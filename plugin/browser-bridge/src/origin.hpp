#pragma once
// Web origins ("https://crm.example.com", "http://127.0.0.1:8750") as browsers send them in the
// Origin header, compared in one normal form: lower-case scheme and host, the port only when it
// is not the scheme's default. Pure.

#include <optional>
#include <string>
#include <string_view>

namespace browser_bridge {

// The normal form of an http or https origin, or nullopt for anything else ("null", a path, a
// query, user info, another scheme, not a URL).
std::optional<std::string> normalized_origin(std::string_view text);

}  // namespace browser_bridge
