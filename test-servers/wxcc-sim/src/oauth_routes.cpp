// wxcc-sim's Webex OAuth endpoints (webexapis.com/v1/authorize and /v1/access_token, as the spec
// describes them): the authorization code with PKCE (S256) and `state`, refresh with rotation,
// lifetimes down to seconds, and faults: denied consent, rejected refresh, 5xx, a slow endpoint.
// Written from the protocol, not from the client: its own form parsing and PKCE check.

#include "sim_server.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>

namespace wxcc_sim {

namespace {

std::string random_text(const char* prefix) {
    unsigned char bytes[24];
    RAND_bytes(bytes, sizeof bytes);
    static constexpr char hex[] = "0123456789abcdef";
    std::string text = prefix;
    for (unsigned char b : bytes) {
        text += hex[b >> 4];
        text += hex[b & 15];
    }
    return text;
}

// RFC 7636: BASE64URL(SHA256(verifier)), no padding.
std::string s256(const std::string& verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    std::string text(48, '\0');
    text.resize(static_cast<std::size_t>(
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), digest, sizeof digest)));
    for (auto& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    text.erase(std::remove(text.begin(), text.end(), '='), text.end());
    return text;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte.
std::map<std::string, std::string> read_form(std::string_view body) {
    auto decode = [](std::string_view text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+') out += ' ';
            else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                     std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
                out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else out += text[i];
        }
        return out;
    };
    std::map<std::string, std::string> fields;
    while (!body.empty()) {
        auto pair = body.substr(0, body.find('&'));
        body.remove_prefix(std::min(body.size(), pair.size() + 1));
        auto equals = pair.find('=');
        fields[decode(pair.substr(0, equals))] =
            equals == std::string_view::npos ? "" : decode(pair.substr(equals + 1));
    }
    return fields;
}

json oauth_error(const std::string& error, const std::string& description) {
    return {{"error", error}, {"error_description", description}};
}

}  // namespace

bool Simulator::Impl::token_accepted(std::string_view authorization) {
    constexpr std::string_view bearer = "Bearer ";
    if (authorization.substr(0, bearer.size()) != bearer) return false;
    auto token = std::string(authorization.substr(bearer.size()));
    if (token == options.token) return true;
    auto issued = oauth.access_tokens.find(token);
    return issued != oauth.access_tokens.end() && std::chrono::steady_clock::now() < issued->second;
}

Response Simulator::Impl::authorize(const Request& request) {
    auto target = std::string_view(request.target().data(), request.target().size());
    auto question = target.find('?');
    auto query = read_form(question == std::string_view::npos ? std::string_view() : target.substr(question + 1));
    auto redirect = query["redirect_uri"];
    if (query["client_id"] != oauth.client_id || redirect.empty())
        return reply(request, http::status::bad_request,
                     oauth_error("invalid_client", "unknown client_id or no redirect_uri"));
    if (query["response_type"] != "code" || query["code_challenge_method"] != "S256" || query["code_challenge"].empty())
        return reply(request, http::status::bad_request,
                     oauth_error("invalid_request", "response_type=code with an S256 code_challenge is required"));
    std::string location = redirect + (redirect.find('?') == std::string::npos ? "?" : "&");
    if (oauth.deny) {
        location += "error=access_denied&error_description=The+user+declined&state=" + query["state"];
    } else {
        auto code = random_text("sim-code-");
        oauth.codes[code] = {query["code_challenge"], redirect};
        location += "code=" + code + "&state=" + (oauth.wrong_state ? "not-the-state-sent" : query["state"]);
    }
    Response response{http::status::found, request.version()};
    response.set(http::field::server, "wxcc-sim");
    response.set(http::field::location, location);
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
}

Response Simulator::Impl::access_token(const Request& request) {
    ++oauth.token_requests;
    if (oauth.failures > 0) {
        --oauth.failures;
        return reply(request, static_cast<http::status>(oauth.failure_status), oauth_error("server_error", "injected"));
    }
    auto form = read_form(request.body());
    if (form["client_id"] != oauth.client_id || form["client_secret"] != oauth.client_secret)
        return reply(request, http::status::unauthorized, oauth_error("invalid_client", "bad client credentials"));
    auto now = std::chrono::steady_clock::now();
    if (form["grant_type"] == "authorization_code") {
        auto code = oauth.codes.find(form["code"]);
        bool good = code != oauth.codes.end() && code->second.redirect_uri == form["redirect_uri"] &&
                    s256(form["code_verifier"]) == code->second.challenge;
        if (code != oauth.codes.end()) oauth.codes.erase(code);  // one use, right or wrong
        if (!good)
            return reply(request, http::status::bad_request,
                         oauth_error("invalid_grant", "bad code, redirect_uri or verifier"));
    } else if (form["grant_type"] == "refresh_token") {
        ++oauth.refreshes;
        auto refresh = oauth.refresh_tokens.find(form["refresh_token"]);
        if (oauth.reject_refresh > 0 || refresh == oauth.refresh_tokens.end() || now >= refresh->second) {
            if (oauth.reject_refresh > 0) --oauth.reject_refresh;
            return reply(request, http::status::bad_request,
                         oauth_error("invalid_grant", "the refresh token is invalid or expired"));
        }
        oauth.refresh_tokens.erase(refresh);  // rotation: the old one stops working
    } else {
        return reply(request, http::status::bad_request, oauth_error("unsupported_grant_type", "grant_type"));
    }
    // Webex access tokens read <token>_<cluster>_<orgId>: the SDK takes the org id from it
    // (webex-core credentials extractOrgIdFromUserToken, exactly three '_' sections).
    auto access = random_text("sim-access-") + "_PF84_" + agent.org_id;
    auto refresh = random_text("sim-refresh-");
    oauth.access_tokens[access] = now + oauth.access_lifetime;
    oauth.refresh_tokens[refresh] = now + oauth.refresh_lifetime;
    return reply(request, http::status::ok,
                 {{"access_token", access},
                  {"expires_in", oauth.access_lifetime.count()},
                  {"refresh_token", refresh},
                  {"refresh_token_expires_in", oauth.refresh_lifetime.count()},
                  {"token_type", "Bearer"}});
}

json Simulator::Impl::oauth_control(const json& command) {
    if (!command.is_object()) return {{"error", "oauth must be an object"}};
    if (command.contains("accessTokenSeconds"))
        oauth.access_lifetime = std::chrono::seconds(command.at("accessTokenSeconds").get<int>());
    if (command.contains("refreshTokenSeconds"))
        oauth.refresh_lifetime = std::chrono::seconds(command.at("refreshTokenSeconds").get<int>());
    if (command.contains("deny")) oauth.deny = command.at("deny").get<bool>();
    if (command.contains("wrongState")) oauth.wrong_state = command.at("wrongState").get<bool>();
    if (command.contains("rejectRefresh")) oauth.reject_refresh = command.at("rejectRefresh").get<int>();
    if (command.contains("failures")) {
        oauth.failures = command.at("failures").value("count", 1);
        oauth.failure_status = command.at("failures").value("status", 503);
    }
    if (command.contains("delayMs")) oauth.delay = std::chrono::milliseconds(command.at("delayMs").get<int>());
    if (command.value("expireAccessTokens", false))
        for (auto& [token, expiry] : oauth.access_tokens) expiry = std::chrono::steady_clock::now();
    return {{"ok", true}};
}

}  // namespace wxcc_sim
