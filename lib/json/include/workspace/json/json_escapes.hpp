#pragma once
// JSON string escapes: the \uXXXX reading json_scan's validator shares, and `unescape`, which
// turns a string's raw text into its value. Pure; header-only as json_scan.hpp is.

#include "workspace/json/utf8.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace workspace::json_scan {
namespace detail {

constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The four hex digits at text[at], or nullopt.
constexpr std::optional<std::uint32_t> hex4(std::string_view text, std::size_t at) noexcept {
    if (at + 4 > text.size()) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        int digit = hex_digit(text[i]);
        if (digit < 0) return std::nullopt;
        value = value << 4 | std::uint32_t(digit);
    }
    return value;
}

constexpr bool high_surrogate(std::uint32_t code) noexcept { return code >= 0xD800 && code < 0xDC00; }
constexpr bool low_surrogate(std::uint32_t code) noexcept { return code >= 0xDC00 && code < 0xE000; }

}  // namespace detail

// The value of a string member, unescaped (\uXXXX to UTF-8). nullopt for a bad escape or a lone
// surrogate; a string from a text `scan` accepted always unescapes.
inline std::optional<std::string> unescape(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out += raw[i];
            continue;
        }
        if (++i >= raw.size()) return std::nullopt;
        switch (raw[i]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                auto code = detail::hex4(raw, i + 1);
                if (!code || detail::low_surrogate(*code)) return std::nullopt;
                i += 4;
                if (detail::high_surrogate(*code)) {
                    // A surrogate pair encodes one code point above U+FFFF.
                    auto low = i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' ? detail::hex4(raw, i + 3)
                                                                                             : std::nullopt;
                    if (!low || !detail::low_surrogate(*low)) return std::nullopt;
                    *code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
                    i += 6;
                }
                utf8::append(out, *code);
                break;
            }
            default: return std::nullopt;
        }
    }
    return out;
}

}  // namespace workspace::json_scan
