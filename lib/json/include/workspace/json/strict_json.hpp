#pragma once
// Reading and writing JSON texts that cross a trust boundary (the bus, stdin, configuration files,
// manifests) by one rule: json_scan's. Error texts say what is wrong and where, never quote the
// input (it may hold a customer's number, a token, or bytes that are not UTF-8).

#include "workspace/json/json_scan.hpp"
#include "workspace/json/utf8.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace workspace {

// The JSON object in `text`, when json_scan accepts it; else BAD_JSON saying what is wrong and
// where ("<reason> at byte N (M bytes)").
inline Result<nlohmann::json> parse_strict(std::string_view text, json_scan::Limits limits = {}) {
    if (auto checked = json_scan::check(text, limits); !checked) return checked.error();
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        // json_scan accepts only what nlohmann accepts; the fuzzers hold it to that. Never quote.
        return Problem("BAD_JSON", "rejected by the JSON parser (error " + std::to_string(error.id) + ")");
    }
}

// Serializes `value` compactly. Never throws for a string that is not UTF-8 (nlohmann's dump()
// does, type_error 316): such bytes become U+FFFD, so what goes out is always valid UTF-8.
inline std::string to_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace workspace
