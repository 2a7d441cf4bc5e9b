#include "webexcc/client/json_scan.hpp"

#include <cctype>
#include <cstdint>

namespace webexcc::client::json_scan {

namespace {

constexpr int max_depth = 128;

class Scanner {
public:
    Scanner(std::string_view text, const Visitor& visitor) : text_(text), visitor_(visitor) {}

    bool document() {
        space();
        if (!at('{') || !object(1)) return false;
        space();
        return pos_ == text_.size();
    }

private:
    bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    void space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }

    // At '{'. Members of an object the visitor entered are reported; others are only validated.
    bool object(int depth, bool report = true) {
        if (depth > max_depth) return false;
        ++pos_;
        space();
        if (at('}')) return ++pos_, true;
        for (;;) {
            std::string_view key;
            if (!at('"') || !string(key)) return false;
            space();
            if (!at(':')) return false;
            ++pos_;
            space();
            auto start = pos_;
            Kind kind;
            if (at('{')) {
                kind = Kind::object;
                bool enter = report && visitor_({key, kind, {}, depth});
                if (!object(depth + 1, enter)) return false;
            } else {
                std::string_view raw;
                if (!value(depth, kind, raw)) return false;
                if (report) visitor_({key, kind, kind == Kind::string ? raw : text_.substr(start, pos_ - start), depth});
            }
            space();
            if (at(',')) {
                ++pos_;
                space();
                continue;
            }
            if (at('}')) return ++pos_, true;
            return false;
        }
    }

    bool array(int depth) {
        if (depth > max_depth) return false;
        ++pos_;
        space();
        if (at(']')) return ++pos_, true;
        for (;;) {
            Kind kind;
            std::string_view raw;
            if (at('{')) {
                if (!object(depth + 1, false)) return false;
            } else if (!value(depth, kind, raw)) {
                return false;
            }
            space();
            if (at(',')) {
                ++pos_;
                space();
                continue;
            }
            if (at(']')) return ++pos_, true;
            return false;
        }
    }

    // Any value but an object member's object (handled by object()).
    bool value(int depth, Kind& kind, std::string_view& raw) {
        if (pos_ >= text_.size()) return false;
        char c = text_[pos_];
        if (c == '"') return kind = Kind::string, string(raw);
        if (c == '{') return kind = Kind::object, object(depth + 1, false);
        if (c == '[') return kind = Kind::array, array(depth + 1);
        if (c == '-' || (c >= '0' && c <= '9')) return kind = Kind::number, number();
        kind = Kind::literal;
        for (std::string_view literal : {"true", "false", "null"})
            if (text_.substr(pos_, literal.size()) == literal) return pos_ += literal.size(), true;
        return false;
    }

    // At '"'; `raw` is the text between the quotes.
    bool string(std::string_view& raw) {
        auto start = ++pos_;
        while (pos_ < text_.size()) {
            auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                raw = text_.substr(start, pos_ - start);
                ++pos_;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                if (++pos_ >= text_.size()) return false;
                char e = text_[pos_];
                if (e == 'u') {
                    for (int i = 1; i <= 4; ++i)
                        if (pos_ + i >= text_.size() || !std::isxdigit(static_cast<unsigned char>(text_[pos_ + i]))) return false;
                    pos_ += 4;
                } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                    return false;
                }
            }
            ++pos_;
        }
        return false;
    }

    bool digits() {
        auto start = pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        return pos_ > start;
    }

    bool number() {
        if (at('-')) ++pos_;
        if (at('0')) ++pos_;
        else if (!digits()) return false;
        if (at('.')) {
            ++pos_;
            if (!digits()) return false;
        }
        if (at('e') || at('E')) {
            ++pos_;
            if (at('+') || at('-')) ++pos_;
            if (!digits()) return false;
        }
        return true;
    }

    std::string_view text_;
    const Visitor& visitor_;
    std::size_t pos_ = 0;
};

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

bool scan(std::string_view text, const Visitor& visitor) { return Scanner(text, visitor).document(); }

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
