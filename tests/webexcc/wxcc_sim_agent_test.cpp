// wxcc-sim as the official SDK 3.12.0 uses it, over TLS: the configuration GETs of register()
// (services/config/index.ts), station login / logout / reload (services/agent, cc.ts), the
// TrackingID header, multi-login, and the preview campaign accept (services/task/dialer.ts).

#include "sim_wire.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <catch2/catch.hpp>

using namespace webexcc::testing;
using boost::beast::http::verb;
using nlohmann::json;

namespace {

std::string org_path(SimWire& wire, const std::string& resource) {
    return "/organization/" + wire.org_id() + (resource.empty() ? "" : "/" + resource);
}

json sdk_station_login(const std::string& team_id, const std::string& dial_number) {
    return {{"dialNumber", dial_number}, {"teamId", team_id},  {"deviceType", "AGENT_DN"}, {"isExtension", false},
            {"deviceId", dial_number},   {"roles", {"agent"}}, {"teamName", ""},           {"siteId", ""},
            {"usesOtherDN", false},      {"auxCodeId", ""}};
}

}  // namespace

TEST_CASE("The simulator serves every configuration GET of the SDK's register(), shaped as it parses them") {
    SimWire wire;
    auto status = wire.sim().control({{"status", true}});
    auto user = wire.get(org_path(wire, "user/by-ci-user-id/22a3ff9b-c51c-4c6b-8b8a-ca98154240f1"));
    REQUIRE(user.status == 200);
    CHECK(user.body["ciUserId"] == "22a3ff9b-c51c-4c6b-8b8a-ca98154240f1");
    REQUIRE(user.body["teamIds"].size() == 2);
    auto profile = wire.get(org_path(wire, "agent-profile/" + user.body["agentProfileId"].get<std::string>()));
    REQUIRE(profile.status == 200);
    CHECK(profile.body["autoWrapUp"] == false);
    CHECK(profile.body["dialPlanEnabled"] == true);
    CHECK(profile.body["outdialEntryPointId"].is_string());

    // The SDK's own query strings (constants.ts endPointMap), and its double slash for queues.
    auto teams = wire.get(org_path(wire, "v2/team?page=0&pageSize=100&filter=id=in=(" +
                                             user.body["teamIds"][0].get<std::string>() + "," +
                                             user.body["teamIds"][1].get<std::string>() + ")"));
    REQUIRE(teams.status == 200);
    CHECK(teams.body["data"].size() == 2);
    CHECK(teams.body["meta"]["totalPages"] == 1);
    auto codes = wire.get(org_path(wire, "v2/auxiliary-code?page=0&pageSize=100&attributes=id,isSystemCode,name"));
    REQUIRE(codes.status == 200);
    int wrap_up_defaults = 0;
    for (const auto& code : codes.body["data"])
        if (code["workTypeCode"] == "WRAP_UP_CODE" && code["defaultCode"] == true) ++wrap_up_defaults;
    CHECK(wrap_up_defaults == 1);
    auto dial_plan = wire.get(org_path(wire, "dial-plan?agentView=true"));
    REQUIRE(dial_plan.status == 200);
    CHECK(dial_plan.body.is_array());  // the SDK takes the body itself as the list
    CHECK(wire.get(org_path(wire, "v2/organization-setting?agentView=true")).body["data"][0].contains("webRtcEnabled"));
    CHECK(wire.get(org_path(wire, "v2/tenant-configuration?agentView=true")).body["data"][0]["endConsultEnabled"] ==
          true);
    CHECK(wire.get(org_path(wire, "site/" + user.body["siteId"].get<std::string>())).status == 200);
    CHECK(wire.get(org_path(wire, "")).body.contains("tenantId"));
    CHECK(wire.get(org_path(wire, "v2/org-url-mapping?sort=name,ASC")).body["data"].is_array());
    CHECK(wire.get(org_path(wire, "v2/ai-feature?page=0&pageSize=100")).body["data"].is_array());
    auto anis =
        wire.get(org_path(wire, "v2/outdial-ani/" + profile.body["outdialANIId"].get<std::string>() + "/entry"));
    REQUIRE(anis.status == 200);
    CHECK(anis.body["data"][0].contains("number"));
    CHECK(wire.get("/" + org_path(wire, "v2/contact-service-queue?page=0&pageSize=100")).body["data"].size() == 2);
    CHECK(wire.get("/" + org_path(wire, "v2/entry-point?page=0&pageSize=100")).body["data"].size() == 2);
    CHECK(wire.get(org_path(wire, "v2/address-book/" + profile.body["addressBookId"].get<std::string>() + "/entry"))
              .body["data"]
              .size() == 2);
    CHECK(wire.get("/organization/another-org/agent-profile/x").status == 403);
    CHECK(wire.get(org_path(wire, "no-such-thing")).status == 404);
    CHECK(status["orgId"].is_string());
}

TEST_CASE("The profile control changes auto wrap-up and removes the dial plan") {
    SimWire wire;
    auto user = wire.get(org_path(wire, "user/by-ci-user-id/22a3ff9b-c51c-4c6b-8b8a-ca98154240f1"));
    auto profile_path = org_path(wire, "agent-profile/" + user.body["agentProfileId"].get<std::string>());
    REQUIRE(wire.sim().control({{"profile",
                                 {{"autoWrapUp", true},
                                  {"autoWrapAfterSeconds", 3},
                                  {"allowCancelAutoWrapUp", false},
                                  {"dialPlan", false}}}})["ok"] == true);
    auto profile = wire.get(profile_path).body;
    CHECK(profile["autoWrapUp"] == true);
    CHECK(profile["autoWrapAfterSeconds"] == 3);
    CHECK(profile["allowAutoWrapUpExtension"] == false);
    CHECK(profile["dialPlanEnabled"] == false);
    CHECK(wire.sim().control({{"profile", {{"autoWrapUp", "yes"}}}}).contains("error"));
}

TEST_CASE("Access tokens the simulator issues carry its org id in Webex's <a>_<b>_<orgId> shape") {
    SimWire wire;
    const std::string verifier = "a-verifier-of-at-least-forty-three-characters-long-0123";
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    std::string challenge(48, '\0');
    challenge.resize(static_cast<std::size_t>(
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(challenge.data()), digest, sizeof digest)));
    for (auto& c : challenge) c = c == '+' ? '-' : c == '/' ? '_' : c;
    challenge.erase(challenge.find_last_not_of('=') + 1);
    auto authorized = wire.get(
        "/v1/authorize?client_id=wxcc-sim-client&response_type=code&redirect_uri=http://x/cb"
        "&code_challenge_method=S256&state=s&code_challenge=" +
        challenge);
    REQUIRE(authorized.status == 302);
    auto location = authorized.headers["location"];
    auto code = location.substr(location.find("code=") + 5);
    code = code.substr(0, code.find('&'));
    auto form =
        "grant_type=authorization_code&client_id=wxcc-sim-client&client_secret=wxcc-sim-secret"
        "&redirect_uri=http://x/cb&code=" +
        code + "&code_verifier=" + verifier;
    auto token =
        wire.request(verb::post, "/v1/access_token", form, {{"content-type", "application/x-www-form-urlencoded"}});
    REQUIRE(token.status == 200);
    std::string access = token.body["access_token"];
    REQUIRE(std::count(access.begin(), access.end(), '_') == 2);
    CHECK(access.substr(access.rfind('_') + 1) == wire.org_id());
    CHECK(wire.request(verb::get, org_path(wire, "dial-plan"), "", {}, access).status == 200);
}

TEST_CASE("An agent in no station: reload fails AGENT_NOT_FOUND, login names the station, logout waits for calls") {
    SimWire wire([](wxcc_sim::Options& options) { options.start_in_station = false; });
    wire.open_socket({{"force", true}, {"allowMultiLogin", false}});
    REQUIRE(wire.post("/v1/agents/reload").status == 202);
    auto failed = wire.wait_for("AgentReloginFailed");
    REQUIRE(failed);
    CHECK((*failed)["data"]["reason"] == "AGENT_NOT_FOUND");
    CHECK(wire.post("/v1/tasks/", {{"destination", "+14155550100"},
                                   {"entryPointId", "ep"},
                                   {"direction", "OUTBOUND"},
                                   {"mediaType", "telephony"},
                                   {"outboundType", "OUTDIAL"}})
              .status == 400);

    CHECK(wire.post("/v1/agents/login", sdk_station_login("no-such-team", "14085550123")).status == 400);
    const std::string team = "56cf5b28-56b0-4905-9d49-6893257100b2";
    REQUIRE(wire.post("/v1/agents/login", sdk_station_login(team, "14085550123")).status == 202);
    auto login = wire.wait_for("AgentStationLoginSuccess");
    REQUIRE(login);
    CHECK((*login)["type"] == "StationLogin");
    CHECK((*login)["data"]["teamId"] == team);
    CHECK((*login)["data"]["dialNumber"] == "14085550123");
    CHECK((*login)["data"]["deviceType"] == "AGENT_DN");
    CHECK((*login)["data"]["channelsMap"].contains("telephony"));
    REQUIRE(wire.post("/v1/agents/reload").status == 202);
    auto relogin = wire.wait_for("AgentReloginSuccess");
    REQUIRE(relogin);
    CHECK((*relogin)["data"]["deviceType"] == "AGENT_DN");  // without it the SDK's register() fails
    CHECK((*relogin)["data"]["dn"] == "14085550123");
    CHECK((*relogin)["data"]["teamId"] == team);
    auto station = wire.sim().control({{"status", true}})["station"];
    CHECK(station["loggedIn"] == true);

    auto call = wire.sim().control({{"offerCall", {{"kind", "inbound"}}}});
    REQUIRE(wire.wait_for("AgentContactAssigned"));
    REQUIRE(wire.post("/v1/agents/logout", {{"logoutReason", "User requested logout"}}).status == 202);
    auto refused = wire.wait_for("AgentLogoutFailed");
    REQUIRE(refused);
    CHECK((*refused)["type"] == "Logout");
    wire.sim().control({{"autoWrapUp", true}});
    REQUIRE(wire.post("/v1/tasks/" + call["interactionId"].get<std::string>() + "/end").status == 202);
    REQUIRE(wire.wait_for("AgentWrappedUp"));
    REQUIRE(wire.post("/v1/agents/logout", {{"logoutReason", "User requested logout"}}).status == 202);
    auto logout = wire.wait_for("AgentLogoutSuccess");
    REQUIRE(logout);
    CHECK((*logout)["type"] == "Logout");
    CHECK(wire.sim().control({{"status", true}})["station"]["loggedIn"] == false);
}

TEST_CASE("A station login Webex refuses is answered StationLogin / AgentStationLoginFailed") {
    SimWire wire;
    wire.open_socket();
    wire.sim().control({{"fault", "fail-station-login"}, {"reason", "DUPLICATE_LOCATION"}});
    REQUIRE(wire.post("/v1/agents/login", sdk_station_login("56cf5b28-56b0-4905-9d49-6893257100b1", "14085550123"))
                .status == 202);
    auto failed = wire.wait_for("AgentStationLoginFailed");
    REQUIRE(failed);
    CHECK((*failed)["type"] == "StationLogin");
    CHECK((*failed)["data"]["reason"] == "DUPLICATE_LOCATION");
}

TEST_CASE("The request's trackingid comes back as the TrackingID header, errors included") {
    SimWire wire;
    auto answer = wire.post("/v1/agents/reload", json::object(), {{"trackingid", "WebexCCSDK_1234-abcd"}});
    CHECK(answer.headers["trackingid"] == "WebexCCSDK_1234-abcd");
    auto refused = wire.post("/v1/tasks/", json::object(), {{"trackingid", "WebexCCSDK_5678"}});
    CHECK(refused.status == 400);
    CHECK(refused.headers["trackingid"] == "WebexCCSDK_5678");
    CHECK(refused.body["trackingId"] == "WebexCCSDK_5678");
    CHECK(wire.get(org_path(wire, "dial-plan")).headers["trackingid"].rfind("WXCC_SIM_", 0) == 0);
}

TEST_CASE("A newer subscription closes the older socket after AGENT_MULTI_LOGIN") {
    SimWire wire;
    auto first = wire.open_socket({{"force", true}, {"allowMultiLogin", false}});
    auto second = wire.open_socket({{"force", true}, {"allowMultiLogin", true}});
    auto told = wire.wait_for("AGENT_MULTI_LOGIN", first);
    REQUIRE(told);
    CHECK((*told)["data"]["type"] == "AgentMultiLoginCloseSession");
    for (int i = 0; i < 100 && !wire.closed(first); ++i) wire.pump(std::chrono::milliseconds(10));
    CHECK(wire.closed(first));
    CHECK_FALSE(wire.closed(second));
    CHECK(wire.sim().control({{"status", true}})["allowMultiLogin"] == true);
    wire.sim().control({{"agentState", "Idle"}});
    CHECK(wire.wait_for("AgentStateChangeSuccess", second));
}

namespace {

std::string accept_path(const std::string& campaign, const std::string& reservation) {
    return "/v1/dialer/campaign/" + campaign + "/preview-task/" + reservation + "/accept";
}

// Offers a preview reservation and returns its id, once its AgentOfferCampaignReservation arrived.
std::string reserve(SimWire& wire, const std::string& kind = "preview") {
    auto reservation = wire.sim().control({{"offerCall", {{"kind", kind}}}})["interactionId"].get<std::string>();
    auto offered = wire.wait_for("AgentOfferCampaignReservation");
    REQUIRE(offered);
    CHECK((*offered)["data"]["interactionId"] == reservation);
    CHECK((*offered)["data"]["interaction"]["callProcessingDetails"]["campaignId"] == "Spring Sale");
    CHECK((*offered)["data"]["interaction"]["outboundType"] == "PREVIEW");
    return reservation;
}

}  // namespace

TEST_CASE("A preview reservation rings nothing until accepted; its call then comes under a new id naming it") {
    SimWire wire;
    wire.open_socket();
    auto reservation = reserve(wire);
    wire.pump(300ms);  // many steps: still no call
    for (const auto& frame : wire.frames()) CHECK(frame.dump().find("AgentContactAssigned") == std::string::npos);

    // The SDK's accept (dialer.ts ~71-105): the campaign's name URL-encoded, body {}.
    auto unknown = wire.post(accept_path("Spring%20Sale", "no-such-reservation"));
    CHECK(unknown.status == 404);
    CHECK(unknown.body["errorType"] == "NOT_FOUND");
    CHECK(unknown.body.contains("trackingId"));
    CHECK(wire.post(accept_path("Autumn", reservation)).status == 400);
    CHECK(wire.post(accept_path("Spring%2", reservation)).status == 400);
    REQUIRE(wire.post(accept_path("Spring%20Sale", reservation)).status == 202);
    CHECK(wire.post(accept_path("Spring%20Sale", reservation)).status == 404);  // accepted already

    auto assigned = wire.wait_for("AgentContactAssigned");
    REQUIRE(assigned);
    auto call = (*assigned)["data"]["interactionId"].get<std::string>();
    CHECK(call != reservation);
    CHECK((*assigned)["data"]["reservationInteractionId"] == reservation);
    CHECK((*assigned)["data"]["interaction"]["state"] == "connected");
    auto actions = wire.sim().control({{"status", true}})["taskActions"];
    CHECK(actions.back()["path"] == accept_path("Spring%20Sale", reservation));
    CHECK(actions.back()["body"] == json::object());
    REQUIRE(wire.post("/v1/tasks/" + call + "/end").status == 202);
    REQUIRE(wire.wait_for("AgentWrapup"));
}

TEST_CASE("preview-same-id: the accepted reservation's call keeps its id") {
    SimWire wire;
    wire.open_socket();
    auto reservation = reserve(wire, "preview-same-id");
    REQUIRE(wire.post(accept_path("Spring%20Sale", reservation)).status == 202);
    auto assigned = wire.wait_for("AgentContactAssigned");
    REQUIRE(assigned);
    CHECK((*assigned)["data"]["interactionId"] == reservation);
}

TEST_CASE("A reservation never accepted ends after its time: ContactEnded, or RONA when the control says so") {
    SECTION("contact-ended (default): state new, nobody to wrap up") {
        SimWire wire;
        wire.open_socket();
        wire.sim().control({{"previewTimeoutMs", 200}});
        auto reservation = reserve(wire);
        auto ended = wire.wait_for("ContactEnded");
        REQUIRE(ended);
        CHECK((*ended)["data"]["interactionId"] == reservation);
        CHECK((*ended)["data"]["interaction"]["state"] == "new");
        CHECK((*ended)["data"]["agentsPendingWrapUp"].empty());
        CHECK(wire.post(accept_path("Spring%20Sale", reservation)).status == 404);
    }
    SECTION("rona") {
        SimWire wire;
        wire.open_socket();
        CHECK(wire.sim().control({{"previewExpiry", "late"}}).contains("error"));
        wire.sim().control({{"previewTimeoutMs", 200}, {"previewExpiry", "rona"}});
        auto reservation = reserve(wire);
        auto rona = wire.wait_for("AgentOfferContactRona");
        REQUIRE(rona);
        CHECK((*rona)["data"]["interactionId"] == reservation);
        CHECK(wire.sim().control({{"status", true}})["calls"].empty());
    }
}

TEST_CASE("A failed accept is answered CampaignPreviewAcceptFailed naming the campaign; the reservation waits on") {
    SimWire wire;
    wire.open_socket();
    wire.sim().control({{"fault", "fail-task-action"}, {"action", "accept"}, {"reason", "CUSTOMER_UNAVAILABLE"}});
    auto reservation = reserve(wire);
    REQUIRE(wire.post(accept_path("Spring%20Sale", reservation)).status == 202);
    auto failed = wire.wait_for("CampaignPreviewAcceptFailed");
    REQUIRE(failed);
    CHECK((*failed)["data"]["campaignId"] == "Spring Sale");
    CHECK((*failed)["data"]["interactionId"] == reservation);
    CHECK((*failed)["data"]["reason"] == "CUSTOMER_UNAVAILABLE");
    REQUIRE(wire.post(accept_path("Spring%20Sale", reservation)).status == 202);
    REQUIRE(wire.wait_for("AgentContactAssigned"));
}

namespace {

bool has_frame(const SimWire& wire, const std::string& type) {
    for (const auto& frame : wire.frames()) {
        auto data = frame.value("data", json::object());
        if (frame.value("type", "") == type || (data.is_object() && data.value("type", "") == type)) return true;
    }
    return false;
}

// A call the scenario `ringing` keeps offered: an outdial (the SDK's startOutdial body) or an inbound
// call Webex routes. Returns its id once AgentOfferContact arrived.
std::string ringing_call(SimWire& wire, bool inbound = false) {
    std::string id;
    if (inbound) {
        id = wire.sim().control({{"offerCall", {{"kind", "inbound"}, {"scenario", "ringing"}}}})["interactionId"];
    } else {
        wire.sim().control({{"nextScenario", "ringing"}});
        auto placed = wire.post("/v1/tasks", {{"destination", "+14155550100"},
                                              {"entryPointId", "sim-outdial-entry-point"},
                                              {"direction", "OUTBOUND"},
                                              {"mediaType", "telephony"},
                                              {"outboundType", "OUTDIAL"}});
        REQUIRE(placed.status == 202);
        id = placed.body["data"]["id"];
    }
    auto offered = wire.wait_for("AgentOfferContact");
    REQUIRE(offered);
    CHECK((*offered)["data"]["interactionId"] == id);
    return id;
}

}  // namespace

TEST_CASE("A call ended while ringing: ContactEnded as the SDK expects, or AgentContactAssignFailed by the control") {
    SECTION("contact-ended (default): an outdial, still new, keeps its wrap-up (TaskManager.ts:752-761)") {
        SimWire wire;
        wire.open_socket();
        auto id = ringing_call(wire);
        wire.pump(std::chrono::milliseconds(200));  // many steps: it rings on
        CHECK_FALSE(has_frame(wire, "AgentContactAssigned"));
        REQUIRE(wire.post("/v1/tasks/" + id + "/end").status == 202);
        auto ended = wire.wait_for("ContactEnded");
        REQUIRE(ended);
        CHECK((*ended)["data"]["interactionId"] == id);
        CHECK((*ended)["data"]["interaction"]["state"] == "new");
        CHECK((*ended)["data"]["agentsPendingWrapUp"] == json::array({(*ended)["data"]["agentId"]}));
        REQUIRE(wire.wait_for("AgentWrapup"));  // what the SDK's end() waits for (contact.ts:339-350)
        CHECK_FALSE(has_frame(wire, "AgentContactAssignFailed"));
        REQUIRE(wire.post("/v1/tasks/" + id + "/wrapup", {{"wrapUpReason", "Sale"}, {"auxCodeId", "wc-1"}}).status ==
                202);
        REQUIRE(wire.wait_for("AgentWrappedUp"));
    }
    SECTION("contact-ended: a call Webex routed ends with nobody to wrap up, nothing after it") {
        SimWire wire;
        wire.open_socket();
        auto id = ringing_call(wire, true);
        REQUIRE(wire.post("/v1/tasks/" + id + "/end").status == 202);
        auto ended = wire.wait_for("ContactEnded");
        REQUIRE(ended);
        CHECK((*ended)["data"]["agentsPendingWrapUp"].empty());
        wire.pump(std::chrono::milliseconds(200));
        CHECK_FALSE(has_frame(wire, "AgentWrapup"));
        CHECK(wire.sim().control({{"status", true}})["calls"].empty());
    }
    SECTION("assign-failed: AgentContactAssignFailed USER_DECLINED, the call over") {
        SimWire wire;
        wire.open_socket();
        CHECK(wire.sim().control({{"ringingEnd", "late"}}).contains("error"));
        CHECK(wire.sim().control({{"ringingEnd", "assign-failed"}})["ok"] == true);
        auto id = ringing_call(wire);
        REQUIRE(wire.post("/v1/tasks/" + id + "/end").status == 202);
        auto failed = wire.wait_for("AgentContactAssignFailed");
        REQUIRE(failed);
        CHECK((*failed)["data"]["reason"] == "USER_DECLINED");
        wire.pump(std::chrono::milliseconds(200));
        CHECK_FALSE(has_frame(wire, "ContactEnded"));
        CHECK(wire.sim().control({{"status", true}})["calls"].empty());
    }
}
