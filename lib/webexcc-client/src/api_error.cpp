#include "api_error.hpp"

#include "webexcc/client/api_error.hpp"
#include "workspace/json/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace webexcc::client {

namespace detail {

std::string_view to_string(ErrorKind kind) noexcept {
    static constexpr std::array<std::string_view, 6> names{"network", "timeout",        "tls",
                                                           "http",    "authentication", "cancelled"};
    return names.at(static_cast<std::size_t>(kind));
}

std::string ApiError::describe() const {
    std::string text = message;
    if (http_status != 0) text += " (HTTP " + std::to_string(http_status) + ")";
    if (!error_type.empty()) text += " " + error_type;
    if (!error_message.empty()) text += ": " + error_message;
    if (!reason_code.empty()) text += " [reasonCode " + reason_code + "]";
    if (!tracking_id.empty()) text += " trackingId " + tracking_id;
    return text;
}

std::string ApiError::code() const {
    auto upper = [](std::string text) {
        for (auto& c : text)
            if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
        return text;
    };
    if (!error_type.empty()) return upper(error_type);
    if (http_status != 0) return "HTTP_" + std::to_string(http_status);
    return upper(std::string(to_string(kind))) + "_ERROR";
}

namespace {

std::string text_of(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number() || value.is_boolean()) return value.dump();
    return {};
}

std::string field(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it == object.end() ? std::string() : text_of(*it);
}

}  // namespace

ApiError read_http_error(int status, std::string_view body, std::string_view tracking_header, std::string_view action) {
    ApiError error;
    error.kind = ErrorKind::http;
    error.http_status = status;
    error.tracking_id = std::string(tracking_header);
    error.message = std::string(action) + " failed";

    // Read by the strict rule, as every input: a body that is not strict JSON gives no fields.
    auto parsed_body = workspace::parse_strict(body);
    if (!parsed_body || !parsed_body->is_object()) return error;
    const auto& parsed = *parsed_body;
    error.error_type = field(parsed, "errorType");
    error.error_message = field(parsed, "errorMessage");
    error.reason_code = field(parsed, "reasonCode");
    if (error.tracking_id.empty()) error.tracking_id = field(parsed, "trackingId");
    if (error.error_message.empty()) {
        if (auto nested = parsed.find("error"); nested != parsed.end() && nested->is_object()) {
            error.error_type = field(*nested, "key");
            if (auto list = nested->find("message"); list != nested->end() && list->is_array() && !list->empty())
                error.error_message = field((*list)[0], "description");
        } else {
            error.error_message = field(parsed, "message");
            if (error.reason_code.empty()) error.reason_code = field(parsed, "code");
        }
    }
    return error;
}

}  // namespace detail

workspace::Problem error_from_http(int status, std::string_view body, std::string_view tracking_header,
                                   std::string_view action) {
    return detail::read_http_error(status, body, tracking_header, action).problem();
}

}  // namespace webexcc::client
