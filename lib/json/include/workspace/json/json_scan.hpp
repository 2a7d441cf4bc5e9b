#pragma once
// The one definition of valid JSON input in this project, and a fast way to read a few fields.
//
// `scan` validates a whole text in one pass without building a tree and hands the visitor each
// member of the objects it asks to enter. A Webex notification is ~4 KB of which a dozen fields
// matter; a DOM parse costs ~10x this scan. `check` is the same pass with nothing to visit: the bus,
// the host configuration and manifests use it (through parse_strict) before nlohmann reads a text.
//
// Accepted: one JSON object (RFC 8259), nothing after it but white space, that a strict parser
// such as nlohmann::json also accepts — valid UTF-8, no lone surrogate escapes, no control
// characters in strings, numbers that fit a double — and within the limits: at most `max_bytes`,
// at most `max_depth` nested containers, object keys written without escapes (every key Webex and
// the Workspace APIs use is a plain name; an escaped key could otherwise spell a key the reader
// does not see), and each key once in its object (nlohmann keeps the last of two `callId`s, a
// visitor may act on the first: two readers would read one text differently). Everything else is
// rejected with a short reason that never quotes the text.
// Pure; header-only so the visitor inlines.

#include "workspace/json/json_escapes.hpp"
#include "workspace/json/utf8.hpp"
#include "workspace/problem.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace workspace::json_scan {

enum class Kind { string, number, literal, object, array };

struct Member {
    std::string_view key;  // as written: keys never hold escapes
    Kind kind;
    std::string_view raw;  // the value's text; for a string, between the quotes, still escaped
    int depth;             // 1 for members of the top-level object
    bool escaped = false;  // a string value holds an escape (else `raw` is its value as it is)
};

struct Limits {
    std::size_t max_bytes = 1 << 20;
    int max_depth = 64;
};

// Bytes that end or interrupt the plain run of a JSON string: '"', '\\', control characters and
// the lead bytes of multi-byte UTF-8 sequences (checked one sequence at a time). Writers of JSON
// strings use it too: every other byte goes out as it is.
inline constexpr auto special_in_string = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    for (int c = 0x80; c < 0x100; ++c) table[c] = true;
    table['"'] = table['\\'] = true;
    return table;
}();

namespace detail {

// What the scanner found: ok, or why not (a static text, so the hot path never allocates) and at
// which byte. Only scan() turns it into a Problem, and only for a text it rejects.
struct Verdict {
    const char* reason = nullptr;
    std::size_t offset = 0;
};

template <class Visitor>
class Scanner {
public:
    Scanner(std::string_view text, Visitor& visitor, Limits limits) : text_(text), visitor_(visitor), limits_(limits) {
        keys_.reserve(64);  // one allocation for the keys of an ordinary text's open objects
    }

    Verdict document() {
        if (text_.size() > limits_.max_bytes) return fail("larger than the size limit");
        space();
        if (!at('{')) return fail("not a JSON object");
        if (!object(1)) return {problem_ ? problem_ : "malformed JSON", pos_};
        space();
        if (pos_ != text_.size()) return fail("text after the JSON object");
        return {};
    }

private:
    Verdict fail(const char* problem) { return {problem, pos_}; }
    bool reject(const char* problem) {
        if (problem_ == nullptr) problem_ = problem;
        return false;
    }

    bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    // text_[from, to), both within the text (no bounds check to throw from).
    std::string_view slice(std::size_t from, std::size_t to) const { return {text_.data() + from, to - from}; }
    [[gnu::always_inline]] void space() {
        // Compact text is the common case: one comparison says "not white space".
        while (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) <= ' ' &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }

    // At '{'. Members of an object the visitor entered are reported; others are only validated.
    bool object(int depth, bool report = true) {
        if (depth > limits_.max_depth) return reject("nested deeper than the depth limit");
        ++pos_;
        space();
        if (at('}')) return ++pos_, true;
        const auto first_key = keys_.size();
        KeyMask seen{};
        for (;;) {
            std::string_view key;
            if (!at('"') || !string(key)) return false;
            if (string_had_escape_) return reject("an object key holds an escape");
            if (!new_key(key, first_key, seen)) return reject("a duplicate object key");
            space();
            if (!at(':')) return false;
            ++pos_;
            space();
            auto start = pos_;
            Kind kind;
            if (at('{')) {
                kind = Kind::object;
                bool enter = report && visitor_(Member{key, kind, {}, depth, false});
                if (!object(depth + 1, enter)) return false;
            } else {
                std::string_view raw;
                if (!value(depth, kind, raw)) return false;
                if (report)
                    visitor_(Member{key, kind, kind == Kind::string ? raw : slice(start, pos_), depth,
                                    kind == Kind::string && string_had_escape_});
            }
            if (auto next = after_element('}'); next != Next::more) return next == Next::done && close_keys(first_key);
        }
    }

    // Each key once in its object. keys_ holds the keys of the objects still open, the innermost's
    // from `first` on; `seen` has one of 256 bits set for each of them, by a hash of the key. A key
    // whose bit is clear is new (most are); only one whose bit is set is compared with the others.
    // Past `few_keys` the bits say little: a hostile object of many keys is sorted when it closes
    // instead, n log n rather than n².
    using KeyMask = std::array<std::uint64_t, 4>;
    static constexpr std::size_t few_keys = 64;
    // The bit of `key` in a KeyMask: a hash of its length and its first and last four bytes.
    [[gnu::always_inline]] static std::uint32_t key_bit(std::string_view key) noexcept {
        std::uint32_t head = 0, tail = 0;  // a key shorter than four bytes: its bytes in `head`
        if (key.size() >= 4) {
            std::memcpy(&head, key.data(), 4);
            std::memcpy(&tail, key.data() + key.size() - 4, 4);
        } else {
            for (char c : key) head = head << 8 | static_cast<unsigned char>(c);
        }
        return ((head ^ (tail * 0x85EBCA6Bu) ^ static_cast<std::uint32_t>(key.size())) * 0x9E3779B1u) >> 24;
    }
    [[gnu::always_inline]] bool new_key(std::string_view key, std::size_t first, KeyMask& seen) {
        bool fresh = true;
        if (keys_.size() - first < few_keys) {
            const auto bit = key_bit(key);
            auto& word = seen[bit >> 6];
            const auto mask = std::uint64_t(1) << (bit & 63);
            auto begin = keys_.begin() + static_cast<std::ptrdiff_t>(first);
            fresh = (word & mask) == 0 || std::find(begin, keys_.end(), key) == keys_.end();
            word |= mask;
        }
        keys_.push_back(key);
        return fresh;
    }
    bool close_keys(std::size_t first) {
        bool unique = true;
        if (keys_.size() - first > few_keys) {
            auto begin = keys_.begin() + static_cast<std::ptrdiff_t>(first);
            std::sort(begin, keys_.end());
            unique = std::adjacent_find(begin, keys_.end()) == keys_.end();
        }
        keys_.resize(first);
        return unique || reject("a duplicate object key");
    }

    bool array(int depth) {
        if (depth > limits_.max_depth) return reject("nested deeper than the depth limit");
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
    [[gnu::always_inline]] Next after_element(char close) {
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
        return word("true") || word("false") || word("null");
    }

    // At `literal`: steps over it.
    template <std::size_t N>
    bool word(const char (&literal)[N]) {
        constexpr std::size_t length = N - 1;
        if (text_.size() - pos_ < length || std::memcmp(text_.data() + pos_, literal, length) != 0) return false;
        pos_ += length;
        return true;
    }

    // At '"'; `raw` is the text between the quotes. Sets string_had_escape_.
    [[gnu::always_inline]] bool string(std::string_view& raw) {
        auto start = ++pos_;
        string_had_escape_ = false;
        while (pos_ < text_.size()) {
            skip_plain();
            if (pos_ >= text_.size()) return false;
            auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                raw = slice(start, pos_);
                ++pos_;
                return true;
            }
            if (c < 0x20) return reject("a control character in a string");
            if (c >= 0x80) {
                auto length = utf8::sequence_length(text_, pos_);
                if (length == 0) return reject("not valid UTF-8");
                pos_ += length;
                continue;
            }
            string_had_escape_ = true;
            if (!escape()) return false;
        }
        return false;
    }

    // Most bytes of a string are plain ASCII: skips them, 16 at a time with SSE2 (any x86-64), then
    // one table lookup each, stopping at the first byte that needs a look.
    [[gnu::always_inline]] void skip_plain() {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
        while (pos_ + 16 <= text_.size()) {
            __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text_.data() + pos_));
            // Signed, bytes 0x80-0xFF are negative: "below 0x20" catches them with the control characters.
            __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                                           _mm_cmplt_epi8(chunk, space));
            if (int mask = _mm_movemask_epi8(special); mask != 0) {
                pos_ += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
                return;
            }
            pos_ += 16;
        }
#endif
        while (pos_ < text_.size() && !special_in_string[static_cast<unsigned char>(text_[pos_])]) ++pos_;
    }

    // At '\\'; leaves pos_ after the escape (both halves of a surrogate pair).
    bool escape() {
        if (++pos_ >= text_.size()) return false;
        char e = text_[pos_];
        switch (e) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't': ++pos_; return true;
            case 'u': break;
            default: return reject("an invalid escape");
        }
        auto code = hex4(text_, pos_ + 1);
        if (!code) return reject("an invalid escape");
        pos_ += 5;
        if (low_surrogate(*code)) return reject("a lone surrogate escape");
        if (!high_surrogate(*code)) return true;
        std::optional<std::uint32_t> low;
        if (at('\\') && pos_ + 1 < text_.size() && text_[pos_ + 1] == 'u') low = hex4(text_, pos_ + 2);
        if (!low || !low_surrogate(*low)) return reject("a lone surrogate escape");
        pos_ += 6;
        return true;
    }

    bool digits() {
        auto start = pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        return pos_ > start;
    }

    bool number() {
        auto start = pos_;
        if (at('-')) ++pos_;
        if (at('0')) ++pos_;
        else if (!digits()) return false;
        auto integer_digits = pos_ - start;
        if (at('.')) {
            ++pos_;
            if (!digits()) return false;
        }
        bool exponent = at('e') || at('E');
        if (exponent) {
            ++pos_;
            if (at('+') || at('-')) ++pos_;
            if (!digits()) return false;
        }
        // Without an exponent a number of fewer than 309 integer digits fits a double; otherwise
        // ask strtod (rare: only such numbers pay for the copy).
        if ((exponent || integer_digits >= 309) && !fits_double(slice(start, pos_)))
            return reject("a number too large for a double");
        return true;
    }

    static bool fits_double(std::string_view number) {
        std::string copy(number);
        double value = std::strtod(copy.c_str(), nullptr);
        return value <= 1.7976931348623157e308 && value >= -1.7976931348623157e308;
    }

    std::string_view text_;
    Visitor& visitor_;
    Limits limits_;
    std::size_t pos_ = 0;
    const char* problem_ = nullptr;
    bool string_had_escape_ = false;      // of the last string() read
    std::vector<std::string_view> keys_;  // the keys read so far of each object still open, outermost first
};

struct NoVisit {
    bool operator()(const Member&) const noexcept { return false; }
};

}  // namespace detail

// Validates all of `text` while calling `visitor(const Member&) -> bool` for every member of every
// object entered; returning true for an object member enters it. The visitor may have been called
// for members before a problem further on is found: act on what it saw only when the result is ok.
// A rejected text is BAD_JSON "<reason> at byte N (M bytes)".
template <class Visitor>
workspace::Result<void> scan(std::string_view text, Visitor&& visitor, Limits limits = {}) {
    auto verdict = detail::Scanner<std::remove_reference_t<Visitor>>(text, visitor, limits).document();
    if (verdict.reason == nullptr) return {};
    return workspace::Problem("BAD_JSON", std::string(verdict.reason) + " at byte " + std::to_string(verdict.offset) +
                                              " (" + std::to_string(text.size()) + " bytes)");
}

// Validates `text` only.
inline workspace::Result<void> check(std::string_view text, Limits limits = {}) {
    detail::NoVisit none;
    return scan(text, none, limits);
}

// Convenience for visitors: the member's value as text — strings unescaped, numbers and
// literals as written, empty for objects and arrays.
inline std::string text_of(const Member& member) {
    switch (member.kind) {
        case Kind::string:
            return member.escaped ? unescape(member.raw).value_or(std::string()) : std::string(member.raw);
        case Kind::number:
        case Kind::literal: return std::string(member.raw);
        case Kind::object:
        case Kind::array: break;
    }
    return {};
}

}  // namespace workspace::json_scan
