#pragma once
// Reads the few fields a notification's handling needs straight from its text, without building a
// tree: one validating pass that hands the visitor each member of the objects it asks to enter.
// A notification is ~4 KB of which a dozen fields matter; a DOM parse of it costs ~10x this scan.
// Pure.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace webexcc::client::json_scan {

enum class Kind { string, number, literal, object, array };

struct Member {
    std::string_view key;  // as written (object keys here are plain ASCII names)
    Kind kind;
    std::string_view raw;  // the value's text; for a string, between the quotes, still escaped
    int depth;             // 1 for members of the top-level object
};

// Called for every member of every object entered; return true for an object member to enter it.
using Visitor = std::function<bool(const Member&)>;

// Validates all of `text` (one JSON object, nothing after it but white space) while visiting.
// False when the text is not valid JSON or not an object.
bool scan(std::string_view text, const Visitor& visitor);

// The value of a string member, unescaped (\uXXXX to UTF-8). nullopt for a bad escape.
std::optional<std::string> unescape(std::string_view raw);

// Convenience for visitors: the member's value as text — strings unescaped, numbers and
// literals as written, empty for objects and arrays.
std::string text_of(const Member& member);

}  // namespace webexcc::client::json_scan
