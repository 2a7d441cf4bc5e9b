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

json make_call_data(json data) {
    return {{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"data", std::move(data)}};
}

json error_of(const std::vector<Outgoing>& messages) {
    REQUIRE(messages.size() == 1);
    return json::parse(messages[0].text)["message"]["error"];
}

}  // namespace

TEST_CASE("MakeCall without entryPointId and outdialAni configured: the profile's, or a clear refusal") {
    struct Unconfigured : ReadyTracker {
        Unconfigured() {
            config.entry_point_id.clear();
            config.outdial_ani.clear();
        }
    } ready;
    auto refused = ready.tracker.make_call(make_call_data("+14155550123").dump(), true);
    CHECK_FALSE(refused.outdial);
    auto error = error_of(refused.messages);
    CHECK(error["type"] == "MAKE_CALL_FAILED");
    CHECK(error["code"] == "PROFILE_UNAVAILABLE");
    CHECK(error["message"].get<std::string>().find("entryPointId") != std::string::npos);

    ready.tracker.set_profile(outdial_profile());
    auto placed = ready.tracker.make_call(make_call_data("+14155550123").dump(), true);
    REQUIRE(placed.outdial);
    CHECK(placed.outdial->entry_point_id == "ep-profile");
    CHECK(placed.outdial->origin == "+14085550100");  // the profile's first ANI
    ready.tracker.offer_timed_out(placed.attempt);
    auto chosen =
        ready.tracker.make_call(make_call_data({{"toAddress", "+14155550123"}, {"ani", "+14085550111"}}).dump(), true);
    REQUIRE(chosen.outdial);
    CHECK(chosen.outdial->origin == "+14085550111");  // data.ani still picks among them
    ready.tracker.offer_timed_out(chosen.attempt);

    auto no_outdial = outdial_profile();
    no_outdial.outdial_anis.clear();
    ready.tracker.set_profile(no_outdial);
    CHECK(error_of(ready.tracker.make_call(make_call_data("+14155550123").dump(), true).messages)["code"] ==
          "OUTDIAL_NOT_CONFIGURED");
}

TEST_CASE("MakeCall with entryPointId and outdialAni configured: they win over the profile's") {
    ReadyTracker ready;
    ready.tracker.set_profile(outdial_profile());
    auto placed = ready.tracker.make_call(make_call_data("+14155550123").dump(), true);
    REQUIRE(placed.outdial);
    CHECK(placed.outdial->entry_point_id == "ep-1");
    CHECK(placed.outdial->origin == "1908603511");
}
