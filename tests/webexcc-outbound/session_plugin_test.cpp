// The agent's session beside other clients, end to end over TLS: another client (the Webex Agent
// Desktop) subscribing for the same agent takes the session, the plugin says so once and does not
// fight for it until TakeOverSession; a reload Webex answers AgentReloginFailed shows the agent
// logged out.

#include "workspace_fixture.hpp"

#include <boost/asio/post.hpp>

using namespace webexcc::testing;

namespace {

// Another client of the same agent: subscribes and keeps its notification socket on a thread of
// its own, as the Webex Agent Desktop would.
class OtherClient {
public:
    explicit OtherClient(TlsWorkspace& rig) : rest_(io_.get_executor(), config(rig), nullptr) {
        channel_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~OtherClient() {
        boost::asio::post(io_, [this] {
            channel_.stop();
            rest_.stop();
            work_.reset();
        });
        thread_.join();
    }

private:
    static webexcc::client::ClientConfig config(TlsWorkspace& rig) {
        auto config = client_config(rig.workspace.sim().url(), rig.workspace.root() / "token");
        config.ca_file = rig.certificate->certificate.path();
        return config;
    }
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
    webexcc::client::RestClient rest_;
    webexcc::client::NotificationChannel channel_{rest_, nullptr, {}};
    std::thread thread_;
};

int subscribes(Workspace& workspace) { return workspace.requests_to("POST /v1/notification/subscribe"); }

const json take_over = {
    {"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "TakeOverSession"}, {"requestId", "t1"}};

// The plugin started, Ready, and then another client subscribed for the agent: the plugin has
// yielded the session. The other client stays connected until the test ends.
std::unique_ptr<OtherClient> taken_over_by_another_client(TlsWorkspace& rig) {
    auto& workspace = rig.workspace;
    workspace.start_ready();
    CHECK(last_agent(workspace)["session"] == "active");
    REQUIRE(subscribes(workspace) == 1);
    auto desktop = std::make_unique<OtherClient>(rig);
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "SessionTakenOver").empty(); }));
    // Its AgentStateChange is published right after it, and may still be on the bus.
    CHECK(workspace.wait([&] { return last_agent(workspace)["session"] == "takenOver"; }));
    return desktop;
}

}  // namespace

TEST_CASE("Another client taking the session: SessionTakenOver once, no re-subscription until TakeOverSession") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    auto desktop = taken_over_by_another_client(rig);
    // Today's reconnect would subscribe again within half a second; three seconds show none comes.
    std::this_thread::sleep_for(3s);
    CHECK(subscribes(workspace) == 2);  // the plugin's and the other client's
    CHECK(workspace.messages_on("Agent", "SessionTakenOver").size() == 1);
    CHECK(workspace.messages_on("Agent", "SessionTakenOver")[0]["message"]["source"] == "event");
    CHECK(json::parse(workspace.host().plugin_status("webexcc-outbound").value())["connected"] == false);

    workspace.request(take_over);
    REQUIRE(workspace.wait([&] { return last_agent(workspace)["session"] == "active"; }));
    CHECK(subscribes(workspace) == 3);
    workspace.settle();
    CHECK(workspace.messages_on("Agent", "SessionTakenOver").size() == 1);
    CHECK(workspace.messages_on("Agent", "TakeOverSession").empty());  // success is the AgentStateChange
    CHECK(last_agent(workspace)["state"] == "Available");
}

TEST_CASE("A take-back Webex refuses is answered SESSION_FAILED and the session stays with the other client") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    auto desktop = taken_over_by_another_client(rig);
    workspace.sim().control(
        {{"fault", "rest-status"}, {"status", 403}, {"count", 1}, {"path", "/v1/notification/subscribe"}});
    workspace.request(take_over);
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "TakeOverSession").empty(); }));
    workspace.settle();
    auto answers = workspace.messages_on("Agent", "TakeOverSession");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0]["message"]["source"] == "error");
    CHECK(answers[0]["message"]["requestId"] == "t1");
    CHECK(answers[0]["message"]["error"]["type"] == "SESSION_FAILED");
    CHECK(answers[0]["message"]["error"]["code"] == "INJECTED_FAULT");  // Webex's errorType
    CHECK(last_agent(workspace)["session"] == "takenOver");
    CHECK(workspace.messages_on("Agent", "SessionTakenOver").size() == 1);
    std::this_thread::sleep_for(1s);
    CHECK(subscribes(workspace) == 3);  // no retry of its own after the refusal
}

TEST_CASE("TakeOverSession while the session is the plugin's is answered with the agent's state, and sends nothing") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    workspace.start_ready();
    auto before = workspace.messages_on("Agent", "AgentStateChange").size();
    workspace.request(take_over);
    REQUIRE(workspace.wait([&] { return workspace.messages_on("Agent", "AgentStateChange").size() == before + 1; }));
    workspace.settle();
    CHECK(workspace.messages_on("Agent", "AgentStateChange").size() == before + 1);
    CHECK(last_agent(workspace)["session"] == "active");
    CHECK(subscribes(workspace) == 1);
}

TEST_CASE("A reload answered AgentReloginFailed shows the agent logged out") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    workspace.start_ready();
    CHECK(last_agent(workspace)["loggedIn"] == true);
    workspace.sim().control({{"station", false}});        // logged out of the station elsewhere
    workspace.sim().control({{"fault", "drop-socket"}});  // the reconnect's reload learns it
    REQUIRE(workspace.wait([&] { return last_agent(workspace)["loggedIn"] == false; }));
    workspace.make_call_request("+917702779401", "after-logout");
    REQUIRE(workspace.wait_for_errors(1));
    CHECK(workspace.errors()[0]["error"]["code"] == "AGENT_NOT_READY");
}
