// The notification WebSocket against the simulator over real loopback sockets.

#include "client_fixture.hpp"

#include <catch2/catch.hpp>

using namespace webexcc::client;
using namespace webexcc::testing;
using nlohmann::json;
namespace asio = boost::asio;

namespace {

struct ChannelRig {
    explicit ChannelRig(wxcc_sim::Options options = fast_simulator()) : sim(started_simulator(std::move(options))) {}

    void connect() {
        channel.start();
        REQUIRE(run_until(io, [&] { return log.reloads() >= 1 && log.has("AgentReloginSuccess"); }));
    }
    std::string outdial(const std::string& destination) {
        auto answer = send_and_wait(io, rest, start_outdial({"ep-1", destination, "1908603511"}));
        REQUIRE(answer.ok());
        return json::parse(answer.body)["data"]["id"].get<std::string>();
    }
    bool wait_for(const std::string& type, std::chrono::milliseconds limit = 5s) {
        return run_until(
            io, [&] { return log.has(type); }, limit);
    }

    std::unique_ptr<wxcc_sim::Simulator> sim;
    TempFile token{"wxcc-sim-token"};
    asio::io_context io;
    ClientConfig config = client_config(sim->url(), token.path());
    RestClient rest{io.get_executor(), config, nullptr};
    ChannelLog log;
    NotificationChannel channel{rest, nullptr, log.handlers()};
};

// For tests that wrap up through REST: no automatic wrap-up may get there first.
wxcc_sim::Options manual_wrapup() {
    auto options = fast_simulator();
    options.auto_wrap_up = false;
    return options;
}

std::vector<std::string> after(const std::vector<std::string>& types, const std::string& marker) {
    auto found = std::find(types.begin(), types.end(), marker);
    return {found == types.end() ? types.end() : found + 1, types.end()};
}

}  // namespace

TEST_CASE("The channel subscribes, waits for Welcome, then reloads the agent") {
    ChannelRig rig;
    rig.connect();
    REQUIRE(rig.log.count(ChannelStatus::connected) == 1);
    auto connected = std::find_if(rig.log.statuses.begin(), rig.log.statuses.end(),
                                  [](const auto& s) { return s.first == ChannelStatus::connected; });
    CHECK(connected->second == "22a3ff9b-c51c-4c6b-8b8a-ca98154240f1");  // Welcome's agentId
    auto types = rig.log.types();
    REQUIRE(types.size() >= 2);
    CHECK(types[0] == "Welcome");
    CHECK(types[1] == "AgentReloginSuccess");
    CHECK(rig.log.frames[1].json()["data"]["interactionIds"] == json::array());

    // Keepalives keep the connection; they are not passed on.
    run_until(
        rig.io, [] { return false; }, 600ms);
    CHECK(rig.log.count(ChannelStatus::lost) == 0);
    for (const auto& frame : rig.log.frames) CHECK_FALSE(frame.json().contains("keepalive"));
}

TEST_CASE("A call's notifications arrive in order with the full interaction") {
    ChannelRig rig;
    rig.connect();
    auto id = rig.outdial("+917702779401");
    REQUIRE(rig.wait_for("AgentWrappedUp"));
    auto calls = after(rig.log.types(), "AgentReloginSuccess");
    CHECK(calls == std::vector<std::string>{"AgentContactReserved", "AgentOfferContact", "AgentContactAssigned",
                                            "ContactEnded", "AgentWrapup", "AgentWrappedUp"});
    const auto offer = rig.log.frames[3].json();
    CHECK(offer["type"] == "RoutingMessage");
    CHECK(offer["data"]["interactionId"] == id);
    CHECK(offer["data"]["interaction"]["contactDirection"]["type"] == "OUTBOUND");
    CHECK(offer["data"]["interaction"]["outboundType"] == "OUTDIAL");
    CHECK(offer["data"]["interaction"]["callProcessingDetails"]["dnis"] == "+917702779401");
    CHECK(offer["data"]["interaction"]["callProcessingDetails"]["virtualTeamName"] == "Outdial Queue-1");
    CHECK(rig.log.frames[5].json()["data"]["interaction"]["callProcessingDetails"]["recordingStarted"] == "true");
}

TEST_CASE("Every scenario plays its documented notifications") {
    struct Case {
        const char* number;
        std::vector<std::string> types;
    };
    const Case cases[] = {
        {"+15550001001",
         {"AgentContactReserved", "AgentOfferContact", "AgentOutboundFailed", "AgentWrapup", "AgentWrappedUp"}},
        {"+15550001002",
         {"AgentContactReserved", "AgentOfferContact", "AgentOutboundFailed", "AgentWrapup", "AgentWrappedUp"}},
        {"+15550001003", {"AgentContactReserved", "AgentOfferContact", "AgentOfferContactRona", "AgentStateChange"}},
        {"+15550001004", {"AgentContactReserved", "AgentOfferContact", "AgentContactAssignFailed"}},
        {"+15550001005",
         {"AgentContactReserved", "AgentOfferContact", "AgentContactAssigned", "AgentContactHeld", "AgentContactUnheld",
          "ContactEnded", "AgentWrapup", "AgentWrappedUp"}},
        {"+15550001006",
         {"AgentContactReserved", "AgentOfferContact", "AgentContactAssigned", "ContactRecordingPaused",
          "ContactRecordingResumed", "ContactEnded", "AgentWrapup", "AgentWrappedUp"}},
        {"+15550001008", {"AgentOutboundFailed"}},
    };
    for (const auto& c : cases) {
        INFO(c.number);
        ChannelRig rig;
        rig.connect();
        rig.outdial(c.number);
        run_until(rig.io, [&] { return after(rig.log.types(), "AgentReloginSuccess").size() >= c.types.size(); });
        run_until(
            rig.io, [] { return false; }, 60ms);  // nothing more may follow
        auto types = after(rig.log.types(), "AgentReloginSuccess");
        // The RONA state change is an AgentStateChange envelope whose data.type is AgentStateChangeSuccess.
        for (auto& type : types)
            if (type == "AgentStateChangeSuccess") type = "AgentStateChange";
        CHECK(types == c.types);
    }
}

TEST_CASE("Without auto wrap-up, Webex's way and the default, a call the customer ends waits for the wrap-up") {
    CHECK_FALSE(wxcc_sim::Options{}.auto_wrap_up);
    ChannelRig rig(manual_wrapup());
    rig.connect();
    auto id = rig.outdial("+917702779401");  // answered: the customer hangs up
    REQUIRE(rig.wait_for("AgentWrapup"));
    run_until(
        rig.io, [] { return false; }, 200ms);  // ten steps: the scenario's AgentWrappedUp is not played
    CHECK_FALSE(rig.log.has("AgentWrappedUp"));
    SECTION("the client wraps up") {
        CHECK(send_and_wait(rig.io, rig.rest, wrapup_task(id, "Sale", "wrap-1")).ok());
        REQUIRE(rig.wait_for("AgentWrappedUp"));
    }
    SECTION("auto wrap-up switched on wraps up the call already waiting") {
        rig.sim->control({{"autoWrapUp", true}});
        REQUIRE(rig.wait_for("AgentWrappedUp"));
    }
}

TEST_CASE("The agent ends a call, holds it, pauses recording and wraps up through REST") {
    ChannelRig rig(manual_wrapup());
    rig.connect();
    auto id = rig.outdial("+15550001007");  // agent-ends: stays connected
    REQUIRE(rig.wait_for("AgentContactAssigned"));
    CHECK(send_and_wait(rig.io, rig.rest, hold_task(id, id)).ok());
    CHECK(send_and_wait(rig.io, rig.rest, unhold_task(id, id)).ok());
    CHECK(send_and_wait(rig.io, rig.rest, pause_recording(id)).ok());
    CHECK(send_and_wait(rig.io, rig.rest, resume_recording(id)).ok());
    CHECK(send_and_wait(rig.io, rig.rest, end_task(id)).ok());
    CHECK(send_and_wait(rig.io, rig.rest, wrapup_task(id, "Sale", "wrap-1")).ok());
    REQUIRE(rig.wait_for("AgentWrappedUp"));
    CHECK(after(rig.log.types(), "AgentContactAssigned") ==
          std::vector<std::string>{"AgentContactHeld", "AgentContactUnheld", "ContactRecordingPaused",
                                   "ContactRecordingResumed", "ContactEnded", "AgentWrapup", "AgentWrappedUp"});
    auto gone = send_and_wait(rig.io, rig.rest, end_task(id));
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.status == 404);
    CHECK_THAT(gone.error->message, Catch::Contains("(HTTP 404)"));
}

TEST_CASE("Agent state changes arrive as AgentStateChange frames") {
    ChannelRig rig;
    rig.connect();
    CHECK(send_and_wait(rig.io, rig.rest, set_agent_state("Idle", "idle-1", "")).ok());
    REQUIRE(rig.wait_for("AgentStateChangeSuccess"));
    const auto frame = rig.log.frames.back().json();
    CHECK(frame["type"] == "AgentStateChange");
    CHECK(frame["data"]["subStatus"] == "Idle");
}

TEST_CASE("A dropped socket mid-call is reconnected, reloaded, and no later frame is lost") {
    ChannelRig rig(manual_wrapup());
    rig.connect();
    auto id = rig.outdial("+15550001007");
    REQUIRE(rig.wait_for("AgentContactAssigned"));
    rig.sim->control({{"fault", "drop-socket"}});
    REQUIRE(run_until(rig.io, [&] { return rig.log.reloads() >= 2 && rig.log.has("AgentContact"); }));
    CHECK(rig.log.count(ChannelStatus::lost) == 1);
    CHECK(rig.channel.connections() == 2);

    // The reload lists the call and hydrates it with its current state.
    auto relogin = std::find_if(rig.log.frames.rbegin(), rig.log.frames.rend(),
                                [](const Frame& f) { return f.json()["type"] == "AgentReloginSuccess"; });
    CHECK(relogin->json()["data"]["interactionIds"] == json::array({id}));
    const auto hydrate = rig.log.frames.back().json();
    CHECK(hydrate["data"]["type"] == "AgentContact");
    CHECK(hydrate["data"]["interaction"]["state"] == "connected");
    // The same frames arrive read: the typed notification says what the text says.
    CHECK(relogin->notification.agent.interaction_ids == std::vector<std::string>{id});
    CHECK(rig.log.frames.back().notification.type == "AgentContact");
    CHECK(rig.log.frames.back().notification.interaction.state == "connected");
    CHECK(rig.log.frames.back().notification.interaction.id == id);

    CHECK(send_and_wait(rig.io, rig.rest, end_task(id)).ok());
    REQUIRE(rig.wait_for("AgentWrapup"));
    CHECK(send_and_wait(rig.io, rig.rest, wrapup_task(id, "Sale", "w")).ok());
    REQUIRE(rig.wait_for("AgentWrappedUp"));
    CHECK(after(rig.log.types(), "AgentContact") ==
          std::vector<std::string>{"ContactEnded", "AgentWrapup", "AgentWrappedUp"});
    CHECK(rig.sim->control({{"status", true}})["framesDropped"] == 0);
}

TEST_CASE("Silence longer than the liveness timeout counts as a lost connection") {
    ChannelRig rig;
    rig.connect();
    rig.sim->control({{"fault", "stop-keepalives"}});
    REQUIRE(run_until(
        rig.io, [&] { return rig.log.count(ChannelStatus::lost) >= 1; }, 3s));
    CHECK_THAT(rig.log.statuses.back().second, Catch::Contains("no frame for 1000 ms"));
    rig.sim->control({{"fault", "resume-keepalives"}});
    REQUIRE(run_until(rig.io, [&] { return rig.log.count(ChannelStatus::connected) >= 2 && rig.log.reloads() >= 2; }));
}

TEST_CASE("Refused WebSocket upgrades are retried with backoff until one succeeds") {
    ChannelRig rig;
    rig.sim->control({{"fault", "reject-websocket"}, {"count", 2}});
    rig.connect();
    CHECK(rig.channel.connections() == 3);
    CHECK(rig.log.count(ChannelStatus::lost) == 2);
    CHECK(rig.log.count(ChannelStatus::connected) == 1);
}

TEST_CASE("A failing subscribe call is retried too") {
    ChannelRig rig;
    rig.sim->control({{"fault", "rest-status"}, {"status", 500}, {"count", 4}, {"path", "/v1/notification/subscribe"}});
    rig.connect();  // 3 attempts per subscribe, so the first subscribe fails and the channel tries again
    CHECK(rig.log.count(ChannelStatus::lost) == 1);
}

TEST_CASE("Repeated frames are marked, reordered frames come in arrival order, malformed frames are skipped") {
    ChannelRig rig;
    rig.connect();
    rig.sim->control({{"fault", "duplicate-frames"}, {"count", 1}});
    rig.sim->control({{"agentState", "Idle"}});
    REQUIRE(run_until(rig.io, [&] { return rig.log.frames.size() >= 4; }));
    CHECK_FALSE(rig.log.frames[2].repeat);
    CHECK(rig.log.frames[3].repeat);
    CHECK(rig.log.frames[3].text == rig.log.frames[2].text);

    rig.sim->control({{"inject", "{not json"}});
    rig.sim->control({{"fault", "reorder-frames"}});
    rig.sim->control({{"inject", {{"type", "First"}, {"trackingId", "a"}}}});
    rig.sim->control({{"inject", {{"type", "Second"}, {"trackingId", "b"}}}});
    REQUIRE(run_until(rig.io, [&] { return rig.log.frames.size() >= 6; }));
    CHECK(rig.log.types()[4] == "Second");
    CHECK(rig.log.types()[5] == "First");
    CHECK(rig.log.count(ChannelStatus::lost) == 0);
}

TEST_CASE("Delayed frames still arrive in order") {
    ChannelRig rig;
    rig.connect();
    rig.sim->control({{"fault", "delay-frames"}, {"ms", 150}});
    rig.outdial("+917702779401");
    REQUIRE(rig.wait_for("AgentWrappedUp"));
    CHECK(after(rig.log.types(), "AgentReloginSuccess") ==
          std::vector<std::string>{"AgentContactReserved", "AgentOfferContact", "AgentContactAssigned", "ContactEnded",
                                   "AgentWrapup", "AgentWrappedUp"});
}

TEST_CASE("The channel works over TLS (wss) with a trusted certificate") {
    TlsChannelRig rig;
    REQUIRE(rig.connect());
    CHECK(rig.log.count(ChannelStatus::connected) == 1);
}

TEST_CASE("Stopping the channel ends callbacks") {
    ChannelRig rig;
    rig.connect();
    rig.channel.stop();
    auto frames = rig.log.frames.size();
    rig.sim->control({{"agentState", "Idle"}});
    run_until(
        rig.io, [] { return false; }, 200ms);
    CHECK(rig.log.frames.size() == frames);
    CHECK(rig.log.statuses.back().first == ChannelStatus::stopped);
}

TEST_CASE("A channel destroyed while connecting or connected: the executor runs on and nothing touches it") {
    for (int stage = 0; stage < 3; ++stage) {
        INFO("stage " << stage);
        auto sim = started_simulator(fast_simulator());
        TempFile token{"wxcc-sim-token"};
        asio::io_context io;
        auto rest = std::make_unique<RestClient>(io.get_executor(), client_config(sim->url(), token.path()), nullptr);
        ChannelLog log;
        auto channel = std::make_unique<NotificationChannel>(*rest, nullptr, log.handlers());
        channel->start();
        if (stage == 1)
            run_until(
                io, [&] { return log.count(ChannelStatus::connecting) >= 1; }, 1s);
        if (stage == 2) REQUIRE(run_until(io, [&] { return log.has("AgentReloginSuccess"); }));
        auto frames = log.frames.size();
        auto statuses = log.statuses.size();
        channel.reset();
        CHECK(log.statuses.size() == statuses);  // not even `stopped`: a destroyed channel calls no handler
        sim->control({{"inject", {{"type", "RoutingMessage"}, {"data", {{"type", "AgentOfferContact"}}}}}});
        io.run_for(200ms);
        rest.reset();
        io.restart();
        io.run_for(500ms);
        CHECK(log.frames.size() == frames);  // no frame after the channel is gone
    }
}

TEST_CASE("A frame that cannot be read makes the channel reload, again if the reload's own answer is spoilt") {
    ChannelRig rig;
    rig.connect();
    REQUIRE(rig.log.reloads() == 1);
    rig.sim->control(
        {{"fault", "poison-frames"}, {"kind", "truncated"}, {"onType", "AgentReloginSuccess"}, {"count", 1}});
    rig.sim->control({{"inject", "{broken"}});
    // The first reload's AgentReloginSuccess arrives cut in half: a second reload follows.
    REQUIRE(run_until(rig.io, [&] { return rig.log.reloads() >= 2; }));
    CHECK(rig.sim->control({{"status", true}})["framesPoisoned"] == 1);
    CHECK(rig.sim->control({{"status", true}})["requests"]["POST /v1/agents/reload"] == 3);
}
