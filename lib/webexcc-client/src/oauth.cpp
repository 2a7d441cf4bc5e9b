#include "webexcc/client/oauth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include "workspace/json/strict_json.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace webexcc::client {

namespace {

std::string base64url(const unsigned char* data, std::size_t size) {
    std::string text(4 * ((size + 2) / 3), '\0');
    int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), data, static_cast<int>(size));
    text.resize(static_cast<std::size_t>(written));
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    text.erase(std::find(text.begin(), text.end(), '='), text.end());
    return text;
}

std::string random_base64url(std::size_t bytes) {
    std::array<unsigned char, 64> random{};
    if (bytes > random.size() || RAND_bytes(random.data(), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("the system's random number generator failed");
    return base64url(random.data(), bytes);
}

// application/x-www-form-urlencoded: every byte but the unreserved ones percent-encoded. Written
// out because a URL query's rules (Boost.URL's) leave '+' as is, which a form decodes as a space:
// a client secret holding '+' would reach the token endpoint changed.
std::string form(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string body;
    auto encode = [&](std::string_view text) {
        for (unsigned char c : text) {
            if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                body += static_cast<char>(c);
            } else {
                body += '%';
                body += hex[c >> 4];
                body += hex[c & 15];
            }
        }
    };
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        encode(name);
        body += '=';
        encode(value);
    }
    return body;
}

std::string joined_scopes(const OAuthSettings& settings) {
    std::string scopes;
    for (const auto& scope : settings.scopes) scopes += (scopes.empty() ? "" : " ") + scope;
    return scopes;
}

std::chrono::seconds seconds_in(const nlohmann::json& body, const char* key) {
    auto found = body.find(key);
    if (found == body.end() || !found->is_number() || found->get<double>() <= 0 || found->get<double>() > 1e9)
        return std::chrono::seconds(0);
    return std::chrono::seconds(static_cast<long long>(found->get<double>()));
}

std::string string_in(const nlohmann::json& body, const char* key) {
    if (!body.is_object()) return {};
    auto found = body.find(key);
    return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::chrono::system_clock::duration lifetime_of(const Tokens& tokens) {
    return tokens.access_expires - tokens.access_obtained;
}

}  // namespace

std::string pkce_challenge(std::string_view verifier) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest.data());
    return base64url(digest.data(), digest.size());
}

Pkce make_pkce() {
    Pkce pkce;
    pkce.verifier = random_base64url(32);
    pkce.challenge = pkce_challenge(pkce.verifier);
    return pkce;
}

std::string random_state() { return random_base64url(32); }

std::string authorize_url(const OAuthSettings& settings, std::string_view redirect_uri, std::string_view state,
                          std::string_view challenge) {
    auto parsed = boost::urls::parse_uri(settings.authorize_url);
    if (!parsed) throw std::invalid_argument("the authorize URL is not a URL");
    boost::urls::url url(*parsed);
    url.params().append({"client_id", settings.client_id});
    url.params().append({"response_type", "code"});
    url.params().append({"redirect_uri", redirect_uri});
    url.params().append({"scope", joined_scopes(settings)});
    url.params().append({"state", state});
    url.params().append({"code_challenge", challenge});
    url.params().append({"code_challenge_method", "S256"});
    return std::string(url.buffer());
}

std::string code_exchange_body(const OAuthSettings& settings, std::string_view client_secret, std::string_view code,
                               std::string_view redirect_uri, std::string_view verifier) {
    return form({{"grant_type", "authorization_code"},
                 {"client_id", settings.client_id},
                 {"client_secret", client_secret},
                 {"code", code},
                 {"redirect_uri", redirect_uri},
                 {"code_verifier", verifier}});
}

std::string refresh_body(const OAuthSettings& settings, std::string_view client_secret,
                         std::string_view refresh_token) {
    return form({{"grant_type", "refresh_token"},
                 {"client_id", settings.client_id},
                 {"client_secret", client_secret},
                 {"refresh_token", refresh_token}});
}

workspace::Result<Tokens> read_token_response(int status, std::string_view body_text, SystemTime now,
                                              const Tokens* previous) {
    using workspace::Problem;
    // Read by the project's one rule for JSON that crosses a trust boundary; not JSON reads as empty.
    auto parsed = workspace::parse_strict(body_text);
    auto body = parsed ? std::move(*parsed) : nlohmann::json();
    if (status == 400 || status == 401) {
        std::string reason = "the token endpoint refused the grant (HTTP " + std::to_string(status) + ")";
        if (auto error = string_in(body, "error"); plain_error_name(error)) reason += ": " + error;
        return Problem(token_rejected, reason);
    }
    if (status < 200 || status >= 300)
        return Problem(token_unavailable, "the token endpoint answered HTTP " + std::to_string(status));
    if (!body.is_object()) return Problem(token_malformed, "the token endpoint's answer is not a JSON object");
    Tokens tokens;
    tokens.access_token = string_in(body, "access_token");
    auto access_lifetime = seconds_in(body, "expires_in");
    if (tokens.access_token.empty() || access_lifetime.count() == 0)
        return Problem(token_malformed, "the token endpoint's answer lacks access_token or expires_in");
    tokens.access_obtained = now;
    tokens.access_expires = now + access_lifetime;
    tokens.refresh_token = string_in(body, "refresh_token");
    auto refresh_lifetime = seconds_in(body, "refresh_token_expires_in");
    if (!tokens.refresh_token.empty()) {
        tokens.refresh_expires = refresh_lifetime.count() > 0 ? now + refresh_lifetime : SystemTime::max();
    } else if (previous != nullptr) {  // a refresh that did not rotate: the old one stays good
        tokens.refresh_token = previous->refresh_token;
        tokens.refresh_expires = previous->refresh_expires;
    } else {
        return Problem(token_malformed, "the token endpoint's answer lacks refresh_token");
    }
    return tokens;
}

bool plain_error_name(std::string_view name) {
    return !name.empty() && name.size() < 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

SystemTime refresh_due(const Tokens& tokens, double unit_random) {
    auto lifetime = lifetime_of(tokens);
    double fraction = refresh_fraction + refresh_jitter * (2 * unit_random - 1);
    return tokens.access_obtained +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(lifetime * fraction);
}

bool access_usable(const Tokens& tokens, SystemTime now) {
    auto margin = std::min<std::chrono::system_clock::duration>(lifetime_of(tokens) / 10, std::chrono::seconds(30));
    return !tokens.access_token.empty() && now < tokens.access_expires - margin;
}

bool refresh_usable(const Tokens& tokens, SystemTime now) {
    return !tokens.refresh_token.empty() && now < tokens.refresh_expires;
}

Redirect read_redirect_target(std::string_view target) {
    Redirect redirect;
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return redirect;
    for (auto param : parsed->params()) {
        if (!param.has_value) continue;
        std::string value(param.value);
        if (param.key == "code") redirect.code = value;
        else if (param.key == "state") redirect.state = value;
        else if (param.key == "error") redirect.error = value;
        else if (param.key == "error_description") redirect.error_description = value;
    }
    return redirect;
}

RedirectCheck check_redirect(std::string_view target, std::string_view path, std::string_view state) {
    RedirectCheck check;
    if (target.substr(0, target.find('?')) != path) {
        check.kind = RedirectCheck::Kind::other_path;
        return check;
    }
    check.redirect = read_redirect_target(target);
    const auto& redirect = check.redirect;
    // The state is compared in constant time: it is the one thing that tells our answer from a forged one.
    bool same_state = redirect.state && redirect.state->size() == state.size() &&
                      CRYPTO_memcmp(redirect.state->data(), state.data(), state.size()) == 0;
    if (!redirect.code && !redirect.error) check.kind = RedirectCheck::Kind::no_answer;
    else if (!same_state) check.kind = RedirectCheck::Kind::wrong_state;
    else if (redirect.error) check.kind = RedirectCheck::Kind::declined;
    else check.kind = RedirectCheck::Kind::code;
    return check;
}

std::vector<std::string> loopback_listen_addresses(std::string_view host) {
    if (host == "localhost") return {"127.0.0.1", "::1"};
    boost::system::error_code not_an_address;
    auto address = boost::asio::ip::make_address(std::string(host), not_an_address);
    if (not_an_address || !address.is_loopback()) return {};
    return {address.to_string()};
}

}  // namespace webexcc::client
