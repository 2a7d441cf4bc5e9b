// The agent's session beside other clients: the trackingid of every REST request, the
// AGENT_MULTI_LOGIN and AgentReloginFailed notifications read typed, and the channel that stops
// reconnecting when another client takes the session, until asked to take it back. Over TLS.

#include "client_fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace webexcc::client;
using namespace webexcc::testing;
using nlohmann::json;

namespace {

int subscribes(wxcc_sim::Simulator& sim) {
    return sim.control({{"status", true}})["requests"].value("POST /v1/notification/subscribe", 0);
}

// The frame Webex sends on the old socket when another client subscribes for the same agent.
const json multi_login = {{"type", "AGENT_MULTI_LOGIN"}, {"data", {{"agentId", "agent-1"}}}};

}  // namespace

TEST_CASE("Every REST request carries a trackingid of its own: this client's prefix and a request number") {
    TlsRig rig;
    RestClient rest(rig.io.get_executor(), rig.config(), nullptr);
    auto first = send_and_wait(rig.io, rest, reload_agent());
    auto second = send_and_wait(rig.io, rest, reload_agent());
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    const std::regex format(
        "webexcc-workspace_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}_[0-9]+");
    CHECK(std::regex_match(first.request_tracking_id, format));
    CHECK(std::regex_match(second.request_tracking_id, format));
    CHECK(first.request_tracking_id != second.request_tracking_id);
    auto prefix = [](const std::string& id) { return id.substr(0, id.rfind('_')); };
    CHECK(prefix(first.request_tracking_id) == prefix(second.request_tracking_id));
    // The simulator answers with Webex's TrackingID header echoing the request's trackingid: the
    // server saw each one.
    CHECK(first.tracking_id == first.request_tracking_id);
    CHECK(second.tracking_id == second.request_tracking_id);

    RestClient other(rig.io.get_executor(), rig.config(), nullptr);
    auto elsewhere = send_and_wait(rig.io, other, reload_agent());
    CHECK(prefix(elsewhere.request_tracking_id) != prefix(first.request_tracking_id));
}

TEST_CASE("A failed request's log line names its trackingid and Webex's TrackingID") {
    TlsRig rig;
    rig.sim.control({{"fault", "rest-status"}, {"status", 400}, {"count", 1}, {"path", "/v1/agents/reload"}});
    std::vector<std::string> logs;
    RestClient rest(rig.io.get_executor(), rig.config(),
                    [&](LogLevel, const std::string& line) { logs.push_back(line); });
    auto answer = send_and_wait(rig.io, rest, reload_agent());
    REQUIRE_FALSE(answer.ok());
    REQUIRE_FALSE(answer.request_tracking_id.empty());
    REQUIRE_FALSE(answer.tracking_id.empty());
    auto named = std::count_if(logs.begin(), logs.end(), [&](const std::string& line) {
        return line.find("request trackingid " + answer.request_tracking_id) != std::string::npos &&
               line.find("trackingId " + answer.tracking_id) != std::string::npos;
    });
    CHECK(named == 1);
}

TEST_CASE("AGENT_MULTI_LOGIN and AgentReloginFailed are read as what they say about the session") {
    auto taken = read_frame(multi_login.dump(), 1);
    REQUIRE(taken.has_value());
    CHECK(taken->frame.notification.agent.multi_login);
    CHECK_FALSE(taken->frame.notification.agent.logged_in);

    auto failed = read_frame(R"({"type":"AgentReloginFailed","data":{"type":"AgentReloginFailed","agentId":"a"}})", 1);
    REQUIRE(failed.has_value());
    CHECK(failed->frame.notification.agent.logged_in == false);
    CHECK_FALSE(failed->frame.notification.agent.multi_login);
    auto envelope_only = read_frame(R"({"type":"AgentReloginFailed","data":{"agentId":"a"}})", 1);
    REQUIRE(envelope_only.has_value());
    CHECK(envelope_only->frame.notification.agent.logged_in == false);

    auto success = read_frame(R"({"type":"AgentReloginSuccess","data":{"type":"AgentReloginSuccess"}})", 1);
    REQUIRE(success.has_value());
    CHECK(success->frame.notification.agent.logged_in == true);
    auto other = read_frame(R"({"type":"RoutingMessage","data":{"type":"AgentOfferContact"}})", 1);
    REQUIRE(other.has_value());
    CHECK_FALSE(other->frame.notification.agent.logged_in.has_value());
    CHECK_FALSE(other->frame.notification.agent.multi_login);
}

TEST_CASE("A session taken by another client is not reconnected until taken back") {
    TlsChannelRig rig;
    REQUIRE(rig.connect());
    CHECK_FALSE(rig.channel.take_over(nullptr));  // not taken over: nothing to take back

    rig.sim.control({{"inject", multi_login}});
    REQUIRE(run_until(rig.io, [&] { return rig.log.count(ChannelStatus::taken_over) == 1; }));
    CHECK(rig.channel.session_taken_over());
    // The reconnect delay is 20 ms in these tests: a second of silence means none is coming.
    run_until(
        rig.io, [] { return false; }, 1s);
    CHECK(subscribes(rig.sim) == 1);
    CHECK(rig.log.count(ChannelStatus::lost) == 0);
    CHECK(rig.log.count(ChannelStatus::connecting) == 1);

    SECTION("taken back on request: one subscription, connected and reloaded again") {
        REQUIRE(rig.channel.take_over(nullptr));
        REQUIRE(
            run_until(rig.io, [&] { return rig.log.count(ChannelStatus::connected) == 2 && rig.log.reloads() == 2; }));
        CHECK(subscribes(rig.sim) == 2);
        CHECK_FALSE(rig.channel.session_taken_over());
    }
    SECTION("a take-back Webex refuses leaves the session taken over, and says why") {
        rig.sim.control(
            {{"fault", "rest-status"}, {"status", 403}, {"count", 1}, {"path", "/v1/notification/subscribe"}});
        std::optional<workspace::Problem> refused;
        REQUIRE(rig.channel.take_over([&](const workspace::Problem& problem) { refused = problem; }));
        REQUIRE(run_until(rig.io, [&] { return refused.has_value(); }));
        CHECK(refused->code == "INJECTED_FAULT");  // the simulator's errorType for a 403 it was told to give
        CHECK(rig.log.count(ChannelStatus::taken_over) == 2);
        run_until(
            rig.io, [] { return false; }, 500ms);
        CHECK(subscribes(rig.sim) == 2);
        CHECK(rig.channel.session_taken_over());
        REQUIRE(rig.channel.take_over(nullptr));  // asked again: taken back
        REQUIRE(run_until(rig.io, [&] { return rig.log.count(ChannelStatus::connected) == 2; }));
    }
}

TEST_CASE("Under MultiLogin::take_over the session is taken back after the reconnect delay") {
    TlsChannelRig rig([](ClientConfig& config) { config.multi_login = ClientConfig::MultiLogin::take_over; });
    REQUIRE(rig.connect());
    rig.sim.control({{"inject", multi_login}});
    REQUIRE(run_until(rig.io, [&] { return rig.log.count(ChannelStatus::connected) == 2; }));
    CHECK(rig.log.count(ChannelStatus::taken_over) == 1);
    CHECK(subscribes(rig.sim) == 2);
}
