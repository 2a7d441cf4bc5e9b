// The client's pure parts: URLs, error bodies, request bodies.

#include "webexcc/client/api_error.hpp"
#include "webexcc/client/requests.hpp"
#include "webexcc/client/url.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace webexcc::client;
using nlohmann::json;

TEST_CASE("URLs parse with default ports, IPv6 and targets") {
    auto api = parse_url("https://api.wxcc-us1.cisco.com");
    CHECK(api.scheme == "https");
    CHECK(api.host == "api.wxcc-us1.cisco.com");
    CHECK(api.port == "443");
    CHECK(api.target == "/");
    CHECK(api.host_header() == "api.wxcc-us1.cisco.com");

    auto socket = parse_url("ws://[::1]:8080/v1/notification/subscription/AgentDesktop-1?x=1");
    CHECK(socket.host == "::1");
    CHECK(socket.port == "8080");
    CHECK(socket.target == "/v1/notification/subscription/AgentDesktop-1?x=1");
    CHECK(socket.host_header() == "[::1]:8080");
    CHECK_FALSE(socket.secure());

    for (auto bad : {"api.example.com", "ftp://x", "https://", "https://user:pw@host", "http://h:99999", "http://h:x1", "http://[::1", "http:{", "https:api.example.com"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_url(bad), std::invalid_argument);
    }
}

TEST_CASE("Plain HTTP and WebSocket are allowed to loopback only") {
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("http://127.0.0.1:1")));
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("ws://localhost:1/x")));
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("http://[::1]:1")));
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("https://api.wxcc-eu1.cisco.com")));
    CHECK_THROWS_WITH(require_tls_off_loopback(parse_url("http://api.wxcc-us1.cisco.com")), Catch::Contains("clear text"));
    CHECK_THROWS(require_tls_off_loopback(parse_url("ws://10.0.0.1/x")));
    CHECK_THROWS(require_tls_off_loopback(parse_url("http://127.example.com")));
    CHECK_THROWS(require_tls_off_loopback(parse_url("http://localhost.evil.com")));
}

TEST_CASE("Paths join the base with exactly one slash") {
    CHECK(resolve(parse_url("https://h/"), "/v1/tasks/").target == "/v1/tasks/");
    CHECK(resolve(parse_url("https://h/gateway/"), "v1/agents/reload").target == "/gateway/v1/agents/reload");
    CHECK(resolve(parse_url("https://h/gateway"), "/v1/x").target == "/gateway/v1/x");
}

TEST_CASE("Webex error bodies are read in all their documented shapes") {
    auto sdk = error_from_http(400, R"({"trackingId":"t1","errorType":"BAD_REQUEST","errorMessage":"bad destination","errorData":"","reasonCode":1001})", "", "outdial");
    CHECK(sdk.kind == ErrorKind::http);
    CHECK(sdk.http_status == 400);
    CHECK(sdk.tracking_id == "t1");
    CHECK(sdk.error_type == "BAD_REQUEST");
    CHECK(sdk.error_message == "bad destination");
    CHECK(sdk.reason_code == "1001");
    CHECK(sdk.describe() == "outdial failed (HTTP 400) BAD_REQUEST: bad destination [reasonCode 1001] trackingId t1");

    auto keyed = error_from_http(403, R"({"trackingId":"t2","error":{"key":"403","message":[{"description":"forbidden"}]}})", "", "x");
    CHECK(keyed.error_type == "403");
    CHECK(keyed.error_message == "forbidden");

    auto coded = error_from_http(500, R"({"code":1006,"message":"internal","trackingId":"GTWY_1"})", "hdr", "x");
    CHECK(coded.tracking_id == "hdr");  // the header wins
    CHECK(coded.reason_code == "1006");
    CHECK(coded.error_message == "internal");

    auto html = error_from_http(502, "<html>bad gateway</html>", "", "x");
    CHECK(html.error_message.empty());
    CHECK(html.describe() == "x failed (HTTP 502)");
    CHECK(error_from_http(401, "", "", "x").kind == ErrorKind::authentication);

    // Read by the strict rule: a body that is not strict JSON (a lone surrogate, nesting past the
    // limit) gives none of its fields, which would otherwise reach the bus in an error's message.
    auto surrogate = error_from_http(400, R"({"errorType":"BAD","errorMessage":"bad \ud800 text"})", "", "x");
    CHECK(surrogate.error_message.empty());
    CHECK(surrogate.error_type.empty());
    std::string deep = R"({"errorMessage":"deep","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
    CHECK(error_from_http(400, deep, "", "x").error_message.empty());
}

TEST_CASE("The outdial body is what the JS SDK sends") {
    auto request = start_outdial({"ep-1", "+917702779401", "+19403016307"});
    CHECK(request.method == Method::post);
    CHECK(request.path == "/v1/tasks/");
    CHECK(request.replay == Replay::never);
    CHECK(json::parse(request.body) == json::parse(R"({"entryPointId":"ep-1","destination":"+917702779401","direction":"OUTBOUND",
        "attributes":{},"mediaType":"telephony","outboundType":"OUTDIAL","origin":"+19403016307"})"));
    CHECK_FALSE(json::parse(start_outdial({"ep", "1", ""}).body).contains("origin"));
}

TEST_CASE("Agent and task requests") {
    auto state = set_agent_state("Available", "0", "agent-1");
    CHECK(state.method == Method::put);
    CHECK(state.path == "/v1/agents/session/state");
    CHECK(state.replay == Replay::safe);
    CHECK(json::parse(state.body) == json{{"state", "Available"}, {"auxCodeId", "0"}, {"agentId", "agent-1"}});
    CHECK(json::parse(subscribe_notifications().body) ==
          json{{"force", true}, {"isKeepAliveEnabled", false}, {"clientType", "WebexCCSDK"}, {"allowMultiLogin", false}});
    CHECK(reload_agent().path == "/v1/agents/reload");
    CHECK(end_task("i1").path == "/v1/tasks/i1/end");
    CHECK(end_task("i1").replay == Replay::never);
    CHECK(json::parse(hold_task("i1", "m1").body) == json{{"mediaResourceId", "m1"}});
    CHECK(unhold_task("i1", "m1").path == "/v1/tasks/i1/unhold");
    CHECK(json::parse(wrapup_task("i1", "Sale", "a1").body) == json{{"wrapUpReason", "Sale"}, {"auxCodeId", "a1"}});
    CHECK(pause_recording("i1").path == "/v1/tasks/i1/record/pause");
    CHECK(json::parse(resume_recording("i1").body) == json{{"autoResumed", false}});
}

TEST_CASE("One error code rule for every request: errorType, else HTTP status, else what happened") {
    CHECK(error_code(error_from_http(400, R"({"errorType":"Bad_Request"})", "", "outdial")) == "BAD_REQUEST");
    CHECK(error_code(error_from_http(503, "not json", "", "outdial")) == "HTTP_503");
    CHECK(error_code(ApiError::make(ErrorKind::network, "x")) == "NETWORK_ERROR");
    CHECK(error_code(ApiError::make(ErrorKind::timeout, "x")) == "TIMEOUT_ERROR");
    CHECK(error_code(ApiError::make(ErrorKind::tls, "x")) == "TLS_ERROR");
}
