// The client's pure parts: URLs, error bodies, request bodies, notification frames.

#include "webexcc/client/api_error.hpp"
#include "webexcc/client/notification.hpp"
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

    for (auto bad : {"api.example.com", "ftp://x", "https://", "https://user:pw@host", "http://h:99999", "http://h:x1",
                     "http://[::1", "http:{", "https:api.example.com"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_url(bad), std::invalid_argument);
    }
}

TEST_CASE("Plain HTTP and WebSocket are allowed to loopback only") {
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("http://127.0.0.1:1")));
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("ws://localhost:1/x")));
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("http://[::1]:1")));
    CHECK_NOTHROW(require_tls_off_loopback(parse_url("https://api.wxcc-eu1.cisco.com")));
    CHECK_THROWS_WITH(require_tls_off_loopback(parse_url("http://api.wxcc-us1.cisco.com")),
                      Catch::Contains("clear text"));
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
    // The problem's message holds every field read: status, errorType, errorMessage, reasonCode, trackingId.
    auto sdk = error_from_http(
        400,
        R"({"trackingId":"t1","errorType":"BAD_REQUEST","errorMessage":"bad destination","errorData":"","reasonCode":1001})",
        "", "outdial");
    CHECK(sdk ==
          workspace::Problem("BAD_REQUEST",
                             "outdial failed (HTTP 400) BAD_REQUEST: bad destination [reasonCode 1001] trackingId t1"));

    auto keyed = error_from_http(
        403, R"({"trackingId":"t2","error":{"key":"403","message":[{"description":"forbidden"}]}})", "", "x");
    CHECK(keyed == workspace::Problem("403", "x failed (HTTP 403) 403: forbidden trackingId t2"));

    auto coded = error_from_http(500, R"({"code":1006,"message":"internal","trackingId":"GTWY_1"})", "hdr", "x");
    CHECK(coded ==
          workspace::Problem("HTTP_500",
                             "x failed (HTTP 500): internal [reasonCode 1006] trackingId hdr"));  // the header wins

    auto html = error_from_http(502, "<html>bad gateway</html>", "", "x");
    CHECK(html == workspace::Problem("HTTP_502", "x failed (HTTP 502)"));
    CHECK(error_from_http(401, "", "", "x") == workspace::Problem("HTTP_401", "x failed (HTTP 401)"));

    // Read by the strict rule: a body that is not strict JSON (a lone surrogate, nesting past the
    // limit) gives none of its fields, which would otherwise reach the bus in an error's message.
    auto surrogate = error_from_http(400, R"({"errorType":"BAD","errorMessage":"bad \ud800 text"})", "", "x");
    CHECK(surrogate == workspace::Problem("HTTP_400", "x failed (HTTP 400)"));
    std::string deep = R"({"errorMessage":"deep","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
    CHECK(error_from_http(400, deep, "", "x").message == "x failed (HTTP 400)");
}

TEST_CASE("The outdial body is what the JS SDK sends") {
    auto request = start_outdial({"ep-1", "+917702779401", "+19403016307"});
    CHECK(request.method == Method::post);
    CHECK(request.path == "/v1/tasks/");
    CHECK(request.replay == Replay::never);
    CHECK(json::parse(request.body) ==
          json::parse(R"({"entryPointId":"ep-1","destination":"+917702779401","direction":"OUTBOUND",
        "attributes":{},"mediaType":"telephony","outboundType":"OUTDIAL","origin":"+19403016307"})"));
    CHECK_FALSE(json::parse(start_outdial({"ep", "1", ""}).body).contains("origin"));
}

TEST_CASE("Agent and task requests") {
    auto state = set_agent_state("Available", "0", "agent-1");
    CHECK(state.method == Method::put);
    CHECK(state.path == "/v1/agents/session/state");
    CHECK(state.replay == Replay::safe);
    CHECK(json::parse(state.body) == json{{"state", "Available"}, {"auxCodeId", "0"}, {"agentId", "agent-1"}});
    CHECK(
        json::parse(subscribe_notifications().body) ==
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
    CHECK(error_from_http(400, R"({"errorType":"Bad_Request"})", "", "outdial").code == "BAD_REQUEST");
    CHECK(error_from_http(503, "not json", "", "outdial").code == "HTTP_503");
    // What happened on the way (NETWORK_ERROR, TIMEOUT_ERROR, TLS_ERROR): rest_client_test.cpp.
}

TEST_CASE("A frame is read with its type, its repeat key and whether it is a keepalive") {
    auto routing = read_frame(
        R"({"orgId":"o","trackingId":"notifs_1","type":"RoutingMessage","data":{"type":"AgentOfferContact"}})", 3);
    REQUIRE(routing.has_value());
    CHECK(routing->frame.type == "RoutingMessage");
    CHECK(routing->repeat_key == "notifs_1/AgentOfferContact");
    CHECK(routing->frame.connection == 3);
    CHECK_FALSE(routing->keepalive);
    auto welcome = read_frame(R"({"type":"Welcome","data":{"agentId":"a-1"}})", 1);
    REQUIRE(welcome.has_value());
    CHECK(welcome->frame.notification.agent.agent_id == "a-1");
    CHECK(welcome->repeat_key.empty());
    CHECK(read_frame(R"({"keepalive":"true"})", 1)->keepalive);
    CHECK_FALSE(read_frame("{truncated", 1).has_value());
    CHECK_FALSE(read_frame("[]", 1).has_value());
    auto poisoned = read_frame(R"({"type":{"poison":1},"data":{"type":"AgentWrappedUp"}})", 1);
    REQUIRE_FALSE(poisoned.has_value());
    CHECK(poisoned.error() ==
          workspace::Problem("INVALID_NOTIFICATION", "the envelope's \"type\" is not a string (54 bytes)"));
    auto truncated = read_frame(R"({"type":"RoutingMessage","data":{"reason":"secret-ish)", 1);
    REQUIRE_FALSE(truncated.has_value());
    CHECK(truncated.error().code == "BAD_JSON");
    CHECK_THAT(truncated.error().message, Catch::Contains("at byte"));
    CHECK_THAT(truncated.error().message, !Catch::Contains("secret"));  // never quotes the text
}

TEST_CASE("A notification is read into its typed fields in the frame's one pass") {
    auto read = read_frame(R"({"type":"RoutingMessage","orgId":"envelope-org","trackingId":"t-1","data":{
        "type":"AgentContactHeld","orgId":"org-1","ronaTimeout":30,"reason":"BUSY","reasonCode":1022,
        "mediaResourceId":"m-hold","reservationInteractionId":"r-1","agentsPendingWrapUp":["a-1",5,"a-2"],
        "agentId":"a-1","subStatus":"Available","lastStateChangeReason":"x","auxCodeId":"0","interactionIds":["i-1"],
        "interaction":{"interactionId":"nested","state":"held","outboundType":"OUTDIAL","owner":"a-1",
            "contactDirection":{"type":"OUTBOUND"},
            "callProcessingDetails":{"outdialAgentId":"a-1","ani":"1908","dnis":"9177","customerNumber":"+19177",
                "virtualTeamName":"team","recordingStarted":"true","isPaused":true},
            "participants":{"a-1":{"isWrapUp":true},"customer":{"isWrapUp":false}},
            "media":{"m-1":{"mType":"consult","mediaResourceId":"m-consult"},"m-2":{"mType":"mainCall","mediaResourceId":"m-main"}},
            "elsewhere":{"state":"not read"}},
        "interactionId":"i-1"}})",
                           1);
    REQUIRE(read.has_value());
    CHECK(read->repeat_key == "t-1/AgentContactHeld");
    const auto& n = read->frame.notification;
    CHECK(n.type == "AgentContactHeld");
    CHECK(n.org_id == "org-1");
    CHECK(n.reason == "BUSY");
    CHECK(n.reason_code == 1022);
    CHECK(n.malformed.empty());
    const auto& i = n.interaction;
    CHECK(i.id == "i-1");
    CHECK(i.state == "held");
    CHECK(i.direction == "OUTBOUND");
    CHECK(i.outbound_type == "OUTDIAL");
    CHECK(i.owner == "a-1");
    CHECK(i.outdial_agent_id == "a-1");
    CHECK(i.ani == "1908");
    CHECK(i.dnis == "9177");
    CHECK(i.customer_number == "+19177");
    CHECK(i.rona_timeout == "30");
    CHECK(i.virtual_team_name == "team");
    CHECK(i.recording_started);
    CHECK(i.recording_paused);
    REQUIRE(i.participants.size() == 2);
    CHECK(i.participants[0].id == "a-1");
    CHECK(i.participants[0].in_wrap_up);
    CHECK(i.participants[1].id == "customer");
    CHECK_FALSE(i.participants[1].in_wrap_up);
    CHECK(i.media_resource_id == "m-hold");
    CHECK(i.main_media_resource_id == "m-main");
    CHECK(i.reservation_id == "r-1");
    CHECK(i.agents_pending_wrap_up == std::vector<std::string>{"a-1", "a-2"});
    const auto& agent = n.agent;
    CHECK(agent.agent_id == "a-1");
    CHECK(agent.sub_status == "Available");
    CHECK(agent.state_change_reason == "x");
    CHECK(agent.aux_code_id == "0");
    CHECK(agent.interaction_ids == std::vector<std::string>{"i-1"});

    // Fallbacks: the envelope's orgId, the nested interactionId, data's ronaTimeout; absent is empty.
    auto sparse = read_frame(R"({"orgId":"envelope-org","data":{"ronaTimeout":"15","reasonCode":"E1",
        "interaction":{"interactionId":"nested"}}})",
                             1);
    REQUIRE(sparse.has_value());
    const auto& s = sparse->frame.notification;
    CHECK(s.org_id == "envelope-org");
    CHECK(s.interaction.id == "nested");
    CHECK(s.interaction.rona_timeout == "15");
    CHECK(s.reason_code == "E1");
    CHECK_FALSE(s.interaction.agents_pending_wrap_up);
    CHECK_FALSE(s.agent.interaction_ids);
    CHECK(read_frame(R"({"data":{}})", 1)->frame.notification.reason_code.is_null());
}

TEST_CASE("A field of the wrong type makes the notification malformed; null reads as absent") {
    auto malformed = [](const std::string& data) {
        auto read = read_frame(R"({"type":"RoutingMessage","data":)" + data + "}", 1);
        REQUIRE(read.has_value());
        return read->frame.notification.malformed;
    };
    CHECK(malformed(R"({"type":"AgentOfferContact","interactionId":null,"interaction":{"state":null}})").empty());
    CHECK(malformed(R"({"interactionId":7})") == "interactionId");
    CHECK(malformed(R"({"type":["AgentOfferContact"]})") == "type");
    CHECK(malformed(R"({"interaction":{"state":{"x":1}}})") == "state");
    CHECK(malformed(R"({"interaction":{"contactDirection":"OUTBOUND"}})") == "contactDirection");
    CHECK(malformed(R"({"interaction":{"participants":{"a-1":true}}})") == "a-1");
    CHECK(malformed(R"({"interaction":{"media":{"m-1":{"mType":1}}}})") == "mType");
    CHECK(malformed("5") == "data");
    CHECK(malformed(R"({"orgId":1,"reason":2})") == "orgId");  // the first one
    // The repeat key takes the type as written, whatever it holds.
    CHECK(read_frame(R"({"trackingId":"t","data":{"type":5}})", 1)->repeat_key == "t/5");
}
