// The agent's profile: the configuration answers read strictly (fixtures shaped like the JS SDK's
// services/config/types.ts and its unit tests), put together as parseAgentConfigs does; the dial
// plan check; the station login / logout requests and notifications.

#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/notification.hpp"
#include "webexcc/client/requests.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>

using namespace webexcc::client;
using nlohmann::json;

namespace {

const char* user_answer = R"({"id": "analyzer-1", "ciUserId": "agent-1", "firstName": "Ada", "lastName": "Lovelace",
    "agentProfileId": "desk-1", "email": "ada@example.com", "teamIds": ["team-1", "team-2"],
    "multimediaProfileId": "mm-1", "skillProfileId": null, "siteId": "site-1", "dbId": "db-1",
    "defaultDialledNumber": "+15550100"})";

json desktop_profile() {
    return json::parse(R"({"loginVoiceOptions": ["AGENT_DN", "EXTENSION", "BROWSER"],
        "accessWrapUpCode": "SPECIFIC", "accessIdleCode": "ALL", "wrapUpCodes": ["wrap-1", "wrap-2"],
        "idleCodes": [], "dialPlanEnabled": true, "lastAgentRouting": false, "autoWrapUp": true,
        "autoAnswer": false, "autoWrapAfterSeconds": 15, "agentAvailableAfterOutdial": false,
        "allowAutoWrapUpExtension": true, "outdialEnabled": true, "outdialEntryPointId": "ep-1",
        "outdialANIId": "ani-list-1", "consultToQueue": true, "addressBookId": "book-1",
        "viewableStatistics": {"agentStats": true}, "agentDNValidation": "PROVISIONED_VALUE",
        "dialPlans": ["plan-1"], "timeoutDesktopInactivityCustomEnabled": false})");
}

const char* aux_codes_answer = R"({"data": [
    {"id": "idle-1", "active": true, "defaultCode": true, "isSystemCode": false, "name": "Lunch", "workTypeCode": "IDLE_CODE"},
    {"id": "idle-2", "active": false, "defaultCode": false, "isSystemCode": false, "name": "Gone", "workTypeCode": "IDLE_CODE"},
    {"id": "wrap-1", "active": true, "defaultCode": false, "isSystemCode": false, "name": "Sale", "workTypeCode": "WRAP_UP_CODE"},
    {"id": "wrap-2", "active": true, "defaultCode": true, "isSystemCode": false, "name": "No sale", "workTypeCode": "WRAP_UP_CODE"},
    {"id": "wrap-3", "active": true, "defaultCode": false, "isSystemCode": false, "name": "Other", "workTypeCode": "WRAP_UP_CODE"}],
    "meta": {"page": 0, "pageSize": 100, "totalPages": 1, "totalRecords": 5}})";

ProfileAnswers answers() {
    ProfileAnswers a;
    a.org_id = "org-1";
    a.user = read_agent_user(user_answer).value();
    a.desktop = read_desktop_profile(desktop_profile().dump()).value();
    a.teams = read_teams_page(R"({"data": [{"id": "team-1", "name": "Sales", "teamType": "AGENT"}],
                                  "meta": {"totalPages": 1}})")
                  .value()
                  .teams;
    a.aux_codes = read_aux_codes_page(aux_codes_answer).value().codes;
    a.dial_plans = read_dial_plans(R"([{"id": "plan-1", "regularExpression": "^\\+1[0-9]{10}$", "prefix": "",
                                        "strippedChars": "", "name": "US"},
                                       {"id": "plan-2", "regularExpression": ".*", "name": "Any"}])")
                       .value();
    a.tenant = read_tenant_settings(R"({"data": [{"outdialEnabled": true, "endCallEnabled": true,
                                                  "endConsultEnabled": false, "dnDefaultRegex": "x"}]})")
                   .value();
    a.org = read_org_settings(R"({"data": [{"webRtcEnabled": false, "campaignManagerEnabled": true}]})").value();
    a.outdial_anis =
        read_outdial_ani_entries(R"({"data": [{"id": "e1", "name": "Main line", "number": "+15550199"}]})").value();
    return a;
}

}  // namespace

TEST_CASE("the profile is put together as the SDK's parseAgentConfigs does") {
    auto profile = assemble_profile(answers());
    CHECK(profile.agent_id == "agent-1");
    CHECK(profile.agent_name == "Ada Lovelace");
    CHECK(profile.site_id == "site-1");
    CHECK(profile.agent_profile_id == "desk-1");  // the buddy list names it
    CHECK(profile.address_book_id == "book-1");   // the picker's address book
    CHECK(profile.teams == std::vector<NamedItem>{{"team-1", "Sales"}});
    // accessIdleCode ALL: every active idle code; SPECIFIC wrap-up codes: only the listed ones.
    CHECK(profile.idle_codes == std::vector<NamedItem>{{"idle-1", "Lunch"}});
    CHECK(profile.wrap_up_codes == std::vector<NamedItem>{{"wrap-1", "Sale"}, {"wrap-2", "No sale"}});
    REQUIRE(profile.default_wrap_up_code);
    CHECK(*profile.default_wrap_up_code == NamedItem{"wrap-2", "No sale"});
    CHECK(profile.outdial_entry_point_id == "ep-1");
    CHECK(profile.outdial_anis == std::vector<OutdialAni>{{"+15550199", "Main line"}});
    // Only the profile's own plans.
    REQUIRE(profile.dial_plans.size() == 1);
    CHECK(profile.dial_plans[0].name == "US");
    CHECK(profile.auto_wrap_up.enabled);
    CHECK(profile.auto_wrap_up.after_seconds == 15);
    CHECK(profile.auto_wrap_up.cancellable);
    CHECK(profile.features.outbound);
    CHECK(profile.features.adhoc_dialing);
    CHECK(profile.features.end_call);
    CHECK_FALSE(profile.features.end_consult);
    CHECK(profile.features.consult_to_queue);
    CHECK(profile.features.campaign_management);
    CHECK(profile.team("team-1"));
    CHECK_FALSE(profile.team("team-2"));
    CHECK(profile.idle_code("idle-1"));
    CHECK_FALSE(profile.idle_code("idle-2"));
    CHECK(profile.outdial_ani("+15550199"));
}

TEST_CASE("dial plans disabled in the desktop profile give none, and outbound needs tenant and agent") {
    auto a = answers();
    a.desktop.dial_plan_enabled = false;
    a.tenant.outdial_enabled = false;
    auto profile = assemble_profile(a);
    CHECK(profile.dial_plans.empty());
    CHECK_FALSE(profile.features.outbound);
    CHECK_FALSE(profile.features.adhoc_dialing);
}

TEST_CASE("a dial number is checked against the dial plans, or the SDK's US pattern without any") {
    std::vector<DialPlan> plans{{"US", "^\\+1[0-9]{10}$", "", ""}};
    CHECK(dial_number_allowed(plans, "+15551234567"));
    CHECK_FALSE(dial_number_allowed(plans, "5551234567"));
    CHECK_FALSE(dial_number_allowed(plans, ""));
    // No plan: 1NXXNXXXXXX found anywhere in it (the SDK's RegExp.test).
    CHECK(dial_number_allowed({}, "14085551234"));
    CHECK(dial_number_allowed({}, "+14085551234"));
    CHECK_FALSE(dial_number_allowed({}, "4085551234"));
    CHECK_FALSE(dial_number_allowed({}, "14081551234"));  // exchange may not start with 1
    // A plan that does not compile accepts nothing; another one still may.
    std::vector<DialPlan> broken{{"bad", "([", "", ""}};
    CHECK_FALSE(dial_number_allowed(broken, "+15551234567"));
    broken.push_back(plans[0]);
    CHECK(dial_number_allowed(broken, "+15551234567"));
    // A long text is refused before any regex runs on it.
    CHECK_FALSE(dial_number_allowed({{"any", ".*", "", ""}}, std::string(5000, '1')));
}

TEST_CASE("a dial plan from the network can neither hang the check nor overflow its stack") {
    // Found by fuzz_agent_profile: a backtracking search of (1|11)*2 over 64 digits never ended,
    // and a regex nested 20000 deep overflowed the compiler's stack.
    auto started = std::chrono::steady_clock::now();
    CHECK_FALSE(dial_number_allowed({{"slow", "(1|1|11)*2", "", ""}}, std::string(64, '1')));
    CHECK_FALSE(dial_number_allowed({{"slow", "(1*)*2", "", ""}}, std::string(64, '1')));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    std::string deep;
    for (int i = 0; i < 20000; ++i) deep += "(?:";
    deep += "1";
    for (int i = 0; i < 20000; ++i) deep += ")";
    CHECK_FALSE(dial_number_allowed({{"deep", deep, "", ""}}, "1"));
    // A back-reference is what the polynomial search cannot run: such a plan accepts nothing.
    CHECK_FALSE(dial_number_allowed({{"backref", "(1)\\1", "", ""}}, "11"));
    CHECK(dial_number_allowed({{"slow", "(1|1|11)*2", "", ""}}, "1112"));  // still matched when it matches
}

TEST_CASE("the organisation id comes from the access token's shape") {
    CHECK(org_id_of_token("abc_P0A1_0b2c3d4e-org").value() == "0b2c3d4e-org");
    CHECK(org_id_of_token("a_b_c_d").value() == "c_d");
    for (auto bad : {"", "opaque", "a_b", "a_b_"}) {
        auto org = org_id_of_token(bad);
        REQUIRE_FALSE(org.has_value());
        CHECK(org.error().code == "INVALID_TOKEN");
    }
}

TEST_CASE("a malformed configuration answer is a problem naming the answer and field, never a crash") {
    auto problem_of = [](auto result) {
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == "INVALID_PROFILE");
        return result.error().message;
    };
    CHECK_THAT(problem_of(read_agent_user("not json")), Catch::Contains("user answer is not a JSON object"));
    CHECK_THAT(problem_of(read_agent_user("[1]")), Catch::Contains("not a JSON object"));
    CHECK_THAT(problem_of(read_agent_user(R"({"agentProfileId": "d"})")), Catch::Contains("\"ciUserId\""));
    CHECK_THAT(problem_of(read_agent_user(R"({"ciUserId": 7, "agentProfileId": "d"})")),
               Catch::Contains("\"ciUserId\""));
    CHECK_THAT(problem_of(read_agent_user(R"({"ciUserId": "a", "agentProfileId": "d", "teamIds": [1]})")),
               Catch::Contains("\"teamIds\""));
    auto desktop = desktop_profile();
    desktop["autoWrapAfterSeconds"] = "15";
    CHECK_THAT(problem_of(read_desktop_profile(desktop.dump())), Catch::Contains("autoWrapAfterSeconds"));
    desktop["autoWrapAfterSeconds"] = -1;
    CHECK_THAT(problem_of(read_desktop_profile(desktop.dump())), Catch::Contains("negative"));
    desktop["autoWrapAfterSeconds"] = 15;
    desktop["autoWrapUp"] = "yes";
    CHECK_THAT(problem_of(read_desktop_profile(desktop.dump())), Catch::Contains("autoWrapUp"));
    desktop["autoWrapUp"] = false;
    desktop["addressBookId"] = 5;
    CHECK_THAT(problem_of(read_desktop_profile(desktop.dump())), Catch::Contains("addressBookId"));
    CHECK_THAT(problem_of(read_teams_page(R"({"data": [{"name": "no id"}]})")), Catch::Contains("\"id\""));
    CHECK_THAT(problem_of(read_teams_page(R"({"data": ["team-1"]})")), Catch::Contains("not an object"));
    CHECK_THAT(problem_of(read_teams_page(R"({"data": {}})")), Catch::Contains("\"data\""));
    CHECK_THAT(problem_of(read_teams_page(R"({"data": [], "meta": {"totalPages": "2"}})")),
               Catch::Contains("totalPages"));
    CHECK_THAT(problem_of(read_aux_codes_page(R"({"data": [{"id": "x", "active": 1}]})")), Catch::Contains("active"));
    CHECK_THAT(problem_of(read_dial_plans(R"("plans")")), Catch::Contains("neither"));
    // The dial-plan answer is read inside a wrapper object: a body of more than one value that the
    // wrapper would make whole (a member after it, or a second "data" overriding the first) is refused;
    // the second "data" by the strict reader, which refuses any key twice in one object.
    CHECK_THAT(problem_of(read_dial_plans(R"([], "x": 1)")), Catch::Contains("one JSON value"));
    CHECK_THAT(problem_of(read_dial_plans(R"([], "data": [{"id": "p", "regularExpression": ".*"}])")),
               Catch::Contains("is not JSON: a duplicate object key"));
    CHECK_THAT(problem_of(read_tenant_settings(R"({"data": []})")), Catch::Contains("no settings"));
    CHECK_THAT(problem_of(read_org_settings(R"({"data": [{"webRtcEnabled": "no"}]})")),
               Catch::Contains("webRtcEnabled"));
    CHECK_THAT(problem_of(read_outdial_ani_entries(R"({"data": [{"name": "no number"}]})")),
               Catch::Contains("\"number\""));
    // Bytes that are not UTF-8 and lone surrogates are refused by the strict reader, not passed on.
    problem_of(read_agent_user("{\"ciUserId\": \"a\xff\", \"agentProfileId\": \"d\"}"));
    problem_of(read_agent_user(R"({"ciUserId": "\ud800", "agentProfileId": "d"})"));
}

TEST_CASE("absent and null members read as empty, as the SDK's ?? does") {
    auto user = read_agent_user(R"({"ciUserId": "a", "agentProfileId": "d", "teamIds": null})").value();
    CHECK(user.team_ids.empty());
    CHECK(user.first_name.empty());
    auto page = read_teams_page(R"({"data": []})").value();
    CHECK(page.total_pages == 1);
    CHECK(read_teams_page(R"({"data": [], "meta": {"totalPages": 3}})").value().total_pages == 3);
    // A dial-plan answer as a {data: [...]} page reads like the SDK's bare list.
    CHECK(read_dial_plans(R"({"data": [{"id": "p", "regularExpression": "1"}]})").value().size() == 1);
}

TEST_CASE("the configuration GETs are the SDK's endpoints, ids percent-encoded") {
    auto user = get_agent_user("org 1", "agent/1");
    CHECK(user.method == Method::get);
    CHECK(user.path == "/organization/org%201/user/by-ci-user-id/agent%2F1");
    CHECK(get_desktop_profile("o", "d").path == "/organization/o/agent-profile/d");
    CHECK(get_teams("o", 2, {"t1", "t2"}).path == "/organization/o/v2/team?page=2&pageSize=100&filter=id=in=(t1,t2)");
    CHECK(get_aux_codes("o", 0).path ==
          "/organization/o/v2/auxiliary-code?page=0&pageSize=100&attributes=id,isSystemCode,name,defaultCode,"
          "workTypeCode,active");
    CHECK(get_dial_plans("o").path == "/organization/o/dial-plan?agentView=true");
    CHECK(get_tenant_settings("o").path == "/organization/o/v2/tenant-configuration?agentView=true");
    CHECK(get_org_settings("o").path == "/organization/o/v2/organization-setting?agentView=true");
    CHECK(get_outdial_ani_entries("o", "a&b").path == "/organization/o/v2/outdial-ani/a%26b/entry");
    CHECK(user.replay == Replay::safe);
}

TEST_CASE("station login sends the SDK's whole body; logout its reason") {
    auto dn = station_login({"team-1", "AGENT_DN", "+15551234567", "agent-1"});
    CHECK(dn.method == Method::post);
    CHECK(dn.path == "/v1/agents/login");
    CHECK(dn.replay == Replay::never);
    CHECK(json::parse(dn.body) == json::parse(R"({"dialNumber": "+15551234567", "teamId": "team-1",
        "deviceType": "AGENT_DN", "isExtension": false, "deviceId": "+15551234567", "roles": ["agent"],
        "teamName": "", "siteId": "", "usesOtherDN": false, "auxCodeId": ""})"));
    auto extension = json::parse(station_login({"team-1", "EXTENSION", "1002", "agent-1"}).body);
    CHECK(extension["isExtension"] == true);
    CHECK(extension["deviceId"] == "1002");
    auto browser = json::parse(station_login({"team-1", "BROWSER", "", "agent-1"}).body);
    CHECK(browser["dialNumber"] == "agent-1");
    CHECK(browser["deviceId"] == "webrtc-agent-1");

    auto logout = station_logout("User requested logout");
    CHECK(logout.path == "/v1/agents/logout");
    CHECK(json::parse(logout.body) == json{{"logoutReason", "User requested logout"}});
}

TEST_CASE("station login and logout notifications are read into the agent's session") {
    auto login = read_frame(R"({"type": "StationLogin", "orgId": "org-1", "trackingId": "t1",
        "data": {"type": "AgentStationLoginSuccess", "agentId": "agent-1", "teamId": "team-1",
        "status": "LoggedIn", "subStatus": "Idle", "auxCodeId": "idle-1", "dialNumber": "+15551234567",
        "deviceType": "AGENT_DN", "interactionIds": [], "channelsMap": {"telephony": ["c1"]}}})",
                            1)
                     .value();
    auto& agent = login.frame.notification.agent;
    CHECK(login.frame.type == "StationLogin");
    CHECK(login.frame.notification.type == "AgentStationLoginSuccess");
    CHECK(agent.status == "LoggedIn");
    CHECK(agent.team_id == "team-1");
    CHECK(agent.dial_number == "+15551234567");
    CHECK(agent.device_type == "AGENT_DN");

    // A relogin names the phone in dn.
    auto relogin = read_frame(R"({"type": "AgentReloginSuccess", "data": {"type": "AgentReloginSuccess",
        "dn": "1002", "teamId": "team-2"}})",
                              1)
                       .value();
    CHECK(relogin.frame.notification.agent.dial_number == "1002");

    auto logout = read_frame(R"({"type": "Logout", "data": {"type": "AgentLogoutSuccess", "agentId": "agent-1",
        "status": "LoggedOut", "subStatus": "Idle"}})",
                             1)
                      .value();
    CHECK(logout.frame.notification.type == "AgentLogoutSuccess");
    CHECK(logout.frame.notification.agent.status == "LoggedOut");

    auto failed = read_frame(R"({"type": "StationLogin", "data": {"type": "AgentStationLoginFailed",
        "reason": "DUPLICATE_LOCATION", "teamId": 5}})",
                             1)
                      .value();
    CHECK(failed.frame.notification.reason == "DUPLICATE_LOCATION");
    CHECK(failed.frame.notification.malformed == "teamId");
}
