#pragma once
// Reads the few fields a notification's handling needs straight from its text, without building a
// tree: one validating pass that hands the visitor each member of the objects it asks to enter.
// A notification is ~4 KB of which a dozen fields matter; a DOM parse of it costs ~10x this scan.
// Pure.

#include <array>
#include <cctype>
#include <type_traits>
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

namespace detail {
inline constexpr int max_depth = 128;

// Bytes that end or interrupt the plain run of a string: '"', '\\' and control characters.
inline constexpr auto special_in_string = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    table['"'] = table['\\'] = true;
    return table;
}();

template <class Visitor>
class Scanner {
public:
    Scanner(std::string_view text, Visitor& visitor) : text_(text), visitor_(visitor) {}

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
            if (auto next = after_element('}'); next != Next::more) return next == Next::done;
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
            if (!value(depth, kind, raw)) return false;
            if (auto next = after_element(']'); next != Next::more) return next == Next::done;
        }
    }

    // After an object member or array element: ',' means another follows, `close` ends the
    // container, anything else is malformed.
    enum class Next { more, done, malformed };
    Next after_element(char close) {
        space();
        if (at(',')) {
            ++pos_;
            space();
            return Next::more;
        }
        if (at(close)) return ++pos_, Next::done;
        return Next::malformed;
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
            // Most bytes are plain: one table lookup each until a quote, backslash or control byte.
            while (pos_ < text_.size() && !special_in_string[static_cast<unsigned char>(text_[pos_])]) ++pos_;
            if (pos_ >= text_.size()) return false;
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
    Visitor& visitor_;
    std::size_t pos_ = 0;
};

}  // namespace detail

// Validates all of `text` (one JSON object, nothing after it but white space) while calling
// `visitor(const Member&) -> bool` for every member of every object entered; returning true for an
// object member enters it. False when the text is not valid JSON or not an object. A template so
// the visitor inlines: this runs once per notification, on every byte.
template <class Visitor>
bool scan(std::string_view text, Visitor&& visitor) {
    return detail::Scanner<std::remove_reference_t<Visitor>>(text, visitor).document();
}

// The value of a string member, unescaped (\uXXXX to UTF-8). nullopt for a bad escape.
std::optional<std::string> unescape(std::string_view raw);

// Convenience for visitors: the member's value as text — strings unescaped, numbers and
// literals as written, empty for objects and arrays.
std::string text_of(const Member& member);

}  // namespace webexcc::client::json_scan
