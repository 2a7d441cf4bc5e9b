#include "webexcc/client/json_scan.hpp"

#include <cctype>
#include <cstdint>

namespace webexcc::client::json_scan {

namespace {

void append_utf8(std::string& out, std::uint32_t code) {
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

}  // namespace

std::optional<std::string> unescape(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    auto hex = [&](std::size_t at) -> std::optional<std::uint32_t> {
        if (at + 4 > raw.size()) return std::nullopt;
        std::uint32_t value = 0;
        for (std::size_t i = at; i < at + 4; ++i) {
            char c = raw[i];
            value <<= 4;
            if (c >= '0' && c <= '9') value |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f') value |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') value |= std::uint32_t(c - 'A' + 10);
            else return std::nullopt;
        }
        return value;
    };
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
                auto code = hex(i + 1);
                if (!code) return std::nullopt;
                i += 4;
                // A surrogate pair encodes one code point above U+FFFF.
                if (*code >= 0xD800 && *code < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
                    if (auto low = hex(i + 3); low && *low >= 0xDC00 && *low < 0xE000) {
                        *code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
                        i += 6;
                    }
                }
                append_utf8(out, *code);
                break;
            }
            default: return std::nullopt;
        }
    }
    return out;
}

std::string text_of(const Member& member) {
    switch (member.kind) {
        case Kind::string: return unescape(member.raw).value_or(std::string());
        case Kind::number:
        case Kind::literal: return std::string(member.raw);
        case Kind::object:
        case Kind::array: break;
    }
    return {};
}

}  // namespace webexcc::client::json_scan
