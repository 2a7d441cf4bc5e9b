// The agent's profile and station end to end, over TLS against the simulator: GetAgentProfile,
// StationLogin, StationLogout, idle and wrap-up codes by name, and MakeCall's caller id. For each:
// the REST call Webex receives, what the CRM sees, for success, local refusal and Webex refusal;
// one request, exactly one answer. Every message is schema-checked.

#include "workspace_fixture.hpp"

using namespace webexcc::testing;

namespace {

// Publishes `request` and returns the one answer on its own key (checking that no second comes).
json answer_to(Workspace& workspace, const json& request) {
    INFO(request.dump());
    const std::string subtopic = request["subtopic"];
    auto before = workspace.messages_on("Agent", subtopic).size();
    workspace.request(request);
    REQUIRE(workspace.wait([&] { return workspace.messages_on("Agent", subtopic).size() > before; }));
    workspace.settle();
    auto answers = workspace.messages_on("Agent", subtopic);
    CHECK(answers.size() == before + 1);
    return answers.back()["message"];
}

std::string error_code(const json& message) { return message["error"]["code"].get<std::string>(); }

// A Workspace that reads the agent's profile, started and Ready, with the profile it read.
json started_with_profile(Workspace& workspace) {
    workspace.with_profile().start_ready();
    REQUIRE(workspace.wait([&] { return workspace.logged("agent profile read"); }));
    auto answer = answer_to(workspace, agent_request("GetAgentProfile"));
    REQUIRE(answer["source"] == "event");
    return answer["profile"];
}

std::string id_named(const json& list, const std::string& name) {
    for (const auto& item : list)
        if (item["name"] == name) return item["id"];
    return "";
}

}  // namespace

TEST_CASE("The profile is read with the configuration GETs when the plugin connects; GetAgentProfile answers from it") {
    Workspace workspace;
    auto profile = started_with_profile(workspace);
    auto org = workspace.sim().control({{"status", true}})["orgId"].get<std::string>();
    CHECK(workspace.requests_to("GET /organization/" + org + "/v2/auxiliary-code") == 1);
    CHECK(workspace.requests_to("GET /organization/" + org + "/v2/team") == 1);
    CHECK(workspace.requests_to("GET /organization/" + org + "/dial-plan") == 1);

    CHECK(profile["teams"].size() == 2);
    // All active idle codes (the inactive one left out); the profile's three wrap-up codes.
    CHECK(profile["idleCodes"].size() == 3);
    CHECK_FALSE(id_named(profile["idleCodes"], "Lunch").empty());
    CHECK(id_named(profile["idleCodes"], "Retired").empty());
    CHECK(profile["wrapUpCodes"].size() == 3);
    CHECK(profile["defaultWrapUpCode"]["name"] == "Sale");
    CHECK(profile["outdialAnis"].size() == 2);
    CHECK(profile["dialPlans"].size() == 2);  // the desktop profile's two of the organisation's three
    CHECK(profile["autoWrapUp"] == json{{"enabled", false}, {"afterSeconds", 15}, {"cancellable", true}});
    CHECK(profile["features"]["outbound"] == true);

    // A second ask is answered from the copy: no GET.
    auto gets = workspace.requests_to("GET /organization/" + org + "/v2/auxiliary-code");
    auto again = answer_to(workspace, agent_request("GetAgentProfile", nullptr, "r2"));
    CHECK(again["requestId"] == "r2");
    CHECK(again["profile"] == profile);
    CHECK(workspace.requests_to("GET /organization/" + org + "/v2/auxiliary-code") == gets);
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("A profile that cannot be read is PROFILE_FAILED, and read again on demand") {
    SECTION("no organisation: the token does not name one and none is configured") {
        Workspace workspace;
        workspace.start_ready();
        REQUIRE(workspace.wait([&] { return workspace.logged("could not be read"); }));
        auto answer = answer_to(workspace, agent_request("GetAgentProfile"));
        CHECK(answer["source"] == "error");
        CHECK(answer["error"]["type"] == "PROFILE_FAILED");
        CHECK(error_code(answer) == "INVALID_TOKEN");
    }
    SECTION("Webex refused the first read: the next GetAgentProfile reads it again") {
        Workspace workspace;
        workspace.sim().control({{"fault", "rest-status"}, {"status", 403}, {"count", 1}, {"path", "/organization/"}});
        workspace.with_profile().start_ready();
        REQUIRE(workspace.wait([&] { return workspace.logged("could not be read"); }));
        auto answer = answer_to(workspace, agent_request("GetAgentProfile"));
        CHECK(answer["source"] == "event");
        CHECK(answer["profile"]["teams"].size() == 2);
    }
    SECTION("a malformed request") {
        Workspace workspace;
        workspace.with_profile().start_ready();
        auto request = agent_request("GetAgentProfile");
        request["requestId"] = 5;
        CHECK(error_code(answer_to(workspace, request)) == "INVALID_REQUEST");
    }
}

TEST_CASE("StationLogout then StationLogin: Webex receives them, the CRM sees the station in AgentStateChange") {
    Workspace workspace;
    auto profile = started_with_profile(workspace);
    workspace.request(agent_request("StationLogout", {{"reason", "Inactivity Logout"}}, "out-1"));
    REQUIRE(workspace.wait([&] { return last_agent(workspace).value("loggedIn", true) == false; }));
    CHECK(workspace.requests_to("POST /v1/agents/logout") == 1);
    CHECK(workspace.sim().control({{"status", true}})["station"]["loggedIn"] == false);
    CHECK_FALSE(last_agent(workspace).contains("teamId"));

    const std::string team = profile["teams"][1]["id"], team_name = profile["teams"][1]["name"];
    workspace.request(
        agent_request("StationLogin", {{"teamId", team}, {"loginOption", "AGENT_DN"}, {"dialNumber", "+14155550100"}}));
    REQUIRE(workspace.wait([&] { return last_agent(workspace).value("loggedIn", false) == true; }));
    CHECK(workspace.requests_to("POST /v1/agents/login") == 1);
    auto station = workspace.sim().control({{"status", true}})["station"];
    CHECK(station ==
          json{{"loggedIn", true}, {"teamId", team}, {"deviceType", "AGENT_DN"}, {"dialNumber", "+14155550100"}});
    auto agent = last_agent(workspace);
    CHECK(agent["teamId"] == team);
    CHECK(agent["teamName"] == team_name);
    CHECK(agent["loginOption"] == "AGENT_DN");
    CHECK(agent["dialNumber"] == "+14155550100");
    CHECK(agent["idleCode"]["name"] == "Break");  // Idle in the default idle code after a login
    // The agent's phone is masked in the logs like a customer's number.
    CHECK_FALSE(workspace.logged("14155550100"));
    CHECK(workspace.errors().empty());
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("StationLogin and StationLogout refused before anything is sent, or by Webex: one error each") {
    Workspace workspace;
    auto profile = started_with_profile(workspace);
    const std::string team = profile["teams"][0]["id"];
    auto login = [&](json data) { return answer_to(workspace, agent_request("StationLogin", std::move(data))); };

    CHECK(error_code(login({{"teamId", "not-a-team"}, {"loginOption", "EXTENSION"}, {"dialNumber", "1002"}})) ==
          "UNKNOWN_TEAM");
    CHECK(error_code(login({{"teamId", team}, {"loginOption", "PHONE"}, {"dialNumber", "1002"}})) ==
          "INVALID_LOGIN_OPTION");
    CHECK(error_code(login({{"teamId", team}, {"loginOption", "AGENT_DN"}, {"dialNumber", "***"}})) ==
          "INVALID_DIAL_NUMBER");
    CHECK(error_code(login({{"teamId", team}, {"loginOption", "EXTENSION"}})) == "DIAL_NUMBER_REQUIRED");
    CHECK(error_code(login({{"teamId", 7}})) == "INVALID_REQUEST");
    CHECK(workspace.requests_to("POST /v1/agents/login") == 0);
    CHECK(error_code(answer_to(workspace, agent_request("StationLogout", {{"reason", "Lunch"}}))) == "INVALID_REASON");

    // Webex refuses: its notification's reason, or the HTTP error.
    workspace.sim().control({{"fault", "fail-station-login"}, {"reason", "DUPLICATE_LOCATION"}});
    auto refused = login({{"teamId", team}, {"loginOption", "EXTENSION"}, {"dialNumber", "1002"}});
    CHECK(refused["error"]["type"] == "STATION_LOGIN_FAILED");
    CHECK(error_code(refused) == "DUPLICATE_LOCATION");
    workspace.sim().control({{"fault", "rest-status"}, {"status", 500}, {"count", 1}, {"path", "/v1/agents/login"}});
    CHECK(login({{"teamId", team}, {"loginOption", "EXTENSION"}, {"dialNumber", "1002"}})["source"] == "error");
    CHECK(workspace.requests_to("POST /v1/agents/login") == 2);  // never retried

    workspace.sim().control({{"station", false}});  // Webex logged the agent out meanwhile
    auto logout = answer_to(workspace, agent_request("StationLogout"));
    CHECK(logout["error"]["type"] == "STATION_LOGOUT_FAILED");
    CHECK(error_code(logout) == "AGENT_NOT_FOUND");
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("An AGENT_DN number is checked against the US pattern when the profile has no dial plan") {
    Workspace workspace;
    workspace.sim().control({{"profile", {{"dialPlan", false}}}});
    auto profile = started_with_profile(workspace);
    CHECK(profile["dialPlans"].empty());
    json data = {{"teamId", profile["teams"][0]["id"]}, {"loginOption", "AGENT_DN"}, {"dialNumber", "+442071234567"}};
    CHECK(error_code(answer_to(workspace, agent_request("StationLogin", data))) == "INVALID_DIAL_NUMBER");
    data["dialNumber"] = "14085550123";
    workspace.request(agent_request("StationLogin", data));
    REQUIRE(workspace.wait([&] { return last_agent(workspace).value("dialNumber", "") == "14085550123"; }));
}

TEST_CASE("StationLogout during a call is refused before anything is sent") {
    Workspace workspace;
    started_with_profile(workspace);
    workspace.sim().control({{"autoWrapUp", false}});
    workspace.make_call_request("15550001007", "dial-1");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
    CHECK(error_code(answer_to(workspace, agent_request("StationLogout"))) == "CALL_IN_PROGRESS");
    CHECK(workspace.requests_to("POST /v1/agents/logout") == 0);
}

TEST_CASE("Idle and wrap-up codes by name: Not Ready names its idle code, a wrap-up sends the code's name") {
    Workspace workspace;
    auto profile = started_with_profile(workspace);
    auto lunch = id_named(profile["idleCodes"], "Lunch");
    CHECK(error_code(answer_to(workspace, agent_request("SetNotReadyState", {{"auxCodeId", "no-such-code"}}))) ==
          "UNKNOWN_IDLE_CODE");
    CHECK(workspace.requests_to("PUT /v1/agents/session/state") == 0);
    workspace.request(agent_request("SetNotReadyState", {{"auxCodeId", lunch}}));
    REQUIRE(workspace.wait([&] { return last_agent(workspace)["state"] == "Idle"; }));
    CHECK(last_agent(workspace)["idleCode"] == json{{"id", lunch}, {"name", "Lunch"}});
    workspace.request(agent_request("SetReadyState"));
    REQUIRE(workspace.wait([&] { return last_agent(workspace)["state"] == "Available"; }));
    CHECK_FALSE(last_agent(workspace).contains("idleCode"));

    workspace.sim().control({{"autoWrapUp", false}});
    workspace.make_call_request("15550001007", "dial-1");
    REQUIRE(workspace.wait_for_event("eCallRecordingStarted"));
    auto id = workspace.interaction_id();
    workspace.control("Disconnect");
    REQUIRE(workspace.wait_for_event("acw"));
    workspace.control("WrapUpCall", {{"callId", id}, {"wrapup", "wc-unknown"}}, "Agent");
    REQUIRE(workspace.wait_for_errors(1));
    CHECK(workspace.errors().back()["error"]["code"] == "UNKNOWN_WRAPUP_CODE");
    auto no_sale = id_named(profile["wrapUpCodes"], "No sale");
    workspace.control("WrapUpCall", {{"callId", id}, {"wrapup", no_sale}}, "Agent");
    REQUIRE(workspace.wait_for_event("DROPPED"));
    auto action = workspace.task_actions().back();
    CHECK(action["path"] == "/v1/tasks/" + id + "/wrapup");
    CHECK(action["body"] == json{{"auxCodeId", no_sale}, {"wrapUpReason", "No sale"}});
}

TEST_CASE("MakeCall {toAddress, ani} calls with an outdial ANI of the profile; another ANI is refused") {
    Workspace workspace;
    auto profile = started_with_profile(workspace);
    workspace.sim().control({{"autoWrapUp", false}});
    auto make_call = [](json data) {
        return json{{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"data", data}};
    };
    workspace.request(make_call({{"toAddress", "15550001007"}, {"ani", "+19995550000"}}));
    REQUIRE(workspace.wait_for_errors(1));
    CHECK(workspace.errors().back()["error"]["code"] == "INVALID_ANI");
    CHECK(workspace.requests_to("POST /v1/tasks/") == 0);

    const std::string ani = profile["outdialAnis"][1]["number"];
    workspace.request(make_call({{"toAddress", "15550001007"}, {"ani", ani}}));
    REQUIRE(workspace.wait_for_event("eAgentOfferContact"));
    CHECK(workspace.requests_to("POST /v1/tasks/") == 1);
    auto offer = workspace.call_messages().back()["message"];
    CHECK(offer.dump().find(ani) != std::string::npos);  // the caller id the customer sees
}

TEST_CASE("A StationLogin Webex accepts but never answers is refused with TIMEOUT; the late success answers nothing") {
    Workspace workspace(json{{"stationAnswerTimeoutMs", 300}});
    auto profile = started_with_profile(workspace);
    json data = {{"teamId", profile["teams"][0]["id"]}, {"loginOption", "EXTENSION"}, {"dialNumber", "1077"}};
    workspace.sim().control({{"fault", "delay-frames"}, {"ms", 1500}});  // its StationLogin comes after the timeout
    auto answer = answer_to(workspace, agent_request("StationLogin", data, "late-login"));
    CHECK(answer["source"] == "error");
    CHECK(answer["requestId"] == "late-login");
    CHECK(answer["error"]["type"] == "STATION_LOGIN_FAILED");
    CHECK(error_code(answer) == "TIMEOUT");
    CHECK(workspace.requests_to("POST /v1/agents/login") == 1);
    // The success arrives late: the agent's state follows it, the request gets no second answer.
    REQUIRE(workspace.wait([&] { return last_agent(workspace).value("dialNumber", "") == "1077"; }, 5s));
    workspace.sim().control({{"fault", "delay-frames"}, {"ms", 0}});
    workspace.settle();
    CHECK(workspace.messages_on("Agent", "StationLogin").size() == 1);
    CHECK(last_agent(workspace)["loggedIn"] == true);
    CHECK(workspace.schema_problems().empty());
}

TEST_CASE("Without entryPointId and outdialAni configured, MakeCall calls with the profile's outdial ANI") {
    Workspace workspace(json{{"entryPointId", nullptr}, {"outdialAni", nullptr}});
    auto profile = started_with_profile(workspace);
    const std::string ani = profile["outdialAnis"][0]["number"];
    CHECK(ani != "1908603511");  // not the simulator's own default
    workspace.make_call_request("15550001007", "dial-1");
    REQUIRE(workspace.wait_for_event("eAgentOfferContact"));
    CHECK(workspace.requests_to("POST /v1/tasks/") == 1);
    CHECK(workspace.call_messages().back()["message"].dump().find(ani) != std::string::npos);
}
