// The browser-bridge plugin end to end: a real host and bus, pages over real loopback sockets.
// Each defence of docs/browser-bridge.md has a case here that fails when it is removed.

#include "bridge_fixture.hpp"
#include "workspace/files/private_file.hpp"

#ifndef _WIN32
#include <sys/resource.h>
#endif
#include <unistd.h>

#include <atomic>
#include <fstream>

using namespace bridge_testing;

namespace {

const json make_call = {{"channel", "Webexcc"},
                        {"topic", "OutboundCall"},
                        {"subtopic", "MakeCall"},
                        {"data", "917702779401"},
                        {"requestId", "crm-1"}};

json call_event(int n, std::size_t padding = 0) {
    return {{"channel", "Webexcc"},
            {"topic", "outbound"},
            {"subtopic", "OutBoundCallStateChange"},
            {"message", {{"source", "event"}, {"n", n}, {"padding", std::string(padding, 'x')}}}};
}

std::string bridge_error_code(const std::optional<json>& message) {
    if (!message) return "(none)";
    CHECK((*message)["channel"] == "Workspace");
    CHECK((*message)["topic"] == "Bridge");
    CHECK((*message)["subtopic"] == "Error");
    CHECK((*message)["message"]["error"]["type"] == "BRIDGE_ERROR");
    return (*message)["message"]["error"]["code"];
}

}  // namespace

TEST_CASE("a page's request reaches the bus, and the bus's events reach every page", "[bridge]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    Page first(bridge.port()), second(bridge.port());
    REQUIRE(first.status() == 101);
    REQUIRE(second.status() == 101);

    first.send(make_call.dump());
    REQUIRE(wait_until([&] { return bridge.published().size() == 1; }));
    CHECK(bridge.published()[0] == make_call);  // unchanged

    bridge.publish(call_event(1));
    for (Page* page : {&first, &second}) {
        auto received = page->read_until("OutBoundCallStateChange");
        REQUIRE(received);
        CHECK((*received)["message"]["n"] == 1);
    }
}

TEST_CASE("requests on a forwarded key are not echoed; keys outside subscribe are not forwarded", "[bridge]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    bridge.publish(
        {{"channel", "Webexcc"}, {"topic", "App"}, {"subtopic", "StateSync"}, {"requestId", "x"}});  // a request
    bridge.publish({{"channel", "Other"}, {"topic", "Thing"}, {"subtopic", "Happened"}, {"message", {{"secret", 1}}}});
    bridge.publish(
        {{"channel", "Webexcc"}, {"topic", "App"}, {"subtopic", "StateSync"}, {"message", {{"n", "answer"}}}});
    auto first = page.read();
    REQUIRE(first);
    CHECK(json::parse(*first)["message"]["n"] == "answer");
}

TEST_CASE("the bridge listens on loopback only", "[bridge]") {
    for (const char* address : {"0.0.0.0", "192.168.1.10", "::"}) {
        Bridge bridge(json{{"address", address}});
        CHECK_FALSE(bridge.start());
        CHECK_THAT(bridge.logs(), Catch::Contains("must be a loopback address"));
    }
    Bridge bridge(json{{"address", "::1"}});
    CHECK(bridge.start());
}

TEST_CASE("a WebSocket upgrade from an Origin not in allowedOrigins gets 403", "[bridge][admission]") {
    Bridge bridge(json{{"allowedOrigins", {"https://crm.example.com"}}});
    REQUIRE(bridge.start());
    CHECK(Page(bridge.port(), Headers{"https://crm.example.com", {}, {}}).status() == 101);
    CHECK(Page(bridge.port(), Headers{"https://CRM.example.com:443", {}, {}}).status() == 101);  // the same origin
    CHECK(Page(bridge.port(), Headers{"http://127.0.0.1:" + std::to_string(bridge.port()), {}, {}}).status() ==
          101);  // its own page
    CHECK(Page(bridge.port(), Headers{"https://evil.example", {}, {}}).status() == 403);
    CHECK(Page(bridge.port(), Headers{"https://crm.example.com.evil.example", {}, {}}).status() == 403);
    CHECK(Page(bridge.port(), Headers{"http://crm.example.com", {}, {}}).status() == 403);  // another scheme
    CHECK(Page(bridge.port(), Headers{"null", {}, {}}).status() == 403);
    CHECK_THAT(bridge.logs(), Catch::Contains("refused a page (403): origin not allowed"));
}

TEST_CASE("a client without Origin needs the access key", "[bridge][admission]") {
    SECTION("no key configured: refused") {
        Bridge bridge;
        REQUIRE(bridge.start());
        CHECK(Page(bridge.port(), Headers{}).status() == 403);
    }
    SECTION("with accessKeyFile") {
        Bridge bridge(json{{"accessKeyFile", "bridge.key"}});
        const std::string key = "k3y-0f-the-desktop-shell-123456";
        auto file = bridge.folder().root() / "bridge.key";
#ifdef _WIN32
        // A mode is not how Windows keeps a file private: an owner-only DACL is.
        REQUIRE(workspace::files::write_private_file(file, key + "\n").has_value());
#else
        std::ofstream(file) << key << "\n";
        std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
#endif
        REQUIRE(bridge.start());
        CHECK(Page(bridge.port(), Headers{{}, "Bearer " + key, {}}).status() == 101);
        CHECK(Page(bridge.port(), Headers{{}, "Bearer " + key + "x", {}}).status() == 401);
        CHECK(Page(bridge.port(), Headers{{}, "Bearer wrong-key-of-the-same-len", {}}).status() == 401);
        CHECK(Page(bridge.port(), Headers{}).status() == 401);
        CHECK(bridge.logs().find(key) == std::string::npos);
    }
    SECTION("a key file others can read is refused") {
        Bridge bridge(json{{"accessKeyFile", "bridge.key"}});
        auto file = bridge.folder().root() / "bridge.key";
        std::ofstream(file) << "k3y-0f-the-desktop-shell-123456\n";
        std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::others_read);
        CHECK_FALSE(bridge.start());
#ifdef _WIN32
        // Wine maps the mode to Everyone's access; real Windows ignores std::filesystem's modes
        // (tests/windows/secrets_test.cpp grants Everyone with a DACL, as real Windows needs).
        CHECK_THAT(bridge.logs(), Catch::Contains("may be read or written by others than its owner (Everyone)"));
#else
        CHECK_THAT(bridge.logs(), Catch::Contains("must be readable by its owner only"));
#endif
    }
}

TEST_CASE("a Host header that does not name the bridge is refused (DNS rebinding)", "[bridge][admission]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    auto port = std::to_string(bridge.port());
    CHECK(Page(bridge.port(), Headers{"http://evil.example:" + port, {}, "evil.example:" + port}).status() == 403);
    CHECK(Page(bridge.port(), Headers{"http://localhost:" + port, {}, "localhost:" + port}).status() == 101);
    CHECK(http_get(bridge.port(), "/", http::verb::get, "evil.example:" + port).result_int() == 403);
}

TEST_CASE("a message over maxMessageBytes closes the connection with 1009", "[bridge]") {
    Bridge bridge(json{{"maxMessageBytes", 1024}});
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    json big = make_call;
    big["data"] = std::string(2000, '1');
    page.send(big.dump());
    CHECK_FALSE(page.read());
    CHECK(page.close_reason().code == websocket::close_code::too_big);
    CHECK(bridge.published().empty());
}

TEST_CASE("malformed JSON, a binary frame or a bad envelope get an error and the connection stays", "[bridge]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    page.send("{\"channel\": \"Webexcc\", ");
    CHECK(bridge_error_code(page.read_until("Bridge")) == "BAD_JSON");
    page.send(R"({"channel":"Webexcc","topic":"Agent","subtopic":"SetReadyState","x":"\ud800"})");  // a lone surrogate
    CHECK(bridge_error_code(page.read_until("Bridge")) == "BAD_JSON");
    page.send("{\"channel\":\"Webexcc\",\"topic\":\"Agent\",\"subtopic\":\"SetReadyState\",\"x\":\"\xff\"}", true);
    CHECK(bridge_error_code(page.read_until("Bridge")) == "BAD_JSON");
    page.send(make_call.dump(), true);
    CHECK(bridge_error_code(page.read_until("Bridge")) == "BAD_JSON");
    page.send(R"({"channel":"Webexcc","topic":"Agent","requestId":"crm-9"})");
    auto bad_envelope = page.read_until("Bridge");
    CHECK(bridge_error_code(bad_envelope) == "BAD_ENVELOPE");
    CHECK((*bad_envelope)["message"]["requestId"] == "crm-9");
    CHECK(bridge.published().empty());

    page.send(make_call.dump());  // still connected and served
    CHECK(wait_until([&] { return bridge.published().size() == 1; }));
}

TEST_CASE("a text frame that is not UTF-8 breaks the WebSocket protocol: closed with 1007", "[bridge]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    page.send("{\"channel\":\"Webexcc\",\"x\":\"\xff\"}");
    CHECK_FALSE(page.read());
    CHECK(page.close_reason().code == websocket::close_code::bad_payload);
    CHECK(bridge.published().empty());
}

TEST_CASE("a publish outside the publish patterns is answered with an error and not forwarded", "[bridge]") {
    Bridge bridge(json{{"publish", {"Webexcc/Agent/*"}}});
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    page.send(make_call.dump());
    auto refused = page.read_until("Bridge");
    CHECK(bridge_error_code(refused) == "NOT_ALLOWED");
    CHECK((*refused)["message"]["requestId"] == "crm-1");
    page.send(R"({"channel":"webexcc","topic":"AGENT","subtopic":"SetReadyState"})");
    REQUIRE(wait_until([&] { return bridge.published().size() == 1; }));
    CHECK(bridge.published()[0]["subtopic"] == "SetReadyState");
}

TEST_CASE("by default a page may publish the plugin's requests, never its events", "[bridge]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    page.send(call_event(1).dump());  // a forged call event
    CHECK(bridge_error_code(page.read_until("Bridge")) == "NOT_ALLOWED");
    page.send(R"({"channel":"Workspace","topic":"Host","subtopic":"PluginRefused","message":{}})");
    CHECK(bridge_error_code(page.read_until("Bridge")) == "NOT_ALLOWED");
    CHECK(bridge.published().empty());
}

TEST_CASE("a page that floods is rate-limited with one error, and the bus gets no more than its budget", "[bridge]") {
    Bridge bridge(json{{"messagesPerSecond", 1}, {"burst", 5}});
    REQUIRE(bridge.start());
    Page page(bridge.port());
    REQUIRE(page.open());
    for (int i = 0; i < 200; ++i) page.send(make_call.dump());
    CHECK(bridge_error_code(page.read_until("Bridge")) == "RATE_LIMITED");
    CHECK_FALSE(page.read(300ms));  // told once, not 195 times
    auto published = bridge.published().size();
    CHECK(published >= 5);
    CHECK(published <= 6);  // the burst, and at most one more token refilled meanwhile
    CHECK_THAT(bridge.logs(), Catch::Contains("rate limited"));
}

TEST_CASE("a page that does not read is disconnected; the bus and other pages do not wait for it", "[bridge]") {
    Bridge bridge;  // sendQueueBytes 1 MiB
    REQUIRE(bridge.start());
    Page stuck(bridge.port(), {}, 4096);  // reads nothing from here on
    Page healthy(bridge.port());
    REQUIRE(stuck.open());
    REQUIRE(healthy.open());

    const int count = 400;  // 400 x 30 KB: far more than the stuck page's socket buffers and queue hold
    std::atomic<int> received = 0;
    std::atomic<bool> in_order = true;
    std::thread reader([&] {  // Catch2 asserts on the test thread only
        while (auto text = healthy.read(10s)) {
            if (json::parse(*text)["message"]["n"] != received.load()) in_order = false;
            if (++received == count) break;
        }
    });
    auto slowest_delivery = std::chrono::steady_clock::duration::zero();
    for (int i = 0; i < count; i += 10) {
        auto start = std::chrono::steady_clock::now();
        for (int j = i; j < i + 10; ++j) bridge.publish(call_event(j, 30000));
        bridge.bus().drain();
        slowest_delivery = std::max(slowest_delivery, std::chrono::steady_clock::now() - start);
        wait_until([&] { return received >= i - 10; }, 10s);  // the healthy page keeps up, however slow the build
    }
    CHECK(slowest_delivery < 1s);  // the bus never waited for the stuck page
    reader.join();
    CHECK(received == count);
    CHECK(in_order);
    CHECK(wait_until([&] { return bridge.logs().find("bytes behind (sendQueueBytes)") != std::string::npos; }));
    while (stuck.read(2s)) {
    }
    CHECK_FALSE(stuck.open());
}

TEST_CASE("more than maxConnections connections get 503", "[bridge]") {
    Bridge bridge(json{{"maxConnections", 2}});
    REQUIRE(bridge.start());
    Page first(bridge.port()), second(bridge.port());
    REQUIRE(first.open());
    REQUIRE(second.open());
    CHECK(Page(bridge.port()).status() == 503);
    first.send("x");  // any traffic; then close the first page
}

TEST_CASE("the page files: the panel with its security headers, nothing else", "[bridge][http]") {
    Bridge bridge(json{{"allowedOrigins", {"https://crm.example.com"}}});
    REQUIRE(bridge.start());
    auto index = http_get(bridge.port(), "/");
    CHECK(index.result_int() == 200);
    CHECK(index[http::field::content_type] == "text/html; charset=utf-8");
    CHECK_THAT(std::string(index.body()), Catch::Contains("Agent panel"));
    CHECK_THAT(std::string(index["Content-Security-Policy"]), Catch::Contains("script-src 'self'"));
    CHECK(index["X-Content-Type-Options"] == "nosniff");

    auto module = http_get(bridge.port(), "/workspace-bridge.js", http::verb::get, {}, "https://crm.example.com");
    CHECK(module.result_int() == 200);
    CHECK(module[http::field::access_control_allow_origin] == "https://crm.example.com");
    auto other = http_get(bridge.port(), "/workspace-bridge.js", http::verb::get, {}, "https://evil.example");
    CHECK(other.find(http::field::access_control_allow_origin) == other.end());

    for (const char* target : {"/../CMakeLists.txt", "/%2e%2e/host.json", "/host.json", "/nothing.js", "//etc/passwd"})
        CHECK(http_get(bridge.port(), target).result_int() == 404);
    CHECK(http_get(bridge.port(), "/", http::verb::post).result_int() == 405);
    CHECK(http_get(bridge.port(), "/bus").result_int() == 404);
}

TEST_CASE("pageDirectory serves a CRM's own page instead of the built-in one", "[bridge][http]") {
    Bridge bridge(json{{"pageDirectory", "page"}});
    std::filesystem::create_directory(bridge.folder().root() / "page");
    std::filesystem::permissions(bridge.folder().root() / "page", std::filesystem::perms(0755));  // whatever the umask
    std::ofstream(bridge.folder().root() / "page" / "index.html") << "<!doctype html><title>Our CRM panel</title>";
    REQUIRE(bridge.start());
    CHECK_THAT(std::string(http_get(bridge.port(), "/").body()), Catch::Contains("Our CRM panel"));
}

TEST_CASE("a page cannot publish an answer or an event, even on a key it may publish requests on", "[bridge]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    Page forger(bridge.port()), other(bridge.port());
    REQUIRE(forger.open());
    REQUIRE(other.open());
    // What the issue's page made up: the agent Available with a connected call, as StateSync's answer.
    forger.send(R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync","requestId":"f-1",
                    "message":{"source":"event","agent":{"state":"Available"},"calls":[{"id":"made-up","event":"CustAnswered"}]}})");
    auto refused = forger.read_until("Bridge");
    CHECK(bridge_error_code(refused) == "NOT_A_REQUEST");
    CHECK((*refused)["message"]["requestId"] == "f-1");
    forger.send(
        R"({"channel":"Webexcc","topic":"Agent","subtopic":"SetReadyState","data":{},"MESSAGE":{"agent":{"state":"Available"}}})");
    CHECK(bridge_error_code(forger.read_until("Bridge")) == "NOT_A_REQUEST");
    forger.send(
        R"({"channel":"Webexcc","topic":"App","subtopic":"StateSync","requestId":"f-2"})");  // a request still goes
    REQUIRE(wait_until([&] { return bridge.published().size() == 1; }));
    CHECK(bridge.published()[0]["requestId"] == "f-2");
    CHECK_FALSE(other.read(300ms));  // the other page saw nothing
}

namespace {

// A raw TCP connection to the bridge that sends part of an HTTP request and never the rest.
class HalfOpen {
public:
    explicit HalfOpen(std::uint16_t port) {
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        asio::write(socket_, asio::buffer("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n"));
    }
    // Whether the bridge closed it within `limit`.
    bool closed_within(std::chrono::milliseconds limit) {
        bool closed = false;
        char byte;
        socket_.async_read_some(asio::buffer(&byte, 1), [&](beast::error_code error, std::size_t) {
            closed = error && error != asio::error::operation_aborted;  // not our own cancel below
        });
        io_.restart();
        io_.run_for(limit);
        if (!closed) {
            socket_.cancel();
            io_.restart();
            io_.run();
        }
        return closed;
    }

private:
    asio::io_context io_;
    tcp::socket socket_{io_};
};

}  // namespace

TEST_CASE("connections that never finish a request keep neither page loads nor pages out", "[bridge][abuse]") {
    SECTION("closed after requestTimeoutMs, and counted apart from pages") {
        Bridge bridge(json{{"requestTimeoutMs", 800}});
        REQUIRE(bridge.start());
        std::vector<std::unique_ptr<HalfOpen>> slow;
        for (int i = 0; i < 20; ++i)
            slow.push_back(std::make_unique<HalfOpen>(bridge.port()));  // more than maxConnections
        CHECK(http_get(bridge.port(), "/").result_int() == 200);
        Page page(bridge.port());
        CHECK(page.status() == 101);
        CHECK(slow.back()->closed_within(2s));  // the deadline, not the old 10 s
    }
    SECTION("a newcomer to a full pending list closes the oldest") {
        Bridge bridge(json{{"maxPendingConnections", 4}, {"requestTimeoutMs", 30000}});
        REQUIRE(bridge.start());
        std::vector<std::unique_ptr<HalfOpen>> slow;
        for (int i = 0; i < 10; ++i) slow.push_back(std::make_unique<HalfOpen>(bridge.port()));
        CHECK(http_get(bridge.port(), "/").result_int() == 200);
        Page page(bridge.port());
        CHECK(page.status() == 101);
        CHECK(slow.front()->closed_within(2s));
        CHECK_FALSE(slow.back()->closed_within(100ms));  // the newest is still waiting
    }
}

TEST_CASE("the publish budget is an origin's, across its connections: reconnecting does not refill it",
          "[bridge][abuse]") {
    Bridge bridge(json{{"messagesPerSecond", 1}, {"burst", 5}, {"allowedOrigins", {"https://crm.example.com"}}});
    REQUIRE(bridge.start());
    auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < 5; ++round) {
        Page page(bridge.port());
        REQUIRE(page.open());
        for (int i = 0; i < 10; ++i) page.send(make_call.dump());
        CHECK(bridge_error_code(page.read_until("RATE_LIMITED")) == "RATE_LIMITED");
    }
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bridge.bus().drain();
    auto published = bridge.published().size();
    CHECK(published >= 5);
    CHECK(double(published) <= 5 + seconds + 1);  // the burst and what the rate refilled, not 5 per connection

    Page crm(bridge.port(), Headers{"https://crm.example.com", {}, {}});  // another origin has its own budget
    REQUIRE(crm.open());
    for (int i = 0; i < 3; ++i) crm.send(make_call.dump());
    CHECK(wait_until([&] { return bridge.published().size() == published + 3; }));
}

// POSIX behaviour (RLIMIT_NOFILE, modes, symbolic links): Windows checks owners and DACLs instead.
#ifndef _WIN32
namespace {

double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Takes every descriptor this process may still open, so the bridge's accept() fails with EMFILE.
class DescriptorsExhausted {
public:
    DescriptorsExhausted() {
        ::getrlimit(RLIMIT_NOFILE, &saved_);
        int highest = 0;
        for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
            highest = std::max(highest, std::stoi(entry.path().filename().string()));
        rlimit lowered = saved_;
        lowered.rlim_cur = std::min<rlim_t>(saved_.rlim_cur, rlim_t(highest) + 64);
        ::setrlimit(RLIMIT_NOFILE, &lowered);
        for (int fd; (fd = ::dup(0)) >= 0;) taken_.push_back(fd);
    }
    ~DescriptorsExhausted() { release(); }
    void release() {
        for (int fd : taken_) ::close(fd);
        taken_.clear();
        ::setrlimit(RLIMIT_NOFILE, &saved_);
    }

private:
    rlimit saved_{};
    std::vector<int> taken_;
};

}  // namespace

TEST_CASE("out of descriptors, the bridge backs off instead of spinning, and accepts again after", "[bridge][abuse]") {
    Bridge bridge;
    REQUIRE(bridge.start());
    asio::io_context io;
    tcp::socket client(io);
    client.open(tcp::v4());  // its descriptor taken before there are none left
    DescriptorsExhausted exhausted;
    client.connect({asio::ip::make_address("127.0.0.1"), bridge.port()});  // waits in the backlog: accept() fails
    REQUIRE(wait_until([&] { return bridge.logs().find("cannot accept connections") != std::string::npos; }));
    auto before = cpu_seconds();
    std::this_thread::sleep_for(1s);
    auto used = cpu_seconds() - before;
    exhausted.release();
    CHECK(used < 0.3);  // spinning on the error took a whole core
    CHECK_THAT(bridge.logs(), Catch::Contains("Too many open files"));

    http::request<http::string_body> request{http::verb::get, "/", 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(bridge.port()));
    http::write(client, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::error_code error;
    http::read(client, buffer, response, error);  // served once a retry accepts it (within 1 s)
    CHECK(response.result_int() == 200);
    CHECK(wait_until([&] { return bridge.logs().find("accepting connections again") != std::string::npos; }));
}

TEST_CASE("pageDirectory: a symbolic link is not served, a folder others may write is refused", "[bridge][http]") {
    namespace fs = std::filesystem;
    SECTION("a link to the agent's private file") {
        Bridge bridge(json{{"pageDirectory", "page"}});
        auto page = bridge.folder().root() / "page";
        fs::create_directory(page);
        fs::permissions(page, fs::perms(0755));
        std::ofstream(page / "index.html") << "<!doctype html><title>Our CRM panel</title>";
        std::ofstream(bridge.folder().root() / "token") << "the-agent-access-token";
        fs::permissions(bridge.folder().root() / "token", fs::perms(0600));
        fs::create_symlink(bridge.folder().root() / "token", page / "token.js");
        REQUIRE(bridge.start());
        auto served = http_get(bridge.port(), "/token.js");
        CHECK(served.result_int() == 404);
        CHECK(served.body().find("the-agent-access-token") == std::string::npos);
    }
    SECTION("a folder others may write") {
        Bridge bridge(json{{"pageDirectory", "page"}});
        auto page = bridge.folder().root() / "page";
        fs::create_directory(page);
        std::ofstream(page / "index.html") << "<!doctype html><title>Our CRM panel</title>";
        fs::permissions(page, fs::perms(0777));
        CHECK_FALSE(bridge.start());
        CHECK_THAT(bridge.logs(),
                   Catch::Contains("page folder") && Catch::Contains("may be written by others than its owner"));
    }
}
#endif  // _WIN32
