// Consult, transfer and conference from the bus, end to end over TLS (issue 21): for each request,
// what Webex receives (the simulator records every task action) and what the CRM sees, for
// success, local refusal and Webex's refusal. The consult is a leg the CRM follows as a call of its
// own ("<call id>-consult-<n>"); every leg and every call ends in exactly one DROPPED, and a refused
// request is never sent again. Every message is schema-checked.

#include "consult_fixture.hpp"

using namespace webexcc::testing;
using namespace webexcc::testing::consult;

TEST_CASE_METHOD(
    ConnectedCall,
    "Consult an agent, then end the consult: the leg is a call of its own from AgentConsultCreated to DROPPED") {
    const bool by_leg_id = GENERATE(true, false);
    INFO("ConsultDrop names " << (by_leg_id ? "the leg" : "the main call"));
    auto before = workspace.task_actions().size();
    auto leg = consulting(workspace, id, destination(alex, "agent"));
    CHECK(actions_from(workspace, before) ==
          json::array(
              {action(id, "/consult", {{"to", alex}, {"destinationType", "agent"}, {"holdParticipants", true}})}));
    for (const auto& message : call_events(workspace, leg)) {
        CHECK(message["requestId"] == "consult-1");
        CHECK(message["call"]["parentCallId"] == id);
        CHECK(message["call"]["destinationType"] == "agent");
        CHECK(message["call"]["ResponseFields"]["toAddress"] == alex);
    }
    CHECK(call_events(workspace, leg).back()["call"]["ResponseFields"]["CallState"] == "consulting");

    ask(workspace, "ConsultDrop", {{"callId", by_leg_id ? leg : id}});
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));
    CHECK(actions_from(workspace, before).back() == action(id, "/consult/end"));
    CHECK(workspace.events("outbound", leg) ==
          Events{"eAgentConsultCreated", "eAgentConsulting", "eAgentConsultEnded", "DROPPED"});
    auto main_events = workspace.events("outbound", id);
    for (const char* event : {"eAgentConsultCreated", "eAgentConsulting", "eAgentConsultEnded"})
        CHECK(count(main_events, event) == 1);
    CHECK(count(main_events, "DROPPED") == 0);  // the customer is still on the call, on hold

    end_and_check_each_ended_once(workspace, id);
    CHECK(workspace.errors().empty());
}

TEST_CASE_METHOD(ConnectedCall, "StateSync lists the consult leg under its parent") {
    auto leg = consulting(workspace, id, destination(dial_number, "dialNumber"));
    workspace.request({{"channel", "Webexcc"}, {"topic", "App"}, {"subtopic", "StateSync"}, {"requestId", "sync-1"}});
    REQUIRE(workspace.wait([&] { return !workspace.messages_on("App", "StateSync").empty(); }));
    json listed;
    auto syncs = workspace.messages_on("App", "StateSync");  // held: the loop reads into it
    for (const auto& call : syncs[0]["message"]["calls"])
        if (call["id"] == leg) listed = call;
    CHECK(listed["parentCallId"] == id);
    CHECK(listed["destinationType"] == "dialNumber");
    CHECK(listed["event"] == "eAgentConsulting");
}

TEST_CASE_METHOD(ConnectedCall,
                 "Consult a queue an agent takes, then ConsultTransfer: Webex receives the agent who took it") {
    auto before = workspace.task_actions().size();
    auto leg = consulting(workspace, id, destination(support_queue, "queue"));
    for (const auto& message : call_events(workspace, leg)) {  // what the CRM asked for, also once taken
        CHECK(message["call"]["destinationType"] == "queue");
        CHECK(message["call"]["ResponseFields"]["toAddress"] == support_queue);
    }

    ask(workspace, "ConsultTransfer", {{"callId", id}}, "transfer-1");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));
    wrap_up(workspace, id);  // handed over: wrap-up, then the call's DROPPED
    workspace.settle();
    auto actions = actions_from(workspace, before);
    REQUIRE(actions.size() == 3);
    CHECK(actions[0]["body"] == json{{"to", support_queue}, {"destinationType", "queue"}, {"holdParticipants", true}});
    CHECK(actions[1] == action(id, "/consult/transfer", {{"to", alex}, {"destinationType", "agent"}}));
    CHECK(actions[2]["path"] == "/v1/tasks/" + id + "/wrapup");
    CHECK(workspace.events("outbound", leg) ==
          Events{"eAgentConsultCreated", "eAgentConsulting", "eConsultTransfer", "DROPPED"});
    auto main_events = workspace.events("outbound", id);
    CHECK(count(main_events, "eConsultTransfer") == 1);
    CHECK(main_events.end()[-2] == "acw");
    check_each_ended_once(workspace);
    CHECK(workspace.errors().empty());
}

TEST_CASE_METHOD(
    ConnectedCall,
    "A consult to a queue no agent has taken, ended: Webex receives the queueId; the leg was never shown") {
    workspace.sim().control({{"nextConsult", "wait"}});
    auto before = workspace.task_actions().size();
    ask(workspace, "SetConsult", {{"toAddress", support_queue}, {"destinationType", "queue"}});
    REQUIRE(workspace.wait([&] { return workspace.task_actions().size() == before + 1; }));
    workspace.settle();
    ask(workspace, "ConsultDrop", {{"callId", id}});
    REQUIRE(workspace.wait_for_event("eAgentCtqCancelled", 5s, "outbound", id));
    workspace.settle();
    CHECK(actions_from(workspace, before).back() == action(id, "/consult/end", {{"queueId", support_queue}}));
    CHECK(workspace.events("outbound", id + "-consult-1").empty());
    CHECK(workspace.errors().empty());
    end_and_check_each_ended_once(workspace, id);
}

TEST_CASE_METHOD(ConnectedCall, "Consult a dial number or an entry point, then ConsultTransfer to it") {
    const auto to = GENERATE(destination(dial_number, "dialNumber"), destination(support_line, "entryPoint"));
    INFO(to.dump());
    auto leg = consulting(workspace, id, to);
    CHECK(call_events(workspace, leg).front()["call"]["destinationType"] == to["destinationType"]);
    auto before = workspace.task_actions().size();
    ask(workspace, "ConsultTransfer", {{"callId", leg}});
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));
    CHECK(actions_from(workspace, before) == json::array({action(id, "/consult/transfer", to)}));
    wrap_up(workspace, id);
    workspace.settle();
    CHECK(workspace.events("outbound", leg) ==
          Events{"eAgentConsultCreated", "eAgentConsulting", "eConsultTransfer", "DROPPED"});
    check_each_ended_once(workspace);
}

TEST_CASE_METHOD(ConnectedCall,
                 "The call ends while its consult is up: the leg's DROPPED comes just before the call's") {
    auto leg = consulting(workspace, id, destination(alex, "agent"));
    end_and_wrap_up(workspace, id);
    workspace.settle();
    std::vector<json> dropped;
    for (const auto& m : workspace.call_messages())
        if (m["message"]["source"] == "event" && m["message"]["call"]["event"] == "DROPPED")
            dropped.push_back(m["message"]["call"]);
    REQUIRE(dropped.size() == 2);
    CHECK(dropped[0]["id"] == leg);
    CHECK(dropped[1]["id"] == id);
    CHECK(dropped[0].value("reason", json()) == dropped[1].value("reason", json()));
    check_each_ended_once(workspace);
}

TEST_CASE_METHOD(ConnectedCall,
                 "A consult the other party declines or does not answer ends the leg with Webex's reason") {
    struct Case {
        const char* answer;
        const char* refusal;  // how the simulator tells it
        const char* end_event;
        const char* reason;
        int reason_code;
    };
    const Case c = GENERATE(Case{"decline", "consult-failed", "eAgentConsultFailed", "USER_DECLINED", 156},
                            Case{"no-answer", "consult-failed", "eAgentConsultFailed", "RONA_TIMER_EXPIRED", 1035},
                            Case{"decline", "consult-ended", "eAgentConsultEnded", "USER_DECLINED", 156});
    INFO(c.answer << " told by " << c.refusal);
    workspace.sim().control({{"consultRefusal", c.refusal}});
    workspace.sim().control({{"nextConsult", c.answer}});
    ask(workspace, "Consult", destination(alex, "agent"), "consult-1");
    auto leg = id + "-consult-1";
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));
    CHECK(workspace.events("outbound", leg) == Events{"eAgentConsultCreated", c.end_event, "DROPPED"});
    auto ended = call_events(workspace, leg)[1]["call"];
    CHECK(ended["reason"] == c.reason);
    CHECK(ended["reasonCode"] == c.reason_code);
    CHECK(workspace.errors().empty());  // the request was answered by the leg's creation

    // The customer is still held on the call; once back, the agent may consult again: a second leg.
    workspace.control("Resume", {{"callId", id}});
    REQUIRE(workspace.wait_for_event("eAgentContactUnHeld", 5s, "outbound", id));
    auto second = consulting(workspace, id, destination(dial_number, "dialNumber"), "consult-2", 2);
    ask(workspace, "ConsultDrop", {{"callId", second}});
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", second));
    CHECK(call_events(workspace, second).front()["requestId"] == "consult-2");
    end_and_check_each_ended_once(workspace, id, false);  // the call saw two consults
    CHECK(count(workspace.events("outbound", leg), "DROPPED") == 1);
}

TEST_CASE_METHOD(
    ConnectedCall,
    "Conference, then ExitConference or ConferenceTransfer: the leg merges, the call ends for this agent") {
    const bool exit = GENERATE(true, false);
    INFO((exit ? "ExitConference" : "ConferenceTransfer"));
    auto leg = consulting(workspace, id, destination(alex, "agent"));
    auto before = workspace.task_actions().size();
    ask(workspace, "Conference", {{"callId", leg}}, "conference-1");
    REQUIRE(workspace.wait_for_event("DROPPED", 5s, "outbound", leg));
    REQUIRE(workspace.wait_for_event("eParticipantJoinedConference", 5s, "outbound", id));
    auto conference = actions_from(workspace, before).at(0);
    CHECK(conference["path"] == "/v1/tasks/" + id + "/consult/conference");
    CHECK(conference["body"]["to"] == alex);
    CHECK(conference["body"]["destinationType"] == "agent");
    CHECK(conference["body"]["agentId"].is_string());  // the simulator merges only with this agent's id
    CHECK(workspace.events("outbound", leg) ==
          Events{"eAgentConsultCreated", "eAgentConsulting", "eAgentConsultConferenced", "DROPPED"});

    ask(workspace, exit ? "ExitConference" : "ConferenceTransfer", {{"callId", id}});
    wrap_up(workspace, id);
    workspace.settle();
    auto actions = actions_from(workspace, before);
    REQUIRE(actions.size() == 3);
    CHECK(actions[1] == action(id, exit ? "/conference/exit" : "/conference/transfer"));
    CHECK(actions[2]["path"] == "/v1/tasks/" + id + "/wrapup");
    auto main_events = workspace.events("outbound", id);
    for (const char* event : {"eAgentConsultConferencing", "eAgentConsultConferenced", "eParticipantJoinedConference",
                              "eParticipantLeftConference", "acw"})
        CHECK(count(main_events, event) == 1);
    CHECK(count(main_events, "eAgentConferenceTransferred") == (exit ? 0 : 1));
    check_each_ended_once(workspace);
    CHECK(workspace.errors().empty());
}

TEST_CASE("Blind transfer to an agent, a queue or a dial number: the call is over for this agent") {
    struct Case {
        json to;
        const char* event;
        const char* topic;  // the request's topic: an inbound call is controlled under InboundCall
    };
    for (const auto& c : {Case{destination(alex, "agent"), "eAgentblindTransferred", "OutboundCall"},
                          Case{destination(support_queue, "queue"), "eAgentvteamTransfer", "OutboundCall"},
                          Case{destination(dial_number, "dialNumber"), "eAgentblindTransferred", "OutboundCall"},
                          Case{destination(support_queue, "queue"), "eAgentvteamTransfer", "InboundCall"}}) {
        INFO(c.to.dump() << " " << c.topic);
        TlsWorkspace rig;
        auto& workspace = rig.workspace;
        std::string id;
        std::string events_topic = std::string(c.topic) == "InboundCall" ? "Inbound" : "outbound";
        if (events_topic == "Inbound") {
            start_ready(workspace);
            id = workspace.sim().control({{"offerCall", {{"kind", "inbound"}}}})["interactionId"];
            REQUIRE(workspace.wait_for_event("eAgentContactAssigned", 5s, "Inbound", id));
        } else {
            id = connected_call(workspace);
        }
        auto before = workspace.task_actions().size();
        ask(workspace, "Transfer", c.to, "transfer-1", c.topic);
        REQUIRE(workspace.wait_for_event("acw", 5s, events_topic, id));
        workspace.control("WrapUpCall", {{"callId", id}, {"wrapup", "wc-sale"}}, "Agent");
        REQUIRE(workspace.wait_for_event("DROPPED", 5s, events_topic, id));
        workspace.settle();
        auto actions = actions_from(workspace, before);
        REQUIRE(actions.size() == 2);
        CHECK(actions[0] == action(id, "/transfer", c.to));
        CHECK(count(workspace.events(events_topic, id), c.event) == 1);
        check_each_ended_once(workspace);
        CHECK(workspace.errors().empty());
    }
}
