// Webex OAuth's pure parts (PKCE, the authorize address, form bodies, token answers, refresh timing,
// what a redirect is and where to listen for it), the token store on disk, including a writer killed
// at random moments, and the first read of the store by a client that already has requests waiting.

#include "client_fixture.hpp"

#include "webexcc/client/oauth.hpp"
#include "webexcc/client/token_store.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#ifndef _WIN32
#include <sys/wait.h>
#endif
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

using namespace webexcc::client;
using namespace std::chrono_literals;

TEST_CASE("PKCE: the S256 challenge of RFC 7636's example, and fresh verifiers", "[oauth]") {
    CHECK(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") ==
          "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    auto first = make_pkce(), second = make_pkce();
    CHECK(first.verifier.size() == 43);
    CHECK(first.verifier != second.verifier);
    CHECK(first.challenge == pkce_challenge(first.verifier));
    CHECK(random_state() != random_state());
}

TEST_CASE("the authorize address and the token endpoint's form bodies", "[oauth]") {
    OAuthSettings settings;
    settings.client_id = "C1 d+";
    auto url = authorize_url(settings, "http://localhost:8751/callback", "st", "ch");
    CHECK_THAT(url, Catch::StartsWith("https://webexapis.com/v1/authorize?client_id=C1%20d+"));
    CHECK_THAT(url, Catch::Contains("response_type=code"));
    CHECK_THAT(url, Catch::Contains("scope=cjp:config%20cjp:config_read%20cjp:user"));
    CHECK_THAT(url, Catch::Contains("&state=st&code_challenge=ch&code_challenge_method=S256"));
    // A form decodes '+' as a space: a secret holding one must arrive unchanged.
    CHECK(refresh_body(settings, "s+e/c=r&t", "rt") ==
          "grant_type=refresh_token&client_id=C1%20d%2B&client_secret=s%2Be%2Fc%3Dr%26t&refresh_token=rt");
    CHECK_THAT(code_exchange_body(settings, "s", "the-code", "http://localhost:1/cb", "ver"),
               Catch::Contains("grant_type=authorization_code") && Catch::Contains("code=the-code") &&
                   Catch::Contains("redirect_uri=http%3A%2F%2Flocalhost%3A1%2Fcb") &&
                   Catch::Contains("code_verifier=ver"));
}

TEST_CASE("token answers: tokens, rotation or not, and each failure kind", "[oauth]") {
    SystemTime now{std::chrono::seconds(1'000'000)};
    auto read = read_token_response(
        200, R"({"access_token":"A","expires_in":43200,"refresh_token":"R","refresh_token_expires_in":5184000})", now);
    REQUIRE(read.has_value());
    auto tokens = *read;
    CHECK(tokens.access_token == "A");
    CHECK(tokens.access_expires == now + 43200s);
    CHECK(tokens.refresh_expires == now + 5184000s);

    auto kept = read_token_response(200, R"({"access_token":"B","expires_in":60})", now + 1h, &tokens).value();
    CHECK(kept.refresh_token == "R");  // not rotated: the old refresh token stays
    CHECK(kept.refresh_expires == tokens.refresh_expires);

    auto code = [&](int status, const char* body) {
        auto result = read_token_response(status, body, now);
        return result ? std::string("tokens") : result.error().code;
    };
    CHECK(code(400, R"({"error":"invalid_grant"})") == token_rejected);
    CHECK(code(401, "") == token_rejected);
    CHECK(code(503, "") == token_unavailable);
    CHECK(code(429, "") == token_unavailable);
    CHECK(code(200, "[]") == token_malformed);
    CHECK(code(200, R"({"access_token":"A"})") == token_malformed);
    CHECK(code(200, R"({"access_token":"A","expires_in":60})") == token_malformed);  // first sign-in needs R
    auto rejected = read_token_response(400, R"({"error":"sim-access-<script>"})", now);
    REQUIRE_FALSE(rejected.has_value());
    CHECK(rejected.error().message.find("sim-access") == std::string::npos);  // only plain error names are quoted
    CHECK(read_token_response(400, R"({"error":"invalid_grant"})", now).error().message ==
          "the token endpoint refused the grant (HTTP 400): invalid_grant");
}

TEST_CASE("refresh timing: 75% of the lifetime, +-5% jitter; a margin before expiry", "[oauth]") {
    Tokens tokens;
    tokens.access_token = "A";
    tokens.access_obtained = SystemTime{} + 1000s;
    tokens.access_expires = tokens.access_obtained + 1000s;
    CHECK(refresh_due(tokens, 0.5) == tokens.access_obtained + 750s);
    CHECK(refresh_due(tokens, 0.0) == tokens.access_obtained + 700s);
    CHECK(refresh_due(tokens, 0.999999) < tokens.access_obtained + 800s);
    CHECK(access_usable(tokens, tokens.access_obtained + 969s));
    CHECK_FALSE(access_usable(tokens, tokens.access_obtained + 971s));  // the last 30 s
    tokens.access_expires = tokens.access_obtained + 10s;
    CHECK(access_usable(tokens, tokens.access_obtained + 8s));
    CHECK_FALSE(access_usable(tokens, tokens.access_obtained + 9s + 1ms));  // the last tenth
}

TEST_CASE("a redirect's code, state or error", "[oauth]") {
    auto ok = read_redirect_target("/callback?code=abc&state=x%2By");
    CHECK(ok.code == "abc");
    CHECK(ok.state == "x+y");
    auto denied = read_redirect_target("/callback?error=access_denied&error_description=The+user+declined&state=s");
    CHECK(denied.error == "access_denied");
    CHECK_FALSE(denied.code);
    CHECK_FALSE(read_redirect_target("not a target").code);
}

TEST_CASE("only an answer with the state sent ends the wait; a forged one is told apart", "[oauth]") {
    using Kind = RedirectCheck::Kind;
    auto kind = [](std::string_view target) { return check_redirect(target, "/callback", "the-state").kind; };
    CHECK(kind("/callback?code=c&state=the-state") == Kind::code);
    CHECK(kind("/callback?error=access_denied&state=the-state") == Kind::declined);
    CHECK(kind("/other?code=c&state=the-state") == Kind::other_path);
    CHECK(kind("/callback") == Kind::no_answer);
    CHECK(kind("/callback?state=the-state") == Kind::no_answer);
    // What any web page can make the browser send: never the outcome, whatever it carries.
    CHECK(kind("/callback?code=c&state=another") == Kind::wrong_state);
    CHECK(kind("/callback?code=c") == Kind::wrong_state);
    CHECK(kind("/callback?code=c&state=the-stat") == Kind::wrong_state);
    CHECK(kind("/callback?code=c&state=the-state-and-more") == Kind::wrong_state);
    CHECK(kind("/callback?error=access_denied&state=another") == Kind::wrong_state);
    CHECK(kind("/callback?error=access_denied") == Kind::wrong_state);
}

TEST_CASE("the redirect's listener holds every address its host can name; the default is the IP literal", "[oauth]") {
    CHECK(OAuthSettings{}.redirect_uri == "http://127.0.0.1:8751/callback");  // RFC 8252 §8.3
    CHECK(loopback_listen_addresses("localhost") == std::vector<std::string>{"127.0.0.1", "::1"});
    CHECK(loopback_listen_addresses("127.0.0.1") == std::vector<std::string>{"127.0.0.1"});
    CHECK(loopback_listen_addresses("::1") == std::vector<std::string>{"::1"});
    CHECK(loopback_listen_addresses("example.com").empty());
    CHECK(loopback_listen_addresses("10.0.0.1").empty());
    CHECK(loopback_listen_addresses("::").empty());
}

namespace {

struct Folder {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("token-store-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    Folder() { std::filesystem::create_directories(path); }
    ~Folder() { std::filesystem::remove_all(path); }
};

#ifndef _WIN32  // used by the POSIX cases below only
Tokens numbered(int n) {
    Tokens tokens;
    tokens.access_token = "access-" + std::to_string(n) + std::string(200, 'a');
    tokens.access_obtained = SystemTime{std::chrono::seconds(1'700'000'000 + n)};
    tokens.access_expires = tokens.access_obtained + 12h;
    tokens.refresh_token = "refresh-" + std::to_string(n);
    tokens.refresh_expires = tokens.access_obtained + 1440h;
    return tokens;
}
#endif

}  // namespace

// POSIX behaviour (0600 modes, fork and SIGKILL): the Windows token store is tested in tests/windows.
#ifndef _WIN32
TEST_CASE("the token store: 0600, refused when others may read it, absent is not an error", "[oauth][store]") {
    Folder folder;
    auto file = folder.path / "tokens.json";
    auto absent = read_token_store(file);
    REQUIRE(absent.has_value());
    CHECK_FALSE(absent->has_value());
    REQUIRE(write_token_store(file, numbered(1)));
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    auto read = read_token_store(file);
    REQUIRE(read.has_value());
    REQUIRE(read->has_value());
    CHECK((*read)->refresh_token == "refresh-1");
    CHECK((*read)->access_expires == numbered(1).access_expires);

    std::filesystem::permissions(file, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    auto unsafe = read_token_store(file);
    REQUIRE_FALSE(unsafe.has_value());  // a group-readable store is not read
    CHECK(unsafe.error().code == "UNSAFE_FILE");
    CHECK_THAT(unsafe.error().message, Catch::StartsWith("token store " + file.string()) &&
                                           Catch::Contains("may be read or written by others"));
    CHECK(unsafe.error().message.find("refresh-1") == std::string::npos);
    if (::geteuid() == 0) {  // root can hand the file to another user
        std::filesystem::permissions(file, std::filesystem::perms::group_read, std::filesystem::perm_options::remove);
        REQUIRE(::chown(file.c_str(), 65534, 65534) == 0);
        auto foreign = read_token_store(file);
        REQUIRE_FALSE(foreign.has_value());
        CHECK_THAT(foreign.error().message, Catch::Contains("belongs to another user"));
    }
    std::ofstream(folder.path / "bad.json") << "{\"accessToken\": 1}";
    std::filesystem::permissions(folder.path / "bad.json",
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto bad = read_token_store(folder.path / "bad.json");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error() ==
          workspace::Problem("BAD_TOKEN_STORE", "token store " + (folder.path / "bad.json").string() +
                                                    ": not a token store (sign in again to rewrite it)"));
    CHECK_FALSE(parse_token_store(R"({"accessToken":"A","accessTokenObtainedAt":17000043200,"accessTokenExpiresAt":1,
                                      "refreshToken":"R","refreshTokenExpiresAt":0})")
                    .has_value());  // beyond the clock
    CHECK_FALSE(parse_token_store("{\"accessToken\":\"\\ud800\"}").has_value());
}

TEST_CASE("a writer killed at any moment leaves the old tokens or the new ones, never half", "[oauth][store]") {
    Folder folder;
    auto file = folder.path / "tokens.json";
    REQUIRE(write_token_store(file, numbered(0)));
    std::mt19937 random(7);
    for (int round = 0; round < 30; ++round) {
        pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {  // rewrites the store as fast as it can until killed
            for (int n = 1;; ++n) write_token_store(file, numbered(n));
        }
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(100, 5000)(random)));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        auto read = read_token_store(file);
        REQUIRE(read.has_value());
        REQUIRE(read->has_value());
        const auto& survived = **read;
        auto n = survived.refresh_token.substr(std::string("refresh-").size());
        CHECK(survived == read_token_store(file).value().value());
        CHECK(survived.access_token == numbered(std::stoi(n)).access_token);  // whole, and consistent
    }
    REQUIRE(write_token_store(file, numbered(99)));  // a stale temporary file does not stop the next write
    CHECK(read_token_store(file).value().value().refresh_token == "refresh-99");
}
#endif  // _WIN32

TEST_CASE("a request sent before the token store is first read goes out with the stored token, no refresh",
          "[oauth][store]") {
    using namespace webexcc::testing;
    Folder folder;
    auto sim = started_simulator();
    Tokens stored;
    stored.access_token = "wxcc-sim-token";  // the simulator's own, valid for an hour
    stored.access_obtained = std::chrono::system_clock::now();
    stored.access_expires = stored.access_obtained + 1h;
    stored.refresh_token = "refresh";
    stored.refresh_expires = stored.access_obtained + 24h;
    REQUIRE(write_token_store(folder.path / "tokens.json", stored));

    auto config = client_config(sim->url(), {});
    config.token_file.reset();
    config.oauth.emplace();
    config.oauth->settings.client_id = "wxcc-sim-client";
    config.oauth->settings.token_url = sim->url() + "/v1/access_token";
    config.oauth->client_secret = "wxcc-sim-secret";
    config.oauth->token_store = folder.path / "tokens.json";
    boost::asio::io_context io;
    RestClient rest(io.get_executor(), config, nullptr);
    std::optional<ApiResponse> answer;
    rest.send(subscribe_notifications(),
              [&](ApiResponse response) { answer = std::move(response); });  // before the store is read
    REQUIRE(run_until(
        io, [&] { return answer.has_value(); }, 3s));  // not at the refresh, 45 minutes on
    CHECK(answer->ok());
    CHECK(sim->control({{"status", true}})["oauth"]["tokenRequests"] == 0);
}
