// The agent's session, pure: where an outdial comes from (configuration or profile), the station
// requests' checks and answers, the session beside other clients. Fed directly, no sockets.

#include "agent_session.hpp"
#include "tracker_fixture.hpp"

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;

namespace {

webexcc::client::AgentProfile outdial_profile() {
    webexcc::client::AgentProfile profile;
    profile.agent_id = agent;
    profile.outdial_entry_point_id = "ep-profile";
    profile.outdial_anis = {{"+14085550100", "Main"}, {"+14085550111", "Sales"}};
    profile.teams = {{"team-1", "Sales"}};
    profile.dial_plans = {{"US", "^\\+?1?[0-9]{10}$", "", ""}};
    return profile;
}

json error_of(const std::vector<Outgoing>& messages) { return only_message(messages)["error"]; }

}  // namespace

TEST_CASE("MakeCall without entryPointId and outdialAni configured: the profile's, or a clear refusal") {
    struct Unconfigured : ReadyTracker {
        Unconfigured() {
            config.entry_point_id.clear();
            config.outdial_ani.clear();
        }
    } ready;
    auto refused = ready.tracker.make_call(request("MakeCall", "+14155550123").dump(), true);
    CHECK_FALSE(refused.outdial);
    auto error = error_of(refused.messages);
    CHECK(error["type"] == "MAKE_CALL_FAILED");
    CHECK(error["code"] == "PROFILE_UNAVAILABLE");
    CHECK(error["message"].get<std::string>().find("entryPointId") != std::string::npos);

    ready.tracker.set_profile(outdial_profile());
    auto placed = ready.tracker.make_call(request("MakeCall", "+14155550123").dump(), true);
    REQUIRE(placed.outdial);
    CHECK(placed.outdial->entry_point_id == "ep-profile");
    CHECK(placed.outdial->origin == "+14085550100");  // the profile's first ANI
    ready.tracker.offer_timed_out(placed.attempt);
    auto chosen = ready.tracker.make_call(
        request("MakeCall", {{"toAddress", "+14155550123"}, {"ani", "+14085550111"}}).dump(), true);
    REQUIRE(chosen.outdial);
    CHECK(chosen.outdial->origin == "+14085550111");  // data.ani still picks among them
    ready.tracker.offer_timed_out(chosen.attempt);

    auto no_outdial = outdial_profile();
    no_outdial.outdial_anis.clear();
    ready.tracker.set_profile(no_outdial);
    CHECK(error_of(ready.tracker.make_call(request("MakeCall", "+14155550123").dump(), true).messages)["code"] ==
          "OUTDIAL_NOT_CONFIGURED");
}

TEST_CASE("MakeCall with entryPointId and outdialAni configured: they win over the profile's") {
    ReadyTracker ready;
    ready.tracker.set_profile(outdial_profile());
    auto placed = ready.tracker.make_call(request("MakeCall", "+14155550123").dump(), true);
    REQUIRE(placed.outdial);
    CHECK(placed.outdial->entry_point_id == "ep-1");
    CHECK(placed.outdial->origin == "1908603511");
}

namespace {

json station_request(const std::string& subtopic, json data, const std::string& request_id = "s1") {
    return {
        {"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", subtopic}, {"requestId", request_id}, {"data", data}};
}

std::string refusal_code(const SessionDecision& decision) {
    CHECK_FALSE(decision.request);
    return error_of(decision.messages)["code"];
}

json station_frame(const std::string& type, json data = json::object()) {
    data["type"] = type;
    data["agentId"] = agent;
    bool login = type.find("StationLogin") != std::string::npos;
    return {{"type", login ? "StationLogin" : "Logout"}, {"data", data}};
}

json agent_of(const Outgoing& message) { return json::parse(message.text)["message"]["agent"]; }

}  // namespace

TEST_CASE("StationLogin's checks: team, option, dial number, before anything is sent") {
    auto profile = std::optional(outdial_profile());
    auto login = [&](json data, bool connected = true, bool with_profile = true) {
        return decide_station_login(station_request("StationLogin", std::move(data)).dump(), connected,
                                    with_profile ? profile : std::nullopt);
    };
    json ok = {{"teamId", "team-1"}, {"loginOption", "agent_dn"}, {"dialNumber", "14085550123"}};
    auto accepted = login(ok);
    REQUIRE(accepted.request);
    CHECK(accepted.request->path == "/v1/agents/login");
    CHECK(accepted.login.login_option == "AGENT_DN");  // the option in any case
    CHECK(accepted.messages.empty());
    auto with = [&](const char* key, json value) {
        json data = ok;
        data[key] = std::move(value);
        return data;
    };
    CHECK(refusal_code(login(with("teamId", "team-9"))) == "UNKNOWN_TEAM");
    CHECK(refusal_code(login(with("loginOption", "PHONE"))) == "INVALID_LOGIN_OPTION");
    CHECK(refusal_code(login(with("dialNumber", "+44 20 7123 4567"))) == "INVALID_DIAL_NUMBER");
    CHECK(refusal_code(login(with("dialNumber", ""))) == "DIAL_NUMBER_REQUIRED");
    CHECK(refusal_code(login(with("dialNumber", 5))) == "INVALID_REQUEST");
    CHECK(refusal_code(login(ok, false)) == "NOT_CONNECTED");
    CHECK(refusal_code(login(ok, true, false)) == "PROFILE_UNAVAILABLE");
    // An extension is not a dial plan's number; a browser login needs none.
    CHECK(login(with("loginOption", "EXTENSION")).request);
    CHECK(login({{"teamId", "team-1"}, {"loginOption", "BROWSER"}}).request);
    auto refused = login(with("teamId", "team-9"));
    CHECK(error_of(refused.messages)["type"] == "STATION_LOGIN_FAILED");
    CHECK(json::parse(refused.messages[0].text)["message"]["requestId"] == "s1");

    auto logout = [&](json data, std::size_t calls = 0) {
        return decide_station_logout(station_request("StationLogout", std::move(data)).dump(), true, calls);
    };
    CHECK(logout(json::object()).request);
    CHECK(refusal_code(logout({{"reason", "Lunch"}})) == "INVALID_REASON");
    CHECK(refusal_code(logout(json::object(), 1)) == "CALL_IN_PROGRESS");
}

TEST_CASE("Station requests: one at a time, answered by Webex's notification, a refusal, or the timeout") {
    ReadyTracker ready;
    ready.tracker.set_profile(outdial_profile());
    json data = {{"teamId", "team-1"}, {"loginOption", "AGENT_DN"}, {"dialNumber", "14085550123"}};
    auto first = ready.tracker.station_request("StationLogin", station_request("StationLogin", data).dump(), true);
    REQUIRE(first.request);
    auto second = ready.tracker.station_request("StationLogin", station_request("StationLogin", data).dump(), true);
    CHECK(refusal_code(second) == "REQUEST_IN_PROGRESS");

    SECTION("success: the AgentStateChange with the station") {
        auto out = ready.tracker.notification(frame(station_frame("AgentStationLoginSuccess", {{"teamId", "team-1"}})));
        REQUIRE(out.size() == 1);
        CHECK(agent_of(out[0])["teamName"] == "Sales");
        CHECK(agent_of(out[0])["loginOption"] == "AGENT_DN");  // from the request: the frame did not say
        CHECK(agent_of(out[0])["loggedIn"] == true);
        CHECK(ready.tracker.station_timed_out(first.attempt).empty());
    }
    SECTION("Webex's refusal: the request's one error, with its reason") {
        auto out = ready.tracker.notification(
            frame(station_frame("AgentStationLoginFailed", {{"reason", "DUPLICATE_LOCATION"}})));
        CHECK(error_of(out)["code"] == "DUPLICATE_LOCATION");
        CHECK(ready.tracker.station_timed_out(first.attempt).empty());
    }
    SECTION("no notification in time: TIMEOUT once; late answers update the state and answer nothing") {
        auto timed_out = ready.tracker.station_timed_out(first.attempt);
        CHECK(error_of(timed_out)["code"] == "TIMEOUT");
        CHECK(timed_out[0].subtopic == "StationLogin");
        CHECK(ready.tracker.station_timed_out(first.attempt).empty());
        webexcc::client::ApiResponse refused;
        refused.error = workspace::Problem("HTTP_500", "late");
        CHECK(ready.tracker.station_answered(first.attempt, refused).empty());
        auto late =
            ready.tracker.notification(frame(station_frame("AgentStationLoginSuccess", {{"teamId", "team-1"}})));
        REQUIRE(late.size() == 1);
        CHECK(late[0].subtopic == "AgentStateChange");
        CHECK(agent_of(late[0])["teamId"] == "team-1");
    }
}

TEST_CASE("AgentReloginFailed: the agent is in no station, shown as logged out") {
    ReadyTracker ready;
    auto out = ready.tracker.notification(
        frame({{"type", "AgentReloginFailed"}, {"data", {{"type", "AgentReloginFailed"}, {"agentId", agent}}}}));
    REQUIRE(out.size() == 1);
    CHECK(agent_of(out[0])["loggedIn"] == false);
    CHECK_FALSE(ready.tracker.ready());
    auto refused = ready.tracker.make_call(request("MakeCall", "+14155550123").dump(), true);
    CHECK(error_of(refused.messages)["code"] == "AGENT_NOT_READY");
}

TEST_CASE("Beside other clients: multiLogin yield or takeOver; taken over once; TakeOverSession") {
    json base = {{"accessTokenFile", "/t"}};
    using MultiLogin = webexcc::client::ClientConfig::MultiLogin;
    CHECK(parse_plugin_config(base, "/").client.multi_login == MultiLogin::yield);
    base["multiLogin"] = "takeOver";
    CHECK(parse_plugin_config(base, "/").client.multi_login == MultiLogin::take_over);
    base["multiLogin"] = "fight";
    CHECK_THROWS_WITH(parse_plugin_config(base, "/"), Catch::Contains("\"multiLogin\""));

    ReadyTracker ready;
    auto active = ready.tracker.take_over_request(station_request("TakeOverSession", nullptr, "t0").dump());
    CHECK_FALSE(active.take_over);  // nothing to take back: the state is the answer
    REQUIRE(active.messages.size() == 1);
    CHECK(agent_of(active.messages[0])["session"] == "active");

    auto taken = ready.tracker.session_taken_over("AGENT_MULTI_LOGIN");
    REQUIRE(taken.size() == 2);
    CHECK(taken[0].subtopic == "SessionTakenOver");
    CHECK(agent_of(taken[1])["session"] == "takenOver");
    CHECK(ready.tracker.session_taken_over("AGENT_MULTI_LOGIN").empty());  // once per take-over
    auto take_back = ready.tracker.take_over_request(station_request("TakeOverSession", nullptr, "t1").dump());
    CHECK(take_back.take_over);
    CHECK(take_back.messages.empty());
    CHECK(take_back.request_id == "t1");
    auto failed = ready.tracker.take_over_failed("t1", workspace::Problem("HTTP_403", "refused"));
    CHECK(json::parse(failed.text)["message"]["error"]["code"] == "HTTP_403");
    CHECK(ready.tracker.session() == Session::taken_over);
    auto back = ready.tracker.session_connected();
    REQUIRE(back.size() == 1);
    CHECK(agent_of(back[0])["session"] == "active");
    CHECK(ready.tracker.session_connected().empty());
}
