#pragma once
// Webex OAuth 2.0 for a native app (RFC 8252): the authorization-code flow with PKCE and `state`,
// and the refresh of the tokens it gives. Pure: no I/O, the caller passes the time and randomness
// comes from OpenSSL.
//
//   auto pkce = make_pkce();                        // keep pkce.verifier; send the challenge
//   auto url = authorize_url(settings, redirect_uri, state, pkce.challenge);
//   ... the browser comes back to redirect_uri?code=...&state=...
//   auto body = code_exchange_body(settings, secret, code, redirect_uri, pkce.verifier);
//   auto tokens = read_token_response(status, response_body, now);   // Tokens or a Problem

#include "workspace/problem.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::client {

using SystemTime = std::chrono::system_clock::time_point;

struct OAuthSettings {
    std::string client_id;
    std::vector<std::string> scopes = {"cjp:config", "cjp:config_read", "cjp:user"};
    std::string authorize_url = "https://webexapis.com/v1/authorize";
    std::string token_url = "https://webexapis.com/v1/access_token";
    // The loopback IP literal, not "localhost" (RFC 8252 §8.3): a browser may take "localhost" to
    // ::1 as well as 127.0.0.1, and whoever listens there first would receive the code.
    std::string redirect_uri = "http://127.0.0.1:8751/callback";
};

// What the token store holds (token_store.hpp). Times are absolute, so they survive restarts.
struct Tokens {
    std::string access_token;
    SystemTime access_obtained{};
    SystemTime access_expires{};
    std::string refresh_token;
    SystemTime refresh_expires{};
    bool operator==(const Tokens&) const = default;
};

// The problems of getting tokens, named by what helps. Their messages never hold a token, a code
// or a secret.
inline constexpr const char* token_rejected = "TOKEN_REJECTED";        // only a new sign-in helps
inline constexpr const char* token_unavailable = "TOKEN_UNAVAILABLE";  // trying again may help
inline constexpr const char* token_malformed = "TOKEN_MALFORMED";      // an answer without the tokens

struct Pkce {
    std::string verifier;   // 43 characters of base64url (32 random bytes)
    std::string challenge;  // base64url(SHA-256(verifier)), method S256
};
Pkce make_pkce();
std::string pkce_challenge(std::string_view verifier);
std::string random_state();  // 32 random bytes, base64url

std::string authorize_url(const OAuthSettings& settings, std::string_view redirect_uri, std::string_view state,
                          std::string_view challenge);

// application/x-www-form-urlencoded bodies for the token endpoint.
std::string code_exchange_body(const OAuthSettings& settings, std::string_view client_secret, std::string_view code,
                               std::string_view redirect_uri, std::string_view verifier);
std::string refresh_body(const OAuthSettings& settings, std::string_view client_secret, std::string_view refresh_token);

// The token endpoint's answer. A refresh that returns no refresh token keeps `previous`'s.
// 400 and 401 are TOKEN_REJECTED (the grant is invalid); any other status outside 2xx (5xx, 429)
// is TOKEN_UNAVAILABLE; a 2xx without the tokens is TOKEN_MALFORMED.
workspace::Result<Tokens> read_token_response(int status, std::string_view body, SystemTime now,
                                              const Tokens* previous = nullptr);

// Whether an OAuth error name ("access_denied", "invalid_grant") is a plain identifier, safe to
// show: the only part of an answer or a redirect ever quoted.
bool plain_error_name(std::string_view name);

// When to refresh: at `fraction` of the access token's lifetime, moved by up to ±`jitter` of it
// (`unit_random` in [0, 1)), so desktops signed in together do not refresh together.
inline constexpr double refresh_fraction = 0.75;
inline constexpr double refresh_jitter = 0.05;
SystemTime refresh_due(const Tokens& tokens, double unit_random);

// Whether the access token can still be sent: not within the last tenth of its lifetime (at most
// 30 s) before its expiry, so a request does not reach Webex with a token that expires on the way.
bool access_usable(const Tokens& tokens, SystemTime now);
bool refresh_usable(const Tokens& tokens, SystemTime now);

// The query of a redirect: code and state, or the error the authorization server sent.
struct Redirect {
    std::optional<std::string> code;
    std::optional<std::string> state;
    std::optional<std::string> error;  // e.g. "access_denied"
    std::optional<std::string> error_description;
};
Redirect read_redirect_target(std::string_view target);

// What a request reaching the loopback redirect listener is. Only an answer (a code or an error)
// carrying the state that was sent ends the wait: any web page can make the browser call the
// redirect address (an <img> will do), so an answer with another state is `wrong_state`, to be
// ignored rather than taken as the outcome of the sign-in.
struct RedirectCheck {
    enum class Kind { other_path, no_answer, wrong_state, declined, code } kind = Kind::no_answer;
    Redirect redirect;
};
RedirectCheck check_redirect(std::string_view target, std::string_view path, std::string_view state);

// The addresses the redirect listener must hold, so that no other local program holds one the
// browser may connect to and receives the code: every address `host` can name. "localhost" is both
// 127.0.0.1 and ::1 (browsers try both; Chromium resolves it itself, whatever /etc/hosts says); a
// loopback IP literal is itself. Empty when `host` is not loopback.
std::vector<std::string> loopback_listen_addresses(std::string_view host);

}  // namespace webexcc::client
