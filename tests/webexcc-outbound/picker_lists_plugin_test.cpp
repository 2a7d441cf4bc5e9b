// The consult and transfer picker's lists end to end over TLS: the real host and plugin, and the
// simulator as Webex. For each list, what Webex is asked (the page, page size and search honoured by
// the simulator show in what it serves) and the one answer the CRM receives; Webex's refusals; and
// malformed requests refused before anything is sent. Dial numbers never reach the logs.

#include "workspace_fixture.hpp"

using namespace webexcc::testing;

namespace {

// The plugin ready, with the agent's profile read (GetAgentProfile answers once the read is done).
void start_with_profile(Workspace& workspace) {
    workspace.with_profile().start_ready();
    workspace.request(agent_request("GetAgentProfile", nullptr, "profile"));
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("Agent", "GetAgentProfile").empty(); }));
    REQUIRE(workspace.messages_on("Agent", "GetAgentProfile")[0]["message"]["source"] == "event");
}

// The answers on `subtopic` to the request `request_id`.
std::vector<json> answers(Workspace& workspace, const std::string& subtopic, const std::string& request_id) {
    std::vector<json> found;
    for (const auto& m : workspace.messages_on("Agent", subtopic))
        if (m["message"].value("requestId", "") == request_id) found.push_back(m["message"]);
    return found;
}

// Publishes a well-formed request (checked against its schema) and returns its one answer.
json ask(Workspace& workspace, const std::string& subtopic, json data, const std::string& request_id) {
    auto request = agent_request(subtopic, std::move(data), request_id);
    CHECK(schema("picker-request").problems(request).empty());
    workspace.request(request);
    auto answer = subtopic.substr(3);  // GetQueues -> Queues
    REQUIRE(workspace.wait([&] { return !answers(workspace, answer, request_id).empty(); }));
    return answers(workspace, answer, request_id).at(0);
}

std::vector<std::string> names_of(const json& answer, const char* list = "items") {
    std::vector<std::string> names;
    for (const auto& item : answer[list]) names.push_back(item["name"]);
    return names;
}

std::string org_path(Workspace& workspace, const std::string& resource) {
    return "GET /organization/" + workspace.sim().control({{"status", true}})["orgId"].get<std::string>() + "/" +
           resource;
}

}  // namespace

TEST_CASE("GetQueues, GetEntryPoints and GetAddressBook: Webex is asked for the page and search given") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_with_profile(workspace);

    // No data: the SDK's defaults, page 0 of 100; Webex's meta says how many there are.
    auto all = ask(workspace, "GetQueues", nullptr, "q1");
    CHECK(all == json{{"source", "event"},
                      {"requestId", "q1"},
                      {"page", 0},
                      {"pageSize", 100},
                      {"total", 2},
                      {"items",
                       {{{"id", "1cdb8b2e-b83c-4c53-8279-0e3138d43fb8"}, {"name", "Outdial Queue-1"}},
                        {{"id", "1cdb8b2e-b83c-4c53-8279-0e3138d43fb9"}, {"name", "Support"}}}}});
    // The search reaches Webex (it matches names in any case), and so do the page and its size.
    auto searched = ask(workspace, "GetQueues", {{"search", "SUP"}}, "q2");
    CHECK(names_of(searched) == std::vector<std::string>{"Support"});
    CHECK(searched["total"] == 1);
    auto second_page = ask(workspace, "GetQueues", {{"page", 1}, {"pageSize", 1}}, "q3");
    CHECK(second_page["page"] == 1);
    CHECK(second_page["pageSize"] == 1);
    CHECK(second_page["total"] == 2);
    CHECK(names_of(second_page) == std::vector<std::string>{"Support"});
    CHECK(workspace.requests_to(org_path(workspace, "v2/contact-service-queue")) == 3);

    auto entry_points = ask(workspace, "GetEntryPoints", {{"search", "line"}}, "e1");
    CHECK(names_of(entry_points) == std::vector<std::string>{"Support line"});
    CHECK_FALSE(entry_points["items"][0].contains("number"));
    CHECK(workspace.requests_to(org_path(workspace, "v2/entry-point")) == 1);

    // The address book of the agent's desktop profile, searched by number; the entry's number is
    // the CRM's to dial, and never logged.
    auto book = ask(workspace, "GetAddressBook", {{"search", "0162"}}, "a1");
    CHECK(book["items"] ==
          json{{{"id", "c1d2e3f4-0000-4000-8000-000000000062"}, {"name", "Supervisor"}, {"number", "+14155550162"}}});
    CHECK(workspace.requests_to(org_path(workspace, "v2/address-book/a9b8c7d6-1e2f-4a3b-8c4d-5e6f7a8b9c05/entry")) ==
          1);
    CHECK_FALSE(workspace.logged("0162"));
    workspace.settle();
    CHECK(answers(workspace, "Queues", "q1").size() == 1);  // one answer each
}

TEST_CASE("GetBuddyAgents: the list Webex's notification brings, in order, one answer per request") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_with_profile(workspace);

    // Two requests at once, each its own state: each gets the list Webex sent for it.
    workspace.request(agent_request("GetBuddyAgents", {{"state", "idle"}}, "b1"));
    workspace.request(agent_request("GetBuddyAgents", nullptr, "b2"));
    REQUIRE(workspace.wait([&] { return !answers(workspace, "BuddyAgents", "b2").empty(); }));
    auto idle = answers(workspace, "BuddyAgents", "b1").at(0);
    CHECK(idle["source"] == "event");
    REQUIRE(idle["agents"].size() == 1);
    CHECK(idle["agents"][0]["name"] == "Jo Park");
    CHECK(idle["agents"][0]["state"] == "Idle");
    auto all = answers(workspace, "BuddyAgents", "b2").at(0);
    CHECK(names_of(all, "agents") == std::vector<std::string>{"Alex Rivera", "Sam Chen", "Jo Park"});
    for (const auto& agent : all["agents"]) {
        CHECK_FALSE(agent["agentId"].get<std::string>().empty());
        CHECK_FALSE(agent["teamId"].get<std::string>().empty());
        CHECK_FALSE(agent["dn"].get<std::string>().empty());
        CHECK_FALSE(workspace.logged(agent["dn"].get<std::string>()));
    }
    CHECK(workspace.requests_to("POST /v1/agents/buddyList") == 2);
    workspace.settle();
    CHECK(workspace.messages_on("Agent", "BuddyAgents").size() == 2);
}

TEST_CASE("Webex refusing a list: the list's error with Webex's code, one answer") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_with_profile(workspace);

    workspace.sim().control({{"fault", "fail-task-action"}, {"action", "buddyList"}, {"reason", "AGENT_NOT_FOUND"}});
    auto buddies = ask(workspace, "GetBuddyAgents", {{"state", "Available"}}, "b1");
    CHECK(buddies["source"] == "error");
    CHECK(buddies["request"] == "GetBuddyAgents");
    CHECK(buddies["error"]["type"] == "GET_BUDDY_AGENTS_FAILED");
    CHECK(buddies["error"]["code"] == "AGENT_NOT_FOUND");
    CHECK_THAT(buddies["error"]["message"].get<std::string>(), Catch::Contains("BuddyAgentsRetrieveFailed"));

    auto queues_path = org_path(workspace, "v2/contact-service-queue").substr(4);
    workspace.sim().control({{"fault", "rest-status"}, {"status", 403}, {"path", queues_path}});
    auto queues = ask(workspace, "GetQueues", {{"search", "x"}}, "q1");
    CHECK(queues["source"] == "error");
    CHECK(queues["request"] == "GetQueues");
    CHECK(queues["error"]["type"] == "GET_QUEUES_FAILED");
    CHECK_FALSE(queues["error"]["code"].get<std::string>().empty());
    CHECK(workspace.requests_to("GET " + queues_path) == 1);  // a refusal is not asked again

    workspace.sim().control({{"fault", "rest-status"}, {"status", 404}, {"path", "/v1/agents/buddyList"}});
    auto refused = ask(workspace, "GetBuddyAgents", nullptr, "b2");
    CHECK(refused["error"]["type"] == "GET_BUDDY_AGENTS_FAILED");
    // The next request is served again.
    CHECK(ask(workspace, "GetBuddyAgents", nullptr, "b3")["agents"].size() == 3);
    workspace.settle();
    CHECK(answers(workspace, "BuddyAgents", "b2").size() == 1);
}

TEST_CASE("malformed picker requests are refused INVALID_REQUEST in the error shape, nothing sent") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_with_profile(workspace);
    auto queues_before = workspace.requests_to(org_path(workspace, "v2/contact-service-queue"));

    struct Malformed {
        std::string subtopic;
        json data;
        std::string field;
    };
    const std::vector<Malformed> cases = {
        {"GetQueues", "support", "\"data\" must be an object"},
        {"GetQueues", {{"search", 5}}, "data.search"},
        {"GetEntryPoints", {{"page", -1}}, "data.page"},
        {"GetAddressBook", {{"page", 1.5}}, "data.page"},
        {"GetQueues", {{"page", "2"}}, "data.page"},
        {"GetQueues", {{"pageSize", 0}}, "data.pageSize"},
        {"GetBuddyAgents", {{"state", "Busy"}}, "data.state"},
        {"GetBuddyAgents", json::array({1}), "\"data\""},
    };
    int n = 0;
    for (const auto& bad : cases) {
        auto id = "bad-" + std::to_string(++n);
        auto request = agent_request(bad.subtopic, bad.data, id);
        CHECK_FALSE(schema("picker-request").problems(request).empty());
        workspace.request(request);
        auto answer_subtopic = bad.subtopic.substr(3);
        REQUIRE(workspace.wait([&] { return !answers(workspace, answer_subtopic, id).empty(); }));
        auto error = answers(workspace, answer_subtopic, id).at(0);
        INFO(bad.subtopic << " " << bad.data.dump());
        CHECK(error["source"] == "error");
        CHECK(error["request"] == bad.subtopic);
        CHECK(error["error"]["code"] == "INVALID_REQUEST");
        CHECK_THAT(error["error"]["message"].get<std::string>(), Catch::Contains(bad.field));
    }
    CHECK(workspace.requests_to(org_path(workspace, "v2/contact-service-queue")) == queues_before);
    CHECK(workspace.requests_to(org_path(workspace, "v2/entry-point")) == 0);
    CHECK(workspace.requests_to("POST /v1/agents/buddyList") == 0);
}

TEST_CASE("a buddy list Webex spoils is INVALID_NOTIFICATION; one that never comes TIMEOUT after 10 s") {
    TlsWorkspace rig;
    auto& workspace = rig.workspace;
    start_with_profile(workspace);

    // An agent list that is not a list: the notification is malformed, its request answered anyway.
    workspace.sim().control({{"fault", "poison-frames"},
                             {"kind", "wrong-type"},
                             {"path", "data.agentList"},
                             {"onType", "BuddyAgents"},
                             {"count", 1}});
    auto spoiled = ask(workspace, "GetBuddyAgents", nullptr, "b1");
    CHECK(spoiled["error"]["code"] == "INVALID_NOTIFICATION");

    // A frame cut in half is no notification at all: the request waits its 10 s, then TIMEOUT, and
    // the one asked meanwhile is sent and answered after it.
    workspace.sim().control(
        {{"fault", "poison-frames"}, {"kind", "truncated"}, {"onType", "BuddyAgents"}, {"count", 1}});
    auto asked = std::chrono::steady_clock::now();
    workspace.request(agent_request("GetBuddyAgents", nullptr, "b2"));
    workspace.request(agent_request("GetBuddyAgents", {{"state", "Idle"}}, "b3"));
    REQUIRE(workspace.wait([&] { return !answers(workspace, "BuddyAgents", "b2").empty(); }, 12s));
    CHECK(std::chrono::steady_clock::now() - asked >= 10s);
    auto timed_out = answers(workspace, "BuddyAgents", "b2").at(0);
    CHECK(timed_out["error"]["code"] == "TIMEOUT");
    REQUIRE(workspace.wait([&] { return !answers(workspace, "BuddyAgents", "b3").empty(); }));
    CHECK(names_of(answers(workspace, "BuddyAgents", "b3").at(0), "agents") == std::vector<std::string>{"Jo Park"});
    workspace.settle();
    CHECK(workspace.messages_on("Agent", "BuddyAgents").size() == 3);
}
