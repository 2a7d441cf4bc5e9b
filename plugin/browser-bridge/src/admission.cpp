#include "admission.hpp"

#include "origin.hpp"

#include "workspace/message/envelope.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace browser_bridge {

namespace {

std::vector<std::string> own_origins(std::uint16_t port) {
    auto suffix = ":" + std::to_string(port);
    return {"http://127.0.0.1" + suffix, "http://localhost" + suffix, "http://[::1]" + suffix};
}

bool key_matches(std::string_view authorization, const std::string& key) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() != scheme.size() + key.size()) return false;
    if (!workspace::message::iequals(authorization.substr(0, scheme.size()), scheme)) return false;
    return CRYPTO_memcmp(authorization.data() + scheme.size(), key.data(), key.size()) == 0;  // constant time
}

}  // namespace

bool names_this_bridge(std::string_view host_header, std::uint16_t port) {
    auto name = workspace::message::to_lower(host_header);
    auto own = own_origins(port);
    return std::any_of(own.begin(), own.end(), [&](const std::string& origin) {
        return origin.substr(std::string_view("http://").size()) == name;
    });
}

bool origin_allowed(std::string_view origin, const AdmissionRules& rules) {
    auto normal = normalized_origin(origin);
    if (!normal) return false;
    auto own = own_origins(rules.port);
    return std::count(own.begin(), own.end(), *normal) > 0 ||
           std::count(rules.allowed_origins.begin(), rules.allowed_origins.end(), *normal) > 0;
}

std::string budget_owner(std::optional<std::string_view> origin, const AdmissionRules& rules) {
    auto normal = origin ? normalized_origin(*origin) : std::nullopt;
    if (!normal) return "";
    if (std::count(rules.allowed_origins.begin(), rules.allowed_origins.end(), *normal) > 0) return *normal;
    return "the bridge's own page";
}

Admission admit_page(std::string_view host_header, std::optional<std::string_view> origin,
                     std::optional<std::string_view> authorization, const AdmissionRules& rules) {
    if (!names_this_bridge(host_header, rules.port))
        return {403, "the Host header does not name this bridge on loopback"};
    if (origin) {
        if (origin_allowed(*origin, rules)) return {};
        return {403, "origin not allowed (the bridge's \"allowedOrigins\" setting)"};
    }
    if (!rules.access_key)
        return {403, "a client without Origin needs the access key, and none is configured (\"accessKeyFile\")"};
    if (!authorization || !key_matches(*authorization, *rules.access_key))
        return {401, "a client without Origin must send Authorization: Bearer <access key>"};
    return {};
}

}  // namespace browser_bridge
