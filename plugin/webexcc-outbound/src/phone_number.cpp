#include "phone_number.hpp"

#include <cctype>

namespace webexcc::outbound {

namespace {

constexpr std::size_t max_destination_length = 36;

bool formatting(char c) { return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\t'; }

std::string digits_of(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    return digits;
}

}  // namespace

std::optional<std::string> normalize_number(std::string_view typed) {
    std::string number;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        char c = typed[i];
        if (formatting(c)) continue;
        if (c == '+' && number.empty()) {
            number += c;
            continue;
        }
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        number += c;
    }
    if (number.empty() || number == "+" || number.size() > max_destination_length) return std::nullopt;
    return number;
}

std::string number_problem(std::string_view typed) {
    std::string number;
    for (char c : typed)
        if (!formatting(c)) number += c;
    if (number.empty()) return "the number is empty";
    for (std::size_t i = 0; i < number.size(); ++i) {
        if (number[i] == '+' && i == 0) continue;
        if (!std::isdigit(static_cast<unsigned char>(number[i])))
            return number[i] == '+'
                       ? "'+' is allowed only at the start"
                       : "the number may hold only digits, an optional leading '+' and formatting characters";
    }
    if (number == "+") return "the number has no digits";
    return "the number is longer than 36 characters";
}

std::string mask_number(std::string_view number) {
    std::string masked(number);
    std::size_t start = masked.size() > 0 && masked[0] == '+' ? 3 : 2;
    for (std::size_t i = start; i + 3 < masked.size(); ++i)
        if (std::isdigit(static_cast<unsigned char>(masked[i]))) masked[i] = '*';
    return masked;
}

bool same_number(std::string_view a, std::string_view b) {
    auto x = digits_of(a), y = digits_of(b);
    if (x.empty() || y.empty()) return false;
    if (x.size() < y.size()) std::swap(x, y);
    return x == y || (y.size() >= 7 && x.compare(x.size() - y.size(), y.size(), y) == 0);
}

}  // namespace webexcc::outbound
