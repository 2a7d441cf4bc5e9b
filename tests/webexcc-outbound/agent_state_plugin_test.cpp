// The agent-state requests end to end, through a host, the bus and the simulator: each changes
// the state on Webex CC, and each gives exactly one answer, also when refused, which the plugin
// never takes back for a request.

#include "workspace_fixture.hpp"

using namespace webexcc::testing;

TEST_CASE("Agent state requests change the state on Webex CC and every change is published") {
    Workspace workspace;
    workspace.start_ready();
    workspace.request({{"channel", "Webexcc"},
                       {"topic", "Agent"},
                       {"subtopic", "SetNotReadyState"},
                       {"data", {{"auxCodeId", "break"}}}});
    REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Idle"; }));
    workspace.request({{"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "SetReadyState"}});
    REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Available"; }));
    workspace.sim().control({{"agentState", "Idle"}});  // a supervisor changes it
    REQUIRE(workspace.wait([&] { return workspace.agent_states().back() == "Idle"; }));
    CHECK(workspace.agent_states() == Events{"Available", "Idle", "Available", "Idle"});

    workspace.request(
        {{"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "SetNotReadyState"}, {"requestId", "x"}});
    REQUIRE(workspace.wait([&] {
        for (const auto& m : workspace.all_messages())
            if (m["subtopic"] == "SetNotReadyState") return true;
        return false;
    }));
}

namespace {

// Every REST request the simulator has received but the notification channel's own (its
// subscribes and reloads, which go on by themselves while it connects).
int webex_requests(Workspace& workspace) {
    auto status = workspace.sim().control({{"status", true}});  // kept: items() refers into it
    int total = 0;
    for (const auto& [key, count] : status["requests"].items())
        if (key.find("/notification/") == std::string::npos && key.find("/agents/reload") == std::string::npos)
            total += count.get<int>();
    return total;
}

// Publishes `request` once and checks that the plugin answers it with exactly one message and
// sends Webex at most `webex_calls` requests for it; returns the answer.
json one_answer(Workspace& workspace, const json& request, int webex_calls = 0) {
    INFO(request.dump());
    auto before = workspace.all_messages().size();
    auto calls_before = webex_requests(workspace);
    workspace.request(request);
    REQUIRE(workspace.wait([&] { return workspace.all_messages().size() > before; }));
    workspace.settle();
    auto after = workspace.all_messages();
    CHECK(after.size() == before + 1);
    CHECK(webex_requests(workspace) - calls_before <= webex_calls);
    return after.at(before);
}

}  // namespace

TEST_CASE("Every request the plugin refuses gives exactly one answer, and its answers are never taken for requests") {
    // The default configuration has no notReadyAuxCodeId: SetNotReadyState without one is refused
    // on its own key, where the plugin listens. That answer used to be taken for a new request,
    // 27,416 messages in two seconds (issue 18).
    Workspace workspace;
    workspace.start_ready();
    auto code_of = [](const json& answer) { return answer["message"]["error"]["code"].get<std::string>(); };
    CHECK(code_of(one_answer(workspace, agent_request("SetNotReadyState", nullptr, "r"))) == "AUX_CODE_REQUIRED");
    CHECK(code_of(one_answer(workspace, agent_request("SetNotReadyState", {{"auxCodeId", 7}}, "r"))) ==
          "INVALID_REQUEST");
    CHECK(code_of(one_answer(workspace, agent_request("SetReadyState", "break", "r"))) == "INVALID_REQUEST");
    auto mistyped_id = agent_request("SetReadyState");
    mistyped_id["requestId"] = 12;
    CHECK(code_of(one_answer(workspace, mistyped_id)) == "INVALID_REQUEST");
    one_answer(workspace, control_request("Disconnect", {{"callId", "no-such-call"}}));
    one_answer(workspace, make_call("not a number", "m1"));
    one_answer(workspace, {{"channel", "Webexcc"}, {"topic", "App"}, {"subtopic", "StateSync"}, {"requestId", "s1"}});

    SECTION("refused by Webex: one answer, one PUT, no retry of the refusal") {
        workspace.sim().control(
            {{"fault", "rest-status"}, {"status", 409}, {"count", 25}, {"path", "/v1/agents/session/state"}});
        auto puts = workspace.requests_to("PUT /v1/agents/session/state");
        auto answer = one_answer(workspace, agent_request("SetNotReadyState", {{"auxCodeId", "break"}}, "r"), 1);
        CHECK(answer["message"]["error"]["type"] == "SET_AGENTSTATE_FAILED");
        CHECK(workspace.requests_to("PUT /v1/agents/session/state") == puts + 1);
    }
    SECTION("every message the plugin published, fed back onto the bus, makes it publish and call nothing") {
        auto published = workspace.all_messages();
        auto calls_before = webex_requests(workspace);
        for (const auto& message : published) workspace.request(message);
        workspace.settle();
        CHECK(workspace.all_messages().size() == published.size());
        CHECK(webex_requests(workspace) == calls_before);
    }
}

TEST_CASE("Not connected to Webex CC: an agent-state request gets one answer and nothing is sent") {
    Workspace workspace;
    workspace.sim().control({{"fault", "reject-websocket"}, {"count", 1000}});
    REQUIRE(workspace.start());
    auto answer = one_answer(workspace, agent_request("SetReadyState", nullptr, "r"));
    CHECK(answer["message"]["error"]["code"] == "NOT_CONNECTED");
    CHECK(workspace.requests_to("PUT /v1/agents/session/state") == 0);
}
