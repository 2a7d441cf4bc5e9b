#pragma once
// Customer numbers as agents type them. Pure.

#include <optional>
#include <string>
#include <string_view>

namespace webexcc::outbound {

// "+91 77027-79401", "(917) 702.779401" -> "+917702779401" / "917702779401". Spaces, dashes, dots,
// slashes and parentheses are dropped; the rest must be digits with an optional leading '+'.
// Empty when the number is not dialable or longer than 36 characters (Webex's limit).
std::optional<std::string> normalize_number(std::string_view typed);

// Why normalize_number refused `typed`, for the error message.
std::string number_problem(std::string_view typed);

// "+917702779401" -> "+91*******401": enough to recognise a call in a log, not to call the customer.
std::string mask_number(std::string_view number);

// Whether two numbers name the same customer: equal digits, or one is the other with a country
// prefix (the shorter has at least 7 digits).
bool same_number(std::string_view a, std::string_view b);

}  // namespace webexcc::outbound
