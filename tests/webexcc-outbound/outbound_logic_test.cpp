// The plugin's pure logic: numbers, configuration, the notification mapping, the message format,
// and the call tracker, fed frames directly.

#include "phone_number.hpp"
#include "tracker_fixture.hpp"
#include "workspace/json/json_scan.hpp"

#include <sstream>

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;

TEST_CASE("Customer numbers are normalized, validated and masked") {
    CHECK(normalize_number("917702779401") == "917702779401");
    CHECK(normalize_number("+91 77027-79401") == "+917702779401");
    CHECK(normalize_number("(917) 702.779/401") == "917702779401");
    CHECK_FALSE(normalize_number(""));
    CHECK_FALSE(normalize_number("+"));
    CHECK_FALSE(normalize_number("91770a2779401"));
    CHECK_FALSE(normalize_number("91+7702779401"));
    CHECK_FALSE(normalize_number(std::string(37, '1')));
    CHECK(normalize_number(std::string(36, '1')));
    CHECK_THAT(number_problem("12a4"), Catch::Contains("only digits"));
    CHECK_THAT(number_problem("1+2"), Catch::Contains("'+'"));
    CHECK_THAT(number_problem(" "), Catch::Contains("empty"));
    CHECK_THAT(number_problem(std::string(40, '1')), Catch::Contains("36"));
    CHECK(mask_number("+917702779401") == "+91*******401");
    CHECK(mask_number("917702779401") == "91*******401");
    CHECK(same_number("+917702779401", "917702779401"));
    CHECK(same_number("7702779401", "+917702779401"));
    CHECK_FALSE(same_number("779401", "+917702779401"));
    CHECK_FALSE(same_number("+917702779402", "917702779401"));
}

TEST_CASE("Plugin configuration: every key checked, the wrong one named") {
    auto ok = settings();
    CHECK(ok.entry_point_id == "ep-1");
    CHECK(ok.outdial_ani == "1908603511");
    CHECK(ok.client.token_file == std::filesystem::path("/etc/workspace/token"));
    CHECK(ok.offer_timeout == std::chrono::milliseconds(20000));
    CHECK(ok.warnings.empty());

    json base = {{"accessTokenFile", "/t"}, {"entryPointId", "ep"}, {"outdialAni", "+1 555 0100"}};
    CHECK(parse_plugin_config(base, "/").client.api_base == "https://api.wxcc-us1.cisco.com");
    CHECK(parse_plugin_config(base, "/").client.token_file == std::filesystem::path("/t"));
    auto from_profile = parse_plugin_config({{"accessTokenFile", "/t"}}, "/");  // the profile names both
    CHECK(from_profile.entry_point_id.empty());
    CHECK(from_profile.outdial_ani.empty());
    CHECK(from_profile.warnings.empty());
    json retries = base;
    retries["restRetryInitialMs"] = 250;  // the REST retries' own setting, apart from the socket's reconnect
    CHECK(parse_plugin_config(retries, "/").client.rest_retry_initial == std::chrono::milliseconds(250));
    CHECK(parse_plugin_config(retries, "/").client.reconnect_initial == std::chrono::milliseconds(500));
    struct Case {
        json patch;
        const char* mentions;
    };
    const Case cases[] = {
        {{{"entryPointId", ""}}, "\"entryPointId\""},
        {{{"entryPointId", 7}}, "\"entryPointId\" must be a non-empty string"},
        {{{"outdialAni", "call me"}}, "\"outdialAni\""},
        {{{"apiBase", "http://api.wxcc-us1.cisco.com"}}, "\"apiBase\""},
        {{{"apiBase", "api.wxcc-us1.cisco.com"}}, "\"apiBase\""},
        {{{"accessTokenEnv", "TOKEN"}}, "exactly one of \"accessTokenFile\", \"accessTokenEnv\" and \"tokenStore\""},
        {{{"tokenStore", "t.json"}}, "\"tokenStore\" and \"oauth\" go together"},
        {{{"accessTokenFile", nullptr}, {"tokenStore", "t.json"}, {"oauth", {{"clientSecretEnv", "S"}}}},
         "\"clientId\" is required"},
        {{{"accessTokenFile", nullptr}, {"tokenStore", "t.json"}, {"oauth", {{"clientId", "c"}}}}, "clientSecretFile"},
        {{{"tokenStore", "t.json"}, {"oauth", {{"clientId", "c"}, {"clientSecretEnv", "S"}}}}, "exactly one of"},
        {{{"accessTokenFile", nullptr},
          {"tokenStore", "t.json"},
          {"oauth",
           {{"clientId", "c"}, {"clientSecretEnv", "S"}, {"tokenUrl", "http://webexapis.com/v1/access_token"}}}},
         "\"oauth.tokenUrl\""},
        {{{"accessTokenFile", nullptr},
          {"tokenStore", "t.json"},
          {"oauth", {{"clientId", "c"}, {"clientSecretEnv", "S"}, {"scopes", json::array()}}}},
         "\"oauth.scopes\""},
        {{{"accessTokenFile", nullptr}}, "exactly one of"},
        {{{"caFile", 3}}, "\"caFile\""},
        {{{"offerTimeoutMs", 0}}, "\"offerTimeoutMs\""},
        {{{"offerTimeoutMs", "20"}}, "\"offerTimeoutMs\""},
        {{{"debugLogging", "yes"}}, "\"debugLogging\""},
        {{{"livenessTimeoutMs", 5}}, "\"livenessTimeoutMs\""},
        {{{"keepaliveIntervalMs", 9000}}, "longer than \"keepaliveIntervalMs\""},
        {{{"reconnectMaxMs", -1}}, "\"reconnectMaxMs\""},
        {{{"restRetryInitialMs", 1}}, "\"restRetryInitialMs\""},
    };
    for (const auto& c : cases) {
        json config = base;
        config.merge_patch(c.patch);
        INFO(config.dump());
        CHECK_THROWS_WITH(parse_plugin_config(config, "/"), Catch::Contains(c.mentions));
    }
    json signed_in = base;
    signed_in.merge_patch({{"accessTokenFile", nullptr},
                           {"tokenStore", "tokens.json"},
                           {"oauth", {{"clientId", "c"}, {"clientSecretFile", "secret"}}}});
    auto oauth = parse_plugin_config(signed_in, "/etc/workspace");
    REQUIRE(oauth.client.oauth);
    CHECK(oauth.client.oauth->token_store == std::filesystem::path("/etc/workspace/tokens.json"));
    CHECK(oauth.client.oauth->settings.token_url == "https://webexapis.com/v1/access_token");
    CHECK(oauth.client.oauth->settings.redirect_uri == "http://127.0.0.1:8751/callback");
    CHECK(oauth.client.oauth->settings.scopes == std::vector<std::string>{"cjp:config", "cjp:config_read", "cjp:user"});
    CHECK(oauth.client_secret.file == std::filesystem::path("/etc/workspace/secret"));
    CHECK_FALSE(oauth.client.token_file);

    json unknown = base;
    unknown["entrypointid"] = "x";
    CHECK_THAT(parse_plugin_config(unknown, "/").warnings.at(0), Catch::Contains("entrypointid"));
    CHECK_THROWS(parse_plugin_config(json::array(), "/"));
}

TEST_CASE("From the sample's ResponseActual the plugin rebuilds the sample's fields exactly") {
    auto sample = sample_response();
    const auto& expected = sample["message"]["call"];
    std::string actual_text = expected["ResponseActual"].dump();  // the notification as received

    ReadyTracker ready;
    ready.dial("917702779401", "crm-42");
    auto out = ready.tracker.notification(frame(json::parse(actual_text)));
    REQUIRE(out.size() == 1);
    auto message = json::parse(out[0].text);

    CHECK(message["channel"] == sample["channel"]);
    CHECK(message["topic"] == sample["topic"]);
    CHECK(message["subtopic"] == sample["subtopic"]);
    CHECK(message["message"]["source"] == sample["message"]["source"]);
    const auto& call = message["message"]["call"];
    CHECK(call["ResponseActual"] == expected["ResponseActual"]);
    CHECK(call["ResponseFields"] == expected["ResponseFields"]);
    CHECK(call["CallVariables"] == expected["CallVariables"]);
    CHECK(call["CallType"] == expected["CallType"]);
    CHECK(call["event"] == expected["event"]);
    // The one deliberate difference: the id is the interaction's, unique per call (the sample
    // shows the organisation id, which would give every call the same id).
    CHECK(call["id"] == expected["ResponseActual"]["data"]["interactionId"]);
    CHECK(message["message"]["requestId"] == "crm-42");

    // ResponseActual is spliced byte for byte, and the keys keep the sample's order.
    CHECK(out[0].text.find(actual_text) != std::string::npos);
    auto id = out[0].text.find("\"id\""), actual = out[0].text.find("\"ResponseActual\""),
         fields = out[0].text.find("\"ResponseFields\""), type = out[0].text.find("\"CallType\""),
         event = out[0].text.find("\"event\":\"eAgentOfferContact\""),
         variables = out[0].text.find("\"CallVariables\"");
    CHECK((id < actual && actual < fields && fields < type && type < event && event < variables));
}

TEST_CASE("The mapping table, notification by notification") {
    struct Row {
        const char* type;
        json extra;
        const char* state;
        std::vector<std::string> events;
    };
    const json busy = {{"reason", "CUSTOMER_BUSY"}, {"reasonCode", 1022}};
    const json pending = {{"agentsPendingWrapUp", json::array({agent})}};
    const std::vector<Row> rows = {
        {"AgentContactReserved", {}, "new", {}},
        {"AgentOfferContact", {}, "new", {"eAgentOfferContact"}},
        {"AgentContactAssigned", {}, "connected", {"CustAnswered"}},
        {"AgentContactHeld", {}, "held", {"eAgentContactHeld"}},
        {"AgentContactUnheld", {}, "connected", {"eAgentContactUnHeld"}},
        {"ContactRecordingPaused", {}, "connected", {"ePauseRecording"}},
        {"ContactRecordingResumed", {}, "connected", {"eResumeRecording"}},
        {"AgentConsultCreated", {}, "consult", {"eAgentConsultCreated"}},
        {"AgentConsultConferenced", {}, "conference", {"eAgentConsultConferenced"}},
        // A hand-over is over for the agent: its wrap-up awaited when pending, else (never offered) at once.
        {"AgentBlindTransferred", pending, "connected", {"eAgentblindTransferred"}},
        {"AgentVteamTransferred", pending, "connected", {"eAgentvteamTransfer"}},
        {"AgentConsultTransferred", pending, "connected", {"eConsultTransfer"}},
        {"AgentConsultTransferred", {}, "connected", {"eConsultTransfer", "DROPPED"}},
        {"ContactMerged", {}, "connected", {"eContactMerged"}},
        {"ContactEnded", pending, "connected", {"eAgentContactEnded"}},
        {"ContactEnded", {}, "connected", {"eAgentContactEnded", "DROPPED"}},
        {"AgentWrapup", {}, "wrapUp", {"acw"}},
        {"AgentWrappedUp", {}, "wrapUp", {"DROPPED"}},
        {"AgentOutboundFailed", busy, "new", {"eOutdialFailed", "DROPPED"}},
        {"AgentOfferContactRona", {{"reason", "RONA_TIMER_EXPIRED"}}, "new", {"eAgentOfferContactRona", "DROPPED"}},
        {"AgentContactAssignFailed",
         {{"reason", "USER_DECLINED"}, {"reasonCode", 156}},
         "new",
         {"eAgentContactAssignFailed", "DROPPED"}},
        {"SomethingNew", {}, "connected", {}},
    };
    for (const auto& row : rows) {
        INFO(row.type << " " << row.extra.dump());
        CallProgress progress;
        auto notification = notification_of(routing(row.type, row.extra, row.state));
        CHECK(map_notification(notification, agent, progress) == row.events);
    }
}

TEST_CASE("Lifecycle events go out once; recording is announced once; nothing follows DROPPED") {
    CallProgress progress;
    auto map = [&](const json& n) { return map_notification(notification_of(n), agent, progress); };
    json recording = {{"interaction", {{"callProcessingDetails", {{"recordingStarted", "true"}}}}}};
    auto assigned = routing("AgentContactAssigned", {}, "connected");
    assigned["data"]["interaction"]["callProcessingDetails"]["recordingStarted"] = "true";
    CHECK(map(routing("AgentOfferContact")) == std::vector<std::string>{"eAgentOfferContact"});
    CHECK(map(routing("AgentOfferContact")).empty());
    CHECK(map(assigned) == std::vector<std::string>{"CustAnswered", "eCallRecordingStarted"});
    CHECK(map(assigned).empty());
    auto ended = routing("ContactEnded", {{"agentsPendingWrapUp", json::array({agent})}}, "connected");
    ended["data"]["interaction"]["callProcessingDetails"]["recordingStarted"] = "true";
    CHECK(map(ended) == std::vector<std::string>{"eAgentContactEnded"});
    CHECK(map(routing("AgentWrapup", {}, "wrapUp")) == std::vector<std::string>{"acw"});
    CHECK(map(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"DROPPED"});
    CHECK(progress.dropped);
    CHECK(map(routing("AgentContactHeld", {}, "held")).empty());
}

TEST_CASE("A hydrated call (AgentContact after a reload) publishes what was missed") {
    CallProgress progress;
    progress.offered = true;
    auto wrapping = routing("AgentContact", {}, "wrapUp");
    CHECK(map_notification(notification_of(wrapping), agent, progress) ==
          std::vector<std::string>{"CustAnswered", "eAgentContactEnded", "acw"});
    CallProgress fresh;
    CHECK(map_notification(notification_of(routing("AgentContact", {}, "connected")), agent, fresh) ==
          std::vector<std::string>{"eAgentOfferContact", "CustAnswered"});
}

TEST_CASE("Missing or odd fields never break the mapping") {
    for (const json& odd : {json::object(), json::parse(R"({"data": 5})"), json::parse(R"({"data": {"type": 7}})"),
                            json::parse(R"({"data": {"type": "AgentOfferContact", "interaction": []}})"),
                            json::parse(R"({"data": {"type": "ContactEnded", "agentsPendingWrapUp": "x"}})")}) {
        INFO(odd.dump());
        CallProgress progress;
        CHECK_NOTHROW(map_notification(notification_of(odd), agent, progress));
        // None names an interaction: none is taken for the outdial in flight or starts a call.
        ReadyTracker ready;
        ready.dial();
        CHECK(ready.feed(odd).empty());
        CHECK(ready.tracker.placing());
        CHECK(ready.tracker.open_calls() == 0);
    }
}

TEST_CASE("Only this agent's outdial to this number is recognised as the call") {
    auto offer = routing("AgentOfferContact");
    auto offered = notification_of(offer);
    CHECK(is_outdial_of(offered, agent, "917702779401"));
    CHECK_FALSE(is_outdial_of(offered, agent, "917702779402"));
    CHECK_FALSE(is_outdial_of(offered, "another-agent", "917702779401"));
    auto inbound = offer;
    inbound["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    inbound["data"]["interactionId"] = "inbound-1";
    CHECK_FALSE(is_outdial_of(notification_of(inbound), agent, "917702779401"));
    auto callback = offer;
    callback["data"]["interaction"]["outboundType"] = "CALLBACK";
    CHECK_FALSE(is_outdial_of(notification_of(callback), agent, "917702779401"));

    ReadyTracker ready;
    ready.dial();
    CHECK(ready.feed(inbound) == std::vector<std::string>{"connected"});  // an inbound call, followed as one
    CHECK(ready.tracker.placing());                                       // still waiting for the outdial
    CHECK(ready.feed(offer) == std::vector<std::string>{"eAgentOfferContact"});
    CHECK_FALSE(ready.tracker.placing());
}

TEST_CASE("MakeCall rejections, each with its code and nothing sent") {
    auto settings_copy = settings();
    CallTracker tracker(settings_copy);
    auto reject_code = [&](const std::string& text, bool connected) {
        auto decision = tracker.make_call(text, connected);
        CHECK_FALSE(decision.outdial.has_value());
        REQUIRE(decision.messages.size() == 1);
        auto message = json::parse(decision.messages[0].text);
        CHECK(message["message"]["source"] == "error");
        CHECK(message["message"]["error"]["type"] == "MAKE_CALL_FAILED");
        return message;
    };
    CHECK(reject_code("not json", true)["message"]["error"]["code"] == "INVALID_REQUEST");
    CHECK(reject_code(R"({"channel":"Webexcc","data":{"n":1}})", true)["message"]["error"]["code"] ==
          "INVALID_REQUEST");
    CHECK(reject_code(R"({"data":"1","requestId":5})", true)["message"]["error"]["code"] == "INVALID_REQUEST");
    auto bad_number = reject_code(R"({"data":"call-me","requestId":"r9"})", true);
    CHECK(bad_number["message"]["error"]["code"] == "INVALID_NUMBER");
    CHECK(bad_number["message"]["requestId"] == "r9");
    CHECK(reject_code(R"({"data":"917702779401"})", false)["message"]["error"]["code"] == "NOT_CONNECTED");
    auto not_ready = reject_code(R"({"data":"917702779401"})", true);
    CHECK(not_ready["message"]["error"]["code"] == "AGENT_NOT_READY");
    CHECK_THAT(not_ready["message"]["error"]["message"].get<std::string>(), Catch::Contains("unknown"));

    ReadyTracker ready;
    ready.dial();
    auto busy = ready.tracker.make_call(R"({"data":"917702779402","requestId":"r2"})", true);
    CHECK_FALSE(busy.outdial);
    CHECK(json::parse(busy.messages.at(0).text)["message"]["error"]["code"] == "CALL_IN_PROGRESS");
}

TEST_CASE("Accepted MakeCall: the outdial carries the configured entry point and ANI") {
    ReadyTracker ready;
    auto decision = ready.tracker.make_call(R"({"Channel":"webexcc","DATA":" +91 77027 79401 "})", true);
    REQUIRE(decision.outdial);
    CHECK(decision.outdial->destination == "+917702779401");
    CHECK(decision.outdial->entry_point_id == "ep-1");
    CHECK(decision.outdial->origin == "1908603511");
    CHECK(decision.messages.empty());
}

TEST_CASE("Every accepted MakeCall ends in exactly one DROPPED") {
    SECTION("outdial refused by Webex") {
        ReadyTracker ready;
        auto attempt = ready.dial("917702779401", "r1");
        webexcc::client::ApiResponse refused;  // as the REST client completes a refused outdial
        refused.status = 400;
        refused.reason_code = "1001";
        refused.error = webexcc::client::error_from_http(
            400, R"({"errorType":"BAD_REQUEST","errorMessage":"no","reasonCode":1001})", "t", "outdial");
        auto out = ready.tracker.outdial_answered(attempt, refused);
        REQUIRE(events_of(out) == std::vector<std::string>{"DROPPED"});
        auto call = json::parse(out[0].text)["message"]["call"];
        CHECK(call["reason"] == "BAD_REQUEST");
        CHECK(call["reasonCode"] == 1001);
        CHECK(call["ResponseFields"]["toAddress"] == "917702779401");
        CHECK(json::parse(out[0].text)["message"]["requestId"] == "r1");
        CHECK(ready.tracker.outdial_answered(attempt, refused).empty());
        CHECK(ready.tracker.offer_timed_out(attempt).empty());
    }
    SECTION("no offer in time") {
        ReadyTracker ready;
        auto attempt = ready.dial();
        auto out = ready.tracker.offer_timed_out(attempt);
        REQUIRE(events_of(out) == std::vector<std::string>{"DROPPED"});
        CHECK(json::parse(out[0].text)["message"]["call"]["reason"] == "timeout");
        // Too late for the MakeCall, which has had its DROPPED; the agent is on a call all the same,
        // so it is followed as a call the agent did not dial from here.
        auto late = ready.tracker.notification(frame(routing("AgentOfferContact")));
        REQUIRE(events_of(late) == std::vector<std::string>{"eAgentOfferContact"});
        auto message = json::parse(late[0].text)["message"];
        CHECK_FALSE(message.contains("requestId"));
        CHECK(message["call"]["ResponseFields"]["OutBoundType"] == "outdial");
    }
    SECTION("failure before any offer") {
        ReadyTracker ready;
        ready.dial();
        auto failed = routing("AgentOutboundFailed", {{"reason", "INVALID_NUMBER"}, {"reasonCode", 1024}});
        CHECK(ready.feed(failed) == std::vector<std::string>{"eOutdialFailed", "DROPPED"});
    }
    SECTION("busy after the offer, with wrap-up") {
        ReadyTracker ready;
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        auto busy = routing("AgentOutboundFailed", {{"reason", "CUSTOMER_BUSY"}, {"reasonCode", 1022}});
        busy["data"]["interaction"]["participants"][agent]["isWrapUp"] = true;
        auto out = ready.tracker.notification(frame(busy));
        CHECK(events_of(out) == std::vector<std::string>{"eOutdialFailed"});
        CHECK(json::parse(out[0].text)["message"]["call"]["reasonCode"] == 1022);
        CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")) == std::vector<std::string>{"acw"});
        auto dropped = ready.tracker.notification(frame(routing("AgentWrappedUp", {}, "wrapUp")));
        REQUIRE(events_of(dropped) == std::vector<std::string>{"DROPPED"});
        CHECK(json::parse(dropped[0].text)["message"]["call"]["reason"] == "CUSTOMER_BUSY");
        CHECK(ready.tracker.open_calls() == 0);
    }
    SECTION("busy after the offer in a frame as rich as the sample: isWrapUp false is not 'no wrap-up'") {
        // The sample's agent participant says isWrapUp: false. That is the frame's moment: Webex
        // keeps the task and AgentWrapup follows, so DROPPED must wait for it (issue 18).
        ReadyTracker ready;
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        auto busy = routing("AgentOutboundFailed", {{"reason", "CUSTOMER_BUSY"}, {"reasonCode", 1022}});
        REQUIRE(busy["data"]["interaction"]["participants"][agent]["isWrapUp"] == false);
        CHECK(ready.feed(busy) == std::vector<std::string>{"eOutdialFailed"});
        CHECK(ready.tracker.open_calls() == 1);
        auto grace = ready.tracker.take_timers();
        REQUIRE(grace.size() == 1);  // if no AgentWrapup comes, the grace period ends the call
        CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")) == std::vector<std::string>{"acw"});
        CHECK(ready.tracker.timer_expired(grace[0].call_id, grace[0].kind)
                  .messages.empty());  // acw came: the grace is moot
        CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"DROPPED"});
    }
    SECTION("busy after the offer, agentsPendingWrapUp without the agent: over at once") {
        ReadyTracker ready;
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        auto busy = routing("AgentOutboundFailed", {{"reason", "CUSTOMER_BUSY"},
                                                    {"reasonCode", 1022},
                                                    {"agentsPendingWrapUp", json::array({"another-agent"})}});
        CHECK(ready.feed(busy) == std::vector<std::string>{"eOutdialFailed", "DROPPED"});
        CHECK(ready.tracker.open_calls() == 0);
    }
    SECTION("busy after the offer, agentsPendingWrapUp naming the agent: wait for AgentWrapup, no grace") {
        ReadyTracker ready;
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        auto busy =
            routing("AgentOutboundFailed",
                    {{"reason", "CUSTOMER_BUSY"}, {"reasonCode", 1022}, {"agentsPendingWrapUp", json::array({agent})}});
        CHECK(ready.feed(busy) == std::vector<std::string>{"eOutdialFailed"});
        CHECK(ready.tracker.take_timers().empty());
        CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")) == std::vector<std::string>{"acw"});
    }
    SECTION("repeated frames publish nothing") {
        ReadyTracker ready;
        ready.dial();
        auto offer = routing("AgentOfferContact");
        CHECK(ready.tracker.notification(frame(offer, true)).empty());  // a repeat is never a first sighting
        CHECK(ready.feed(offer).size() == 1);
        CHECK(ready.tracker.notification(frame(offer, true)).empty());
    }
    SECTION("the call ended while the socket was down") {
        ReadyTracker ready;
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        ready.feed(routing("AgentContactAssigned", {}, "connected"));
        json relogin = {
            {"type", "AgentReloginSuccess"},
            {"data", {{"type", "AgentReloginSuccess"}, {"subStatus", "Available"}, {"interactionIds", json::array()}}}};
        auto out = ready.tracker.notification(frame(relogin));
        // The relogin also tells the agent is in a station (loggedIn, first known): one AgentStateChange.
        CHECK(events_of(out) == std::vector<std::string>{"agent:Available", "eAgentContactEnded", "DROPPED"});
        CHECK(json::parse(out[0].text)["message"]["agent"]["loggedIn"] == true);
        CHECK(json::parse(out[2].text)["message"]["call"]["reason"] == "ENDED_WHILE_DISCONNECTED");
    }
    SECTION("the plugin is deactivated mid-call") {
        ReadyTracker ready;
        ready.dial();
        ready.feed(routing("AgentOfferContact"));
        auto out = ready.tracker.shutdown("PLUGIN_DEACTIVATED");
        CHECK(events_of(out) == std::vector<std::string>{"DROPPED"});
        CHECK(ready.tracker.shutdown("PLUGIN_DEACTIVATED").empty());
    }
}

TEST_CASE("Agent state changes are published when they change") {
    auto config = settings();
    CallTracker tracker(config);
    auto change = [&](const char* state, const char* reason) {
        return events_of(tracker.notification(
            frame({{"type", "AgentStateChange"},
                   {"data",
                    {{"type", "AgentStateChangeSuccess"}, {"subStatus", state}, {"lastStateChangeReason", reason}}}})));
    };
    CHECK(change("Idle", "") == std::vector<std::string>{"agent:Idle"});
    CHECK_FALSE(tracker.ready());
    CHECK(change("Idle", "").empty());
    CHECK(change("Available", "") == std::vector<std::string>{"agent:Available"});
    CHECK(tracker.ready());
    CHECK(change("Idle", "RONA") == std::vector<std::string>{"agent:Idle"});
}

TEST_CASE("A redial to the same number ignores late frames of the finished call") {
    ReadyTracker ready;
    ready.dial();
    auto first = routing("AgentOfferContact");
    ready.feed(first);
    ready.feed(routing("ContactEnded", {{"agentsPendingWrapUp", json::array()}}, "ended"));  // nothing to wrap up
    REQUIRE(ready.tracker.open_calls() == 0);

    ready.dial();  // same agent, same number
    // Late frames of the first interaction (a replay after a reconnect, say) must not be adopted.
    CHECK(ready.feed(routing("AgentWrapup", {}, "wrapUp")).empty());
    CHECK(ready.feed(routing("AgentWrappedUp", {}, "wrapUp")).empty());
    CHECK(ready.tracker.placing());
    auto second = routing("AgentOfferContact");
    second["data"]["interactionId"] = "second-interaction";
    second["data"]["interaction"]["interactionId"] = "second-interaction";
    CHECK(ready.feed(second) == std::vector<std::string>{"eAgentOfferContact"});
}

TEST_CASE("Frames a strict parser rejects, or with fields of the wrong type, are skipped and reported") {
    ReadyTracker ready;
    ready.dial();
    auto offer = routing("AgentOfferContact");
    auto text = offer.dump();
    auto poisoned = [&](const std::string& from, const std::string& to) {
        auto copy = text;
        copy.replace(copy.find(from), from.size(), to);
        return webexcc::client::read_frame(copy, 1);
    };
    // A lone surrogate, bytes that are not UTF-8, a number beyond a double: the client's reader
    // refuses the frame, so it never reaches the tracker and is never spliced.
    for (const auto& bad : {R"("new\ud800")", "\"new\xff\"", "1e999"}) {
        INFO(bad);
        CHECK_FALSE(poisoned(R"("new")", bad).has_value());
    }
    // Valid JSON with a wrong type where text is read: skipped, and the plugin told why.
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {R"("state":"new")", R"("state":{"x":1})"},
             {R"("interactionId":")" + offer["data"]["interactionId"].get<std::string>() + "\"",
              R"("interactionId":7)"},
             {R"("type":"AgentOfferContact")", R"("type":["AgentOfferContact"])"},
             {R"("contactDirection":{"type":"OUTBOUND"})", R"("contactDirection":"OUTBOUND")"}}) {
        INFO(to);
        auto read = poisoned(from, to);
        REQUIRE(read.has_value());
        CHECK(ready.tracker.notification(read->frame).empty());
        auto rejections = ready.tracker.take_rejections();
        REQUIRE(rejections.size() == 1);
        CHECK_THAT(rejections[0], Catch::Contains("wrong type"));
    }
    CHECK(ready.tracker.placing());
    CHECK(ready.feed(offer) == std::vector<std::string>{"eAgentOfferContact"});
}

TEST_CASE("Whatever a text holds, the messages built from it are strict JSON in valid UTF-8") {
    namespace scan = workspace::json_scan;
    auto config = settings();
    json code = "bad\xff";  // nlohmann holds it; dump() would throw
    CallEvent event{"DROPPED",         "id\xc3",         "{}",  nullptr,          "9177\xff", "1908",
                    "req\xed\xa0\x80", "reason\x01\xfe", &code, "detail \xe2\x82"};
    auto text = call_state_change(event);
    INFO(text);
    CHECK(scan::check(text));
    CHECK_FALSE(json::parse(text, nullptr, false).is_discarded());
    for (const auto& message :
         {make_call_error("X", "bad \xff", "id\xfe"), agent_state_change({"Idle\xff", "r\xc0", "0"}),
          agent_state_error("SetReadyState", "HTTP_500", "body \xf4\x90\x80\x80", "")}) {
        INFO(message);
        CHECK(scan::check(message));
    }
}
