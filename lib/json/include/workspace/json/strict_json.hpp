#pragma once
// Reading and writing JSON texts that cross a trust boundary (the bus, stdin, configuration files,
// manifests) by one rule: json_scan's. Error texts say what is wrong and where, never quote the
// input (it may hold a customer's number, a token, or bytes that are not UTF-8).

#include "workspace/json/json_scan.hpp"
#include "workspace/json/utf8.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace workspace {

class StrictJsonError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// The problem with `text` as "<reason> at byte N (M bytes)", or "" when json_scan accepts it.
inline std::string strict_json_problem(std::string_view text, json_scan::Limits limits = {}) {
    auto result = json_scan::check(text, limits);
    if (result) return {};
    return std::string(result.problem) + " at byte " + std::to_string(result.offset) + " (" + std::to_string(text.size()) +
           " bytes)";
}

// Parses a JSON object that json_scan accepts. Throws StrictJsonError otherwise.
inline nlohmann::json parse_strict(std::string_view text, json_scan::Limits limits = {}) {
    if (auto problem = strict_json_problem(text, limits); !problem.empty()) throw StrictJsonError(problem);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        // json_scan accepts only what nlohmann accepts; the fuzzers hold it to that. Never quote.
        throw StrictJsonError("rejected by the JSON parser (error " + std::to_string(error.id) + ")");
    }
}

// Serializes `value` compactly. Never throws for a string that is not UTF-8 (nlohmann's dump()
// does, type_error 316): such bytes become U+FFFD, so what goes out is always valid UTF-8.
inline std::string to_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace workspace
