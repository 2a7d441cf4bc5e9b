// The browser bridge's pure logic: configuration, origins, admission, patterns, page messages,
// the rate limiter and the send queue.

#include "accept_backoff.hpp"
#include "admission.hpp"
#include "bridge_config.hpp"
#include "origin.hpp"
#include "page_files.hpp"
#include "page_messages.hpp"
#include "rate_limiter.hpp"
#include "send_queue.hpp"

#include "workspace/json/json_scan.hpp"

#include <catch2/catch.hpp>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace browser_bridge;
using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("origins compare in one normal form", "[bridge][origin]") {
    CHECK(normalized_origin("https://CRM.Example.com") == "https://crm.example.com");
    CHECK(normalized_origin("https://crm.example.com:443") == "https://crm.example.com");
    CHECK(normalized_origin("http://127.0.0.1:8750") == "http://127.0.0.1:8750");
    CHECK(normalized_origin("http://[::1]:8750") == "http://[::1]:8750");
    for (const char* bad : {"null", "*", "", "crm.example.com", "ftp://crm.example.com", "https://crm.example.com/",
                            "https://crm.example.com/path", "https://user@crm.example.com", "https://crm.example.com?q",
                            "https://crm.example.com#f", "https://", "https://crm.example.com:", "ertps:{", "http:{x"})
        CHECK_FALSE(normalized_origin(bad));
}

TEST_CASE("the configuration: defaults, and every wrong value named", "[bridge][config]") {
    auto config = read_bridge_config(json::object(), "/etc/workspace");
    CHECK(config.address == "127.0.0.1");
    CHECK(config.port == 8750);  // the README's URL
    CHECK(config.allowed_origins.empty());
    CHECK(config.publish.size() == default_publish_patterns().size());
    CHECK_FALSE(config.page_directory);
    CHECK(config.max_pending_connections == 32);
    CHECK(config.request_timeout == 3s);
    CHECK(read_bridge_config({{"requestTimeoutMs", 500}, {"maxPendingConnections", 4}}, "/").request_timeout == 500ms);

    config = read_bridge_config({{"allowedOrigins", {"https://CRM.example.com"}},
                                 {"accessKeyFile", "k"},
                                 {"pageDirectory", "/srv/panel"},
                                 {"port", 0}},
                                "/etc/workspace");
    CHECK(config.allowed_origins == std::vector<std::string>{"https://crm.example.com"});
    CHECK(config.access_key_file == std::filesystem::path("/etc/workspace/k"));
    CHECK(config.page_directory == std::filesystem::path("/srv/panel"));
    CHECK(config.port == 0);

    auto refused = [](json bad) {
        try {
            read_bridge_config(bad, "/");
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(refused({{"address", "0.0.0.0"}}), Catch::Contains("loopback"));
    CHECK_THAT(refused({{"address", "10.0.0.1"}}), Catch::Contains("loopback"));
    CHECK_THAT(refused({{"address", "localhost"}}), Catch::Contains("not an IP address"));
    CHECK_THAT(refused({{"port", 70000}}), Catch::Contains("\"port\""));
    CHECK_THAT(refused({{"port", "8750"}}), Catch::Contains("integer"));
    CHECK_THAT(refused({{"allowedOrigins", {"*"}}}), Catch::Contains("not an origin"));
    CHECK_THAT(refused({{"allowedOrigins", "https://crm.example.com"}}), Catch::Contains("list of strings"));
    CHECK_THAT(refused({{"subscribe", {"Webexcc/*/AgentStateChange"}}}), Catch::Contains("exact keys"));
    CHECK_THAT(refused({{"publish", {"Webexcc/Agent"}}}), Catch::Contains("three non-empty parts"));
    CHECK_THAT(refused({{"maxMessageBytes", 10}}), Catch::Contains("maxMessageBytes"));
    CHECK_THAT(refused({{"requestTimeoutMs", 0}}), Catch::Contains("requestTimeoutMs"));
    CHECK_THAT(refused({{"maxPendingConnections", 0}}), Catch::Contains("maxPendingConnections"));
    CHECK_THAT(refused({{"alowedOrigins", {}}}), Catch::Contains("not a setting"));
    CHECK_THAT(refused(json::array()), Catch::Contains("object"));
}

TEST_CASE("patterns match whole parts, case-insensitively", "[bridge][patterns]") {
    auto pattern = parse_pattern("Webexcc/*/MakeCall");
    CHECK(pattern.matches({"webexcc", "OutboundCall", "makecall"}));
    CHECK_FALSE(pattern.matches({"Webexcc", "OutboundCall", "MakeCallX"}));
    CHECK_FALSE(pattern.matches({"Webex", "OutboundCall", "MakeCall"}));
    CHECK(parse_pattern("Webex CC/Agent/StateSync").channel == "Webex CC");
    CHECK_THROWS(parse_pattern("a/b/c/d"));
    CHECK_THROWS(parse_pattern("a//c"));
    CHECK_THROWS(parse_exact_key("a/*/c"));
    CHECK(any_matches(default_publish_patterns(), {"Webexcc", "InboundCall", "SetHold"}));
    CHECK_FALSE(any_matches(default_publish_patterns(), {"Webexcc", "outbound", "OutBoundCallStateChange"}));
    CHECK_FALSE(any_matches(default_publish_patterns(), {"Workspace", "Host", "PluginRefused"}));
    // The agent's day (the panel's sign-in, profile, session and auto wrap-up): requests go, events do not.
    for (const char* subtopic : {"StationLogin", "StationLogout", "GetAgentProfile", "TakeOverSession"})
        CHECK(any_matches(default_publish_patterns(), {"Webexcc", "Agent", subtopic}));
    CHECK(any_matches(default_publish_patterns(), {"Webexcc", "OutboundCall", "CancelAutoWrapUp"}));
    CHECK_FALSE(any_matches(default_publish_patterns(), {"Webexcc", "Agent", "SessionTakenOver"}));
    CHECK_FALSE(any_matches(default_publish_patterns(), {"Webexcc", "Agent", "AgentStateChange"}));
    // Consult, transfer and conference, and the picker's lists (issue 21): asked, answers heard only.
    for (const char* subtopic : {"Consult", "AcceptConsult", "ConsultDrop", "ConsultTransfer", "Transfer", "Conference",
                                 "ExitConference", "ConferenceTransfer"})
        CHECK(any_matches(default_publish_patterns(), {"Webexcc", "InboundCall", subtopic}));
    for (const char* subtopic : {"GetBuddyAgents", "GetQueues", "GetEntryPoints", "GetAddressBook"})
        CHECK(any_matches(default_publish_patterns(), {"Webexcc", "Agent", subtopic}));
    for (const char* subtopic : {"BuddyAgents", "Queues", "EntryPoints", "AddressBook"})
        CHECK_FALSE(any_matches(default_publish_patterns(), {"Webexcc", "Agent", subtopic}));
    auto subscribed = default_subscriptions();
    for (const char* subtopic : {"SessionTakenOver", "GetAgentProfile", "StationLogin", "StationLogout",
                                 "TakeOverSession", "BuddyAgents", "Queues", "EntryPoints", "AddressBook"})
        CHECK(std::any_of(subscribed.begin(), subscribed.end(),
                          [&](const RoutingKey& key) { return key.topic == "Agent" && key.subtopic == subtopic; }));
}

TEST_CASE("admission: Host, Origin, access key", "[bridge][admission]") {
    AdmissionRules rules{8750, {"https://crm.example.com"}, std::nullopt};
    CHECK(admit_page("127.0.0.1:8750", "https://crm.example.com", {}, rules));
    CHECK(admit_page("localhost:8750", "http://localhost:8750", {}, rules));
    CHECK(admit_page("127.0.0.1:8750", "https://evil.example", {}, rules).status == 403);
    CHECK(admit_page("127.0.0.1:8751", "https://crm.example.com", {}, rules).status == 403);
    CHECK(admit_page("evil.example:8750", "https://crm.example.com", {}, rules).status == 403);
    CHECK(admit_page("127.0.0.1:8750", {}, "Bearer anything-at-all-here", rules).status == 403);  // no key configured
    rules.access_key = "0123456789abcdef";
    CHECK(admit_page("127.0.0.1:8750", {}, "Bearer 0123456789abcdef", rules));
    CHECK(admit_page("127.0.0.1:8750", {}, "bearer 0123456789abcdef", rules));
    CHECK(admit_page("127.0.0.1:8750", {}, "Bearer 0123456789abcdeF", rules).status == 401);
    CHECK(admit_page("127.0.0.1:8750", {}, "Bearer 0123456789abcde", rules).status == 401);
    CHECK(admit_page("127.0.0.1:8750", {}, {}, rules).status == 401);
    CHECK(admit_page("127.0.0.1:8750", "https://evil.example", "Bearer 0123456789abcdef", rules).status == 403);
    CHECK(admit_page("127.0.0.1:8750", {}, "Bearer 0123456789abcdeF", rules).reason.find("0123") == std::string::npos);
}

TEST_CASE("publish budgets: one per allowed origin, one for the bridge's own page however spelt", "[bridge][rate]") {
    AdmissionRules rules{8750, {"https://crm.example.com"}, std::nullopt};
    CHECK(budget_owner("https://crm.example.com", rules) == "https://crm.example.com");
    CHECK(budget_owner("HTTPS://CRM.example.com:443", rules) == "https://crm.example.com");
    auto own = budget_owner("http://127.0.0.1:8750", rules);
    CHECK(budget_owner("http://localhost:8750", rules) == own);  // three spellings, one budget
    CHECK(budget_owner("http://[::1]:8750", rules) == own);
    CHECK(own != "https://crm.example.com");
    CHECK(budget_owner(std::nullopt, rules).empty());  // the access key's clients share one
}

TEST_CASE("a page's message: published as is, or refused with a reason that does not quote it", "[bridge][messages]") {
    auto allowed = default_publish_patterns();
    auto key =
        read_page_message(R"({"channel":"Webexcc","Topic":"OutboundCall","SUBTOPIC":"MakeCall","data":"1"})", allowed);
    REQUIRE(std::holds_alternative<RoutingKey>(key));
    CHECK(std::get<RoutingKey>(key).subtopic == "MakeCall");

    auto code = [&](std::string_view text) {
        auto read = read_page_message(text, allowed);
        return std::holds_alternative<Refusal>(read) ? std::string(std::get<Refusal>(read).code) : "published";
    };
    CHECK(code("[1]") == "BAD_JSON");
    CHECK(code("{\"channel\":\"\xed\xa0\x80\"}") == "BAD_JSON");
    CHECK(code(R"({"channel":"Webexcc","topic":"OutboundCall","subtopic":"MakeCall","data":"\ud800"})") == "BAD_JSON");
    CHECK(code(R"({"channel":"Webexcc","topic":"OutboundCall"})") == "BAD_ENVELOPE");
    CHECK(code(R"({"channel":"Webexcc","topic":"OutboundCall","subtopic":7})") == "BAD_ENVELOPE");
    CHECK(code(R"({"channel":"Webexcc","topic":"outbound","subtopic":"OutBoundCallStateChange","message":{}})") ==
          "NOT_ALLOWED");
    // A page publishes requests only: "message" (any case, any value) is an answer's or an event's.
    for (const char* forged :
         {R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync","message":{"calls":[]}})",
          R"({"channel":"Webexcc","topic":"Agent","subtopic":"SetReadyState","MESSAGE":{"agent":{}}})",
          R"({"channel":"Webexcc","topic":"Agent","subtopic":"StateSync","data":1,"Message":null})"}) {
        CHECK(code(forged) == "NOT_A_REQUEST");
        CHECK_FALSE(std::holds_alternative<RoutingKey>(read_page_message(forged, allowed)));
    }
    auto forged = std::get<Refusal>(read_page_message(
        R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync","requestId":"r-1","message":{}})", allowed));
    CHECK(forged.request_id == "r-1");
    CHECK(code(R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync","data":{"message":1}})") == "published");
    CHECK(code(R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync"})") == "published");
    auto refused = std::get<Refusal>(
        read_page_message(R"({"channel":"Webexcc","topic":"x","subtopic":"secret-917702779401"})", allowed));
    CHECK(refused.message.find("secret") != std::string::npos);  // the page's own key, told back to the page alone

    auto error = json::parse(bridge_error_text({refusal::rate_limited, "slow down", "crm-7"}));
    CHECK(error ==
          json::parse(R"({"channel":"Workspace","topic":"Bridge","subtopic":"Error","message":{"source":"error",
        "requestId":"crm-7","error":{"type":"BRIDGE_ERROR","code":"RATE_LIMITED","message":"slow down"}}})"));
    CHECK(workspace::json_scan::check(bridge_error_text({refusal::bad_json, "\xff broken", ""})));
}

TEST_CASE("the rate limiter: a burst, a refill, one telling per streak", "[bridge][rate]") {
    RateLimiter::Clock::time_point t0{};
    RateLimiter limiter(std::make_shared<TokenBucket>(2, 3, t0));
    for (int i = 0; i < 3; ++i) CHECK(limiter.take(t0) == RateLimiter::Verdict::accept);
    CHECK(limiter.take(t0) == RateLimiter::Verdict::refuse_and_tell);
    CHECK(limiter.take(t0 + 100ms) == RateLimiter::Verdict::refuse_quietly);
    CHECK(limiter.take(t0 + 600ms) == RateLimiter::Verdict::accept);  // 0.6 s x 2/s refilled one
    CHECK(limiter.take(t0 + 600ms) == RateLimiter::Verdict::refuse_and_tell);
    CHECK(limiter.take(t0 + 1h) == RateLimiter::Verdict::accept);
    for (int i = 0; i < 2; ++i) CHECK(limiter.take(t0 + 1h) == RateLimiter::Verdict::accept);  // capped at the burst
    CHECK(limiter.take(t0 + 1h) == RateLimiter::Verdict::refuse_and_tell);
}

TEST_CASE("the rate limiter: one budget for a peer's connections, each told for itself", "[bridge][rate]") {
    RateLimiter::Clock::time_point t0{};
    auto budget = std::make_shared<TokenBucket>(1, 4, t0);
    RateLimiter first(budget), second(budget);
    for (int i = 0; i < 4; ++i) CHECK(first.take(t0) == RateLimiter::Verdict::accept);
    CHECK(second.take(t0) == RateLimiter::Verdict::refuse_and_tell);  // a new connection finds the budget spent
    CHECK(first.take(t0) == RateLimiter::Verdict::refuse_and_tell);   // and each page hears of its own refusal
    CHECK(first.take(t0) == RateLimiter::Verdict::refuse_quietly);
    RateLimiter third(budget);  // reconnecting refills nothing
    CHECK(third.take(t0 + 500ms) == RateLimiter::Verdict::refuse_and_tell);
    CHECK(third.take(t0 + 1s) == RateLimiter::Verdict::accept);
    CHECK(budget->take(t0) == false);  // a clock read late on another connection takes back no time
}

TEST_CASE("accept errors back off from 100 ms to 1 s", "[bridge][accept]") {
    auto delay = next_accept_delay(0ms);
    CHECK(delay == 100ms);
    std::vector<std::chrono::milliseconds> delays;
    for (int i = 0; i < 6; ++i) delays.push_back(delay = next_accept_delay(delay));
    CHECK(delays == std::vector<std::chrono::milliseconds>{200ms, 400ms, 800ms, 1000ms, 1000ms, 1000ms});
}

TEST_CASE("the send queue is bounded in bytes", "[bridge][queue]") {
    SendQueue queue(10);
    auto text = [](std::size_t n) { return std::make_shared<const std::string>(n, 'x'); };
    CHECK(queue.push(text(6)));
    CHECK_FALSE(queue.push(text(5)));
    CHECK(queue.push(text(4)));
    CHECK(queue.queued_bytes() == 10);
    queue.pop();
    CHECK(queue.queued_bytes() == 4);
    CHECK(queue.push(text(6)));
}

TEST_CASE("the built-in page, and only known names are served", "[bridge][files]") {
    auto page = PageFiles::embedded();
    REQUIRE(page.find("/"));
    CHECK(page.find("/")->content_type == "text/html; charset=utf-8");
    CHECK(page.find("/index.html?x=1") == page.find("/"));
    REQUIRE(page.find("/workspace-bridge.js"));
    CHECK(page.find("/workspace-bridge.js")->content_type == "text/javascript; charset=utf-8");
    for (const char* target : {"", "index.html", "/../index.html", "/./index.html", "//index.html", "/%69ndex.html"})
        CHECK(page.find(target) == nullptr);
}

// POSIX modes, FIFOs and symbolic links: on Windows the page folder's owner and DACL are checked
// instead (lib/files' windows_access), tested with the Windows secrets and plugin files.
#ifndef _WIN32
namespace {

std::string load_refusal(const std::filesystem::path& folder) {
    try {
        PageFiles::load(folder);
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    return "loaded";
}

}  // namespace

TEST_CASE("pageDirectory: links are not followed, a folder or file others may write is refused", "[bridge][files]") {
    namespace fs = std::filesystem;
    std::string made = (fs::temp_directory_path() / "bridge-page-XXXXXX").string();
    REQUIRE(::mkdtemp(made.data()) != nullptr);
    const fs::path root = made, page = root / "page";
    fs::create_directory(page);
    fs::permissions(page, fs::perms(0755));
    std::ofstream(page / "index.html") << "<title>panel</title>";
    std::ofstream(root / "token") << "the agent's access token";
    fs::permissions(root / "token", fs::perms(0600));
    fs::create_symlink(root / "token", page / "secret.js");  // what the issue's attacker planted
    fs::create_symlink("../token", page / "relative.css");
    REQUIRE(::mkfifo((page / "stuck.js").c_str(), 0644) == 0);  // must not hang the host
    fs::create_directory(page / "sub.js");

    auto files = PageFiles::load(page);
    REQUIRE(files.find("/"));
    for (const char* linked : {"/secret.js", "/relative.css", "/stuck.js", "/sub.js"})
        CHECK(files.find(linked) == nullptr);

    fs::permissions(page, fs::perms(0775));
    CHECK_THAT(load_refusal(page), Catch::Contains("page folder") && Catch::Contains("may be written by others"));
    fs::permissions(page, fs::perms(0757));
    CHECK_THAT(load_refusal(page), Catch::Contains("may be written by others"));
    fs::permissions(page, fs::perms(0755));
    fs::permissions(page / "index.html", fs::perms(0666));
    CHECK_THAT(load_refusal(page), Catch::Contains("index.html may be written by others"));
    fs::remove(page / "index.html");
    fs::create_symlink(root / "token", page / "index.html");
    CHECK_THAT(load_refusal(page),
               Catch::Contains("has no index.html") && Catch::Contains("symbolic links are not followed"));
    fs::remove_all(root);
}
#endif  // _WIN32
