// Signing in to Webex once and keeping the token fresh, end to end: wxcc-login (a real process)
// against wxcc-sim's OAuth endpoints, with the test playing the browser; then the plugin, through a
// host, refreshing across expiries, racing 401s, a refused refresh and a new sign-in. The loopback
// listener's doors: forged redirects, both addresses of localhost, an address another program holds,
// running out of descriptors. Every log line, message and output is searched for the tokens, the
// secret and the codes.

#include "workspace_fixture.hpp"

#include "webexcc/client/token_store.hpp"
#include "webexcc/client/url.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#ifndef _WIN32
#include <sys/wait.h>
#endif
#include <cstdio>

using namespace webexcc::testing;

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// One GET; the response (a redirect is not followed).
http::response<http::string_body> get(const std::string& address) {
    auto url = webexcc::client::parse_url(address);
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    asio::connect(socket, asio::ip::tcp::resolver(io).resolve(url.host, url.port));
    http::request<http::empty_body> request{http::verb::get, url.target, 11};
    request.set(http::field::host, url.host_header());
    request.keep_alive(false);
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    boost::system::error_code error;
    http::read(socket, buffer, response, error);
    return response;
}

struct Login {
    int exit_code = -1;
    std::string output;  // stdout and stderr
    std::string code;    // the authorization code the browser carried, to search logs for
};

// Sends raw bytes to an address's host and port and reads whatever comes back.
std::string raw_exchange(const std::string& address, const std::string& bytes) {
    auto url = webexcc::client::parse_url(address);
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    asio::connect(socket, asio::ip::tcp::resolver(io).resolve(url.host, url.port));
    asio::write(socket, asio::buffer(bytes));
    socket.shutdown(asio::ip::tcp::socket::shutdown_send);
    std::string answer;
    boost::system::error_code error;
    char chunk[1024];
    while (auto got = socket.read_some(asio::buffer(chunk), error)) answer.append(chunk, got);
    return answer;
}

// The loopback redirect address in an authorize address (its redirect_uri, decoded).
std::string redirect_of(const std::string& authorize) {
    auto start = authorize.find("redirect_uri=") + 13;
    auto uri = authorize.substr(start, authorize.find('&', start) - start);
    for (std::size_t at; (at = uri.find("%3A")) != std::string::npos;) uri.replace(at, 3, ":");
    for (std::size_t at; (at = uri.find("%2F")) != std::string::npos;) uri.replace(at, 3, "/");
    return uri;
}

using BeforeBrowsing = std::function<void(const std::string& authorize)>;

// Runs wxcc-login and plays the browser: opens the address it prints (wxcc-sim signs the user in at
// once and redirects), then follows the redirect to wxcc-login's loopback listener.
// `shell` runs first in the same shell (a ulimit, say), which then becomes wxcc-login.
Login sign_in(const std::filesystem::path& config, const std::string& options = "", bool browse = true,
              const BeforeBrowsing& before = nullptr, const std::string& shell = "") {
    Login login;
#ifdef _WIN32
    // cmd.exe /c strips the outer quotes of a command holding several: the extra pair is for it.
    auto program = std::filesystem::path(WXCC_LOGIN_BINARY).make_preferred().string();
    std::string command =
        "\"" + shell + "\"" + program + "\" --no-browser --config \"" + config.string() + "\" " + options + " 2>&1\"";
    FILE* process = ::_popen(command.c_str(), "r");
#else
    std::string command =
        shell + " exec " + WXCC_LOGIN_BINARY + " --no-browser --config '" + config.string() + "' " + options + " 2>&1";
    FILE* process = ::popen(command.c_str(), "r");
#endif
    REQUIRE(process != nullptr);
    char line[4096];
    while (std::fgets(line, sizeof line, process) != nullptr) {
        login.output += line;
        std::string text(line);
        if (!browse || text.rfind("  http", 0) != 0) continue;
        auto address = text.substr(2, text.find_last_not_of("\r\n") - 1);
        if (before) before(address);
        auto authorize = get(address);
        REQUIRE(authorize.result_int() == 302);
        std::string location(authorize[http::field::location]);
        if (auto at = location.find("code="); at != std::string::npos)
            login.code = location.substr(at + 5, location.find('&', at) - at - 5);
        get(location);
    }
#ifdef _WIN32
    login.exit_code = ::_pclose(process);
#else
    int status = ::pclose(process);
    login.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
    return login;
}

// Points the configuration's redirect URI elsewhere.
void set_redirect(const std::filesystem::path& config, const std::string& uri) {
    auto text = json::parse(std::ifstream(config));
    text["plugins"][0]["config"]["oauth"]["redirectUri"] = uri;
    std::ofstream(config) << text.dump(2);
}

// Whether this machine can listen on the IPv6 loopback at all (some containers cannot).
bool ipv6_loopback() {
    asio::io_context io;
    boost::system::error_code error;
    asio::ip::tcp::acceptor acceptor(io);
    acceptor.open(asio::ip::tcp::v6(), error);
    if (!error) acceptor.bind({asio::ip::make_address("::1"), 0}, error);
    return !error;
}

// The secrets of a test: the client secret, every token the store held, the codes.
struct Secrets {
    std::vector<std::string> all = {"wxcc-sim-secret"};
    void remember(const std::filesystem::path& store) {
        auto tokens = webexcc::client::read_token_store(store);
        if (tokens && *tokens) {
            all.push_back((*tokens)->access_token);
            all.push_back((*tokens)->refresh_token);
        }
    }
    void remember(const Login& login) {
        if (!login.code.empty()) all.push_back(login.code);
    }
    void check_absent_from(const std::string& text, const char* where) const {
        for (const auto& secret : all) {
            INFO(where);
            CHECK(text.find(secret) == std::string::npos);
        }
    }
};

std::string all_messages_text(Workspace& workspace) {
    std::string text;
    for (const auto& message : workspace.all_messages()) text += message.dump() + "\n";
    return text;
}

int refreshes(Workspace& workspace) { return workspace.sim().control({{"status", true}})["oauth"]["refreshes"]; }

// The simulator's "Break" idle code. Signed in, the plugin's token names the simulator's org, so
// it reads the agent's profile and checks the code against it (or sends it, before the profile).
const char* const break_idle_code = "2f3b7a40-1c1d-4e8e-9a6b-0d1e2f3a4b11";

// The agent asks to go Not Ready (the request the sign-in tests use to reach Webex with the token).
void ask_not_ready(Workspace& workspace) {
    workspace.request({{"channel", "Webexcc"},
                       {"topic", "Agent"},
                       {"subtopic", "SetNotReadyState"},
                       {"data", {{"auxCodeId", break_idle_code}}}});
}

bool became_idle(Workspace& workspace) {
    return workspace.wait(
        [&] { return !workspace.agent_states().empty() && workspace.agent_states().back() == "Idle"; }, 10s);
}

}  // namespace

TEST_CASE("sign-in stores a 0600 token store, and the plugin works the whole call with it", "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    auto login = sign_in(config);
    INFO(login.output);
    REQUIRE(login.exit_code == 0);
    CHECK_THAT(login.output, Catch::Contains("Signed in to Webex. Tokens stored in"));
    auto store = workspace.root() / "tokens.json";
#ifdef _WIN32
    // Its owner-only DACL and DPAPI are tested by windows_secrets_tests; here: it is read as private.
    CHECK(webexcc::client::read_token_store(store).has_value());
#else
    CHECK((std::filesystem::status(store).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
#endif

    workspace.start_ready();
    workspace.make_call_request("+14155550123", "crm-1");
    CHECK(workspace.wait_for_event("DROPPED", 10s));
    CHECK(workspace.logged("access token from the token store"));

    Secrets secrets;
    secrets.remember(store);
    secrets.remember(login);
    secrets.check_absent_from(login.output, "wxcc-login's output");
    secrets.check_absent_from(workspace.all_logs(), "the logs");
    secrets.check_absent_from(all_messages_text(workspace), "the bus");
}

TEST_CASE("a call spanning the token's expiry, and one placed after it, go through refreshes with no event lost",
          "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    workspace.sim().control({{"oauth", {{"accessTokenSeconds", 3}}}});
    REQUIRE(sign_in(config).exit_code == 0);
    Secrets secrets;
    secrets.remember(workspace.root() / "tokens.json");
    workspace.start_ready();

    workspace.make_call_request("15550001007", "span");  // lasts until the agent ends it
    REQUIRE(workspace.wait_for_event("CustAnswered", 10s));
    std::this_thread::sleep_for(3500ms);  // the token the call started with has expired
    CHECK(refreshes(workspace) >= 1);     // refreshed ahead, at about 75% of its 3 s
    secrets.remember(workspace.root() / "tokens.json");
    workspace.control("Disconnect");
    CHECK(workspace.wait_for_event("DROPPED", 10s));
    CHECK(workspace.events() == Events{"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                       "eAgentContactEnded", "acw", "DROPPED"});

    // Webex forgets the token early: the outdial gets 401, a refresh, and goes through once. First
    // the next refresh ahead of time brings an hour-long token, so none comes ahead of time while
    // the second call runs (under a sanitizer it outlasts a 3 s token, which made this count 2).
    workspace.sim().control({{"oauth", {{"accessTokenSeconds", 3600}}}});
    int ahead = refreshes(workspace);
    REQUIRE(workspace.wait([&] { return refreshes(workspace) > ahead; }, 10s));
    int before = refreshes(workspace);
    workspace.sim().control({{"oauth", {{"expireAccessTokens", true}}}});
    workspace.make_call_request("+14155550123", "after");
    CHECK(workspace.wait([&] { return workspace.events().size() >= 6 + 5; }, 15s));
    CHECK(refreshes(workspace) == before + 1);
    CHECK(workspace.requests_to("POST /v1/tasks/") == 2 + 1);  // the first call's outdial, the refused one, its retry
    CHECK(workspace.errors().empty());
    secrets.remember(workspace.root() / "tokens.json");
    secrets.check_absent_from(workspace.all_logs(), "the logs");
    secrets.check_absent_from(all_messages_text(workspace), "the bus");
}

TEST_CASE("two requests racing a 401 trigger one refresh", "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    REQUIRE(sign_in(config).exit_code == 0);
    workspace.start_ready();
    int before = refreshes(workspace);
    workspace.sim().control({{"oauth", {{"expireAccessTokens", true}, {"delayMs", 400}}}});  // a slow token endpoint
    ask_not_ready(workspace);
    workspace.request({{"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "SetReadyState"}});
    CHECK(workspace.wait([&] { return workspace.requests_to("PUT /v1/agents/session/state") >= 4; }, 10s));
    workspace.settle();
    CHECK(refreshes(workspace) == before + 1);
    CHECK(workspace.messages_on("Agent", "SetNotReadyState").empty());  // no error: both went through
    CHECK(workspace.messages_on("Agent", "SetReadyState").empty());
}

TEST_CASE("a refused refresh publishes AuthenticationRequired once; a new sign-in resumes without a restart",
          "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    REQUIRE(sign_in(config).exit_code == 0);
    workspace.start_ready();
    workspace.sim().control({{"oauth", {{"expireAccessTokens", true}, {"rejectRefresh", 1}}}});
    ask_not_ready(workspace);
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "AuthenticationRequired").empty(); }, 10s));
    auto required = workspace.messages_on("Agent", "AuthenticationRequired")[0]["message"];
    CHECK_THAT(required["reason"].get<std::string>(), Catch::Contains("invalid_grant"));
    CHECK_THAT(required["command"].get<std::string>(), Catch::Contains("wxcc-login"));
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "SetNotReadyState").empty(); }));
    CHECK(workspace.messages_on("Agent", "SetNotReadyState")[0]["message"]["error"]["code"] == "AUTHENTICATION_ERROR");

    ask_not_ready(workspace);
    workspace.settle();
    CHECK(workspace.messages_on("Agent", "AuthenticationRequired").size() == 1);  // told once

    auto again = sign_in(config);  // the agent signs in again; the host keeps running
    REQUIRE(again.exit_code == 0);
    CHECK(workspace.wait([&] { return workspace.logged("signed in to Webex again"); }, 10s));
    ask_not_ready(workspace);
    CHECK(became_idle(workspace));
}

TEST_CASE("an expired store at start is refreshed before the plugin connects", "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    workspace.sim().control({{"oauth", {{"accessTokenSeconds", 1}}}});
    REQUIRE(sign_in(config).exit_code == 0);
    std::this_thread::sleep_for(1200ms);
    workspace.start_ready();
    CHECK(workspace.logged("the stored access token has expired; refreshing it"));
    CHECK(refreshes(workspace) >= 1);
}

TEST_CASE("wxcc-login fails clearly and stores nothing", "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    auto store = workspace.root() / "tokens.json";
    SECTION("the user declines consent") {
        workspace.sim().control({{"oauth", {{"deny", true}}}});
        auto login = sign_in(config);
        CHECK(login.exit_code == 6);
        CHECK_THAT(login.output, Catch::Contains("consent was declined"));
    }
    SECTION("only redirects with another state, until the timeout") {
        workspace.sim().control({{"oauth", {{"wrongState", true}}}});
        auto login = sign_in(config, "--timeout 2");
        CHECK(login.exit_code == 3);
        CHECK_THAT(login.output, Catch::Contains("only 1 answer(s) carrying another state"));
    }
    SECTION("the token endpoint fails") {
        workspace.sim().control({{"oauth", {{"failures", {{"status", 503}, {"count", 1}}}}}});
        auto login = sign_in(config);
        CHECK(login.exit_code == 4);
        CHECK_THAT(login.output, Catch::Contains("HTTP 503"));
    }
    SECTION("a command-line mistake: the usage, and the conventional status, apart from a sign-in not completed") {
        auto login = sign_in(config, "--timeout soon", false);
        CHECK(login.exit_code == 2);
        CHECK_THAT(login.output, Catch::Contains("--timeout needs a whole number of seconds") &&
                                     Catch::Contains("usage: wxcc-login"));
    }
    SECTION("nobody signs in in time") {
        auto login = sign_in(config, "--timeout 1", false);
        CHECK(login.exit_code == 5);
        CHECK_THAT(login.output, Catch::Contains("no sign-in within 1 s"));
    }
    CHECK_FALSE(std::filesystem::exists(store));
}

TEST_CASE("a token endpoint that fails is retried with backoff; the plugin recovers without a new sign-in",
          "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    REQUIRE(sign_in(config).exit_code == 0);
    workspace.start_ready();
    auto token_requests = [&] {
        return workspace.sim().control({{"status", true}})["oauth"]["tokenRequests"].get<int>();
    };
    int before = token_requests();
    workspace.sim().control({{"oauth", {{"expireAccessTokens", true}, {"failures", {{"status", 503}, {"count", 2}}}}}});
    ask_not_ready(workspace);
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "SetNotReadyState").empty(); }));
    CHECK(workspace.messages_on("Agent", "SetNotReadyState")[0]["message"]["error"]["code"] == "AUTHENTICATION_ERROR");
    CHECK(
        workspace.wait([&] { return token_requests() >= before + 3; }, 10s));  // 503, 503 after 1 s, success after 2 s
    CHECK(workspace.logged("refreshing the access token failed"));
    ask_not_ready(workspace);
    CHECK(became_idle(workspace));
    CHECK(workspace.messages_on("Agent", "AuthenticationRequired").empty());
}

TEST_CASE("a host started before anyone signed in asks for a sign-in, then connects after wxcc-login", "[sign-in]") {
    Workspace workspace(json{{"reconnectMaxMs", 500}});
    auto config = workspace.use_sign_in();
    REQUIRE(workspace.start());  // no token store yet: the plugin starts, signed out
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "AuthenticationRequired").empty(); }));
    CHECK_THAT(workspace.messages_on("Agent", "AuthenticationRequired")[0]["message"]["reason"].get<std::string>(),
               Catch::Contains("nobody has signed in to Webex yet"));
    CHECK(workspace.agent_states().empty());

    REQUIRE(sign_in(config).exit_code == 0);
    CHECK(
        workspace.wait([&] { return !workspace.agent_states().empty(); }, 10s));  // connected, the agent's state known
    CHECK(workspace.messages_on("Agent", "AuthenticationRequired").size() == 1);
}

TEST_CASE("wxcc-login's loopback listener shrugs off what is not the sign-in answer", "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    auto login = sign_in(config, "", true, [](const std::string& authorize) {
        auto redirect = redirect_of(authorize);                            // http://127.0.0.1:<port>/callback
        static const char garbage[] = "\x00\xff not HTTP at all\r\n\r\n";  // holds a NUL: sized, not measured
        CHECK(raw_exchange(redirect, std::string(garbage, sizeof garbage - 1)).find("200 OK") == std::string::npos);
        CHECK_THAT(raw_exchange(redirect, "GET /other?code=x&state=y HTTP/1.1\r\nHost: x\r\n\r\n"),
                   Catch::StartsWith("HTTP/1.1 404"));
        CHECK_THAT(raw_exchange(redirect, "GET /callback HTTP/1.1\r\nHost: x\r\n\r\n"),
                   Catch::StartsWith("HTTP/1.1 400"));
        CHECK_THAT(raw_exchange(redirect, "GET /callback?foo=%ZZ&&=& HTTP/1.1\r\nHost: x\r\n\r\n"),
                   Catch::StartsWith("HTTP/1.1 400"));
        CHECK(raw_exchange(redirect, "POST /callback HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n")
                  .find("200 OK") == std::string::npos);
    });
    INFO(login.output);
    CHECK(login.exit_code == 0);  // the real answer, after all that, still signs in
    CHECK(std::filesystem::exists(workspace.root() / "tokens.json"));
}

TEST_CASE("a forged redirect, with another state or none, gets an error page and is ignored; the real one signs in",
          "[sign-in]") {
    Workspace workspace;
    auto config = workspace.use_sign_in();
    auto login = sign_in(config, "--timeout 20", true, [](const std::string& authorize) {
        auto redirect = redirect_of(authorize);
        for (const char* forged : {"/callback?code=forged-code-1&state=not-it", "/callback?code=forged-code-2",
                                   "/callback?error=access_denied&state=not-it"}) {
            auto answer =
                get(redirect.substr(0, redirect.find("/callback")) + forged);  // what an <img> on any page can do
            INFO(forged);
            CHECK(answer.result_int() == 400);
            CHECK_THAT(answer.body(), Catch::Contains("ignored"));
        }
    });
    INFO(login.output);
    CHECK(login.exit_code == 0);
    CHECK_THAT(login.output, Catch::Contains("Ignored a sign-in answer carrying another state"));
    CHECK(login.output.find("forged-code") == std::string::npos);
    CHECK(std::filesystem::exists(workspace.root() / "tokens.json"));
}

TEST_CASE("a localhost redirect is listened for on 127.0.0.1 and ::1 both", "[sign-in]") {
    if (!ipv6_loopback()) {
        WARN("no IPv6 loopback here: skipped");
        return;
    }
    Workspace workspace;
    auto config = workspace.use_sign_in();
    set_redirect(config, "http://localhost:0/callback");
    auto login = sign_in(config, "--timeout 20", true, [](const std::string& authorize) {
        auto port = webexcc::client::parse_url(redirect_of(authorize)).port;
        for (std::string host : {"127.0.0.1", "[::1]"}) {  // a browser may take localhost to either
            INFO(host);
            CHECK(get("http://" + host + ":" + port + "/callback").result_int() == 400);  // wxcc-login's, no one else's
        }
    });
    INFO(login.output);
    CHECK(login.exit_code == 0);
}

TEST_CASE("wxcc-login refuses to start when another program holds an address of its redirect", "[sign-in]") {
    if (!ipv6_loopback()) {
        WARN("no IPv6 loopback here: skipped");
        return;
    }
    Workspace workspace;
    auto config = workspace.use_sign_in();
    asio::io_context io;
    asio::ip::tcp::acceptor squatter(io, {asio::ip::make_address("::1"), 0});  // another local user, first on [::1]
    auto port = std::to_string(squatter.local_endpoint().port());
    set_redirect(config, "http://localhost:" + port + "/callback");
    auto login = sign_in(config, "--timeout 5", false);
    INFO(login.output);
    CHECK(login.exit_code == 1);
    CHECK_THAT(login.output, Catch::Contains("cannot listen on [::1]:" + port));
    CHECK_FALSE(std::filesystem::exists(workspace.root() / "tokens.json"));
}

TEST_CASE("wxcc-login's listener accepts again after running out of descriptors", "[sign-in]") {
#ifdef _WIN32
    WARN("skipped on Windows: no per-process descriptor limit to run out of (ulimit -n is POSIX)");
    return;
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // UBSan checks a vptr it has not seen by writing the memory to a pipe: with no descriptor left
    // the pipe fails and it reports a false "invalid vptr" and aborts. The plain build runs this.
    WARN("skipped in sanitizer builds: their runtime needs descriptors of its own");
    return;
#endif
    Workspace workspace;
    auto config = workspace.use_sign_in();
    std::vector<std::unique_ptr<asio::ip::tcp::socket>> held;
    asio::io_context io;
    auto login = sign_in(
        config, "--timeout 20", true,
        [&](const std::string& authorize) {
            auto url = webexcc::client::parse_url(redirect_of(authorize));
            asio::ip::tcp::endpoint listener(asio::ip::make_address(url.host),
                                             static_cast<std::uint16_t>(std::stoi(url.port)));
            for (int i = 0; i < 40; ++i) {  // more than its descriptors: accepting fails
                held.push_back(std::make_unique<asio::ip::tcp::socket>(io));
                held.back()->connect(listener);
            }
            std::this_thread::sleep_for(500ms);
            held.clear();  // descriptors come back; the real answer follows
        },
        "ulimit -n 24;");  // wxcc-login with few descriptors
    INFO(login.output);
    CHECK(login.exit_code == 0);
    CHECK(std::filesystem::exists(workspace.root() / "tokens.json"));
}
