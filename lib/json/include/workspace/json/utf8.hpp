#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF. Every text the bus carries is valid UTF-8; these are the checks that keep it so. Pure.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace workspace::utf8 {

// The length of the valid UTF-8 sequence starting at text[at] (1 to 4), or 0 when the bytes there
// are not one.
constexpr std::size_t sequence_length(std::string_view text, std::size_t at) noexcept {
    auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    auto lead = byte(at);
    if (lead < 0x80) return 1;
    std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                         : lead >= 0xE0 && lead <= 0xEF ? 3
                         : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                        : 0;
    if (length == 0 || at + length > text.size()) return 0;
    // The second byte's range depends on the lead byte: it rules out overlong forms, surrogates
    // and code points above U+10FFFF.
    std::uint8_t low = 0x80, high = 0xBF;
    if (lead == 0xE0) low = 0xA0;
    else if (lead == 0xED) high = 0x9F;
    else if (lead == 0xF0) low = 0x90;
    else if (lead == 0xF4) high = 0x8F;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
    return length;
}

// Whether all of `text` is valid UTF-8.
constexpr bool valid(std::string_view text) noexcept {
    for (std::size_t at = 0; at < text.size();) {
        auto length = sequence_length(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

// `text` with every byte that is not part of a valid sequence replaced by U+FFFD, for texts of
// unknown origin (a server's error body, an OS message) on their way into a message or a log.
inline std::string repaired(std::string_view text) {
    if (valid(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t at = 0; at < text.size();) {
        auto length = sequence_length(text, at);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++at;
        } else {
            out.append(text, at, length);
            at += length;
        }
    }
    return out;
}

// Appends code point `code` (at most U+10FFFF, not a surrogate) as UTF-8.
inline void append(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | (code >> 6));
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += char(0xE0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    } else {
        out += char(0xF0 | (code >> 18));
        out += char(0x80 | ((code >> 12) & 0x3F));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }
}

}  // namespace workspace::utf8
