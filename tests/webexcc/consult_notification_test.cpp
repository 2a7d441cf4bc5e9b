// Reading the consult, transfer and conference notifications and the buddy list: realistic frames in
// the shapes the official SDK's TaskManager reads (@webex/contact-center 3.12.0 src/services/task/
// TaskManager.ts ~346-500 and its unit tests' payloads, written anew here), then hostile variants.

#include "webexcc/client/notification.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace webexcc::client;

namespace {

Notification read_notification(const std::string& data) {
    auto read = read_frame(R"({"type":"RoutingMessage","orgId":"org-1","trackingId":"t-1","data":)" + data + "}", 1);
    REQUIRE(read.has_value());
    return read->frame.notification;
}

// The consulting agent's view of a call with a consult leg: agent-1 has the customer on the main
// call and consults agent-2 (TaskManager.ts ~371-378; core/Utils.ts ~254-270 finds the consulted
// party on the media entry whose mType is "consult").
const std::string consult_created = R"({"type":"AgentConsultCreated","interactionId":"i-1","agentId":"agent-1",
    "destAgentId":"agent-2","consultMediaResourceId":"m-consult","mediaResourceId":"m-main",
    "eventType":"RoutingMessage","queueMgr":"aqm","owner":"agent-1",
    "interaction":{"interactionId":"i-1","state":"consult","owner":"agent-1","mediaType":"telephony",
        "contactDirection":{"type":"INBOUND"},
        "callProcessingDetails":{"ani":"+14155550100","dnis":"+18005550199","ctqInProgress":"false"},
        "participants":{
            "agent-1":{"id":"agent-1","pType":"Agent","type":"Agent","hasLeft":false,"isWrapUp":false,"dn":"1001"},
            "agent-2":{"id":"agent-2","pType":"Agent","type":"Agent","hasLeft":false,"isWrapUp":false,"dn":"1002"},
            "+14155550100":{"id":"+14155550100","pType":"Customer","type":"Customer","hasLeft":false}},
        "media":{
            "m-main":{"mediaResourceId":"m-main","mType":"mainCall","participants":["+14155550100","agent-1"]},
            "m-consult":{"mediaResourceId":"m-consult","mType":"consult","participants":["agent-1","agent-2"]}}}})";

}  // namespace

TEST_CASE("A consult notification is read with its legs, its parties and the consulted agent") {
    auto n = read_notification(consult_created);
    CHECK(n.step == TaskStep::consult_created);
    CHECK(n.malformed.empty());
    CHECK(n.interaction.id == "i-1");
    CHECK(n.interaction.state == "consult");
    CHECK(n.consult.dest_agent_id == "agent-2");
    CHECK(n.consult.consult_media_resource_id == "m-consult");
    CHECK_FALSE(n.interaction.consult_to_queue);
    REQUIRE(n.interaction.media.size() == 2);
    CHECK(n.interaction.media[0].id == "m-main");
    CHECK(n.interaction.media[0].m_type == "mainCall");
    CHECK(n.interaction.media[0].participants == std::vector<std::string>{"+14155550100", "agent-1"});
    CHECK(n.interaction.media[1].m_type == "consult");
    CHECK(n.interaction.media[1].media_resource_id == "m-consult");
    CHECK(n.interaction.media[1].participants == std::vector<std::string>{"agent-1", "agent-2"});
    CHECK(n.interaction.main_media_resource_id == "m-main");
    REQUIRE(n.interaction.participants.size() == 3);
    CHECK(n.interaction.participants[1].id == "agent-2");
    CHECK(n.interaction.participants[1].p_type == "Agent");
    CHECK(n.interaction.participants[1].dn == "1002");
    CHECK_FALSE(n.interaction.participants[1].has_left);
    CHECK(n.interaction.participants[2].p_type == "Customer");
}

TEST_CASE("A consult to a dial number or an entry point names the party's pType and epId") {
    // core/Utils.ts ~324-326, ~346-351: an EP-DN's transfer goes to its epId, a DN's to its number.
    auto n = read_notification(R"({"type":"AgentConsulting","interactionId":"i-1","interaction":{"participants":{
        "+14155550111":{"pType":"DN","type":"DN","dn":"+14155550111"},
        "ep-dn-1":{"pType":"EP-DN","type":"EP-DN","epId":"ep-7"}}}})");
    CHECK(n.step == TaskStep::consulting);
    REQUIRE(n.interaction.participants.size() == 2);
    CHECK(n.interaction.participants[0].p_type == "DN");
    CHECK(n.interaction.participants[1].p_type == "EP-DN");
    CHECK(n.interaction.participants[1].ep_id == "ep-7");
}

TEST_CASE("Conference, a participant leaving, transfers and merges are read with what each says") {
    auto conferenced = read_notification(R"({"type":"AgentConsultConferenced","interactionId":"i-1",
        "isConferencing":true,"interaction":{"state":"conference","callProcessingDetails":{"isConferencing":"true"}}})");
    CHECK(conferenced.step == TaskStep::conferenced);
    CHECK(conferenced.consult.conferencing);
    CHECK(conferenced.interaction.conferencing);

    // TaskManager.ts ~482-500 and TaskUtils.ts ~45-55: the agent who left is hasLeft and off the main call.
    auto left =
        read_notification(R"({"type":"ParticipantLeftConference","interactionId":"i-1","participantId":"agent-2",
        "interaction":{"participants":{"agent-1":{"pType":"Agent","hasLeft":false},"agent-2":{"pType":"Agent","hasLeft":true}},
        "media":{"i-1":{"mType":"mainCall","participants":["agent-1","+14155550100"]}}}})");
    CHECK(left.step == TaskStep::participant_left);
    CHECK(left.consult.participant_id == "agent-2");
    REQUIRE(left.interaction.participants.size() == 2);
    CHECK(left.interaction.participants[1].has_left);
    CHECK(left.interaction.media[0].participants == std::vector<std::string>{"agent-1", "+14155550100"});

    CHECK(read_notification(R"({"type":"AgentBlindTransferred","interactionId":"i-1","destinationType":"agent"})")
              .consult.destination_type == "agent");
    CHECK(read_notification(R"({"type":"AgentVteamTransferred","interactionId":"i-1"})").step ==
          TaskStep::queue_transferred);
    CHECK(read_notification(R"({"type":"AgentCtqCancelled","interactionId":"i-1",
        "interaction":{"callProcessingDetails":{"ctqInProgress":"true"}}})")
              .interaction.consult_to_queue);
    auto merged = read_notification(R"({"type":"ContactMerged","interactionId":"i-1","childInteractionId":"i-2"})");
    CHECK(merged.step == TaskStep::contact_merged);
    CHECK(merged.consult.child_interaction_id == "i-2");
}

TEST_CASE("Each ...Failed notification is a failure with Webex's reason") {
    auto failed = read_notification(R"({"type":"AgentCtqFailed","interactionId":"i-1",
        "reason":"NO_QUEUE_CAPACITY","reasonCode":1117})");
    CHECK(failed.step == TaskStep::consult_to_queue_failed);
    CHECK(is_failure(failed.step));
    CHECK(failed.reason == "NO_QUEUE_CAPACITY");
    CHECK(failed.reason_code == 1117);
    for (const char* name : {"AgentConsultFailed", "AgentCtqFailed", "AgentCtqCancelFailed", "AgentConsultEndFailed",
                             "AgentConsultTransferFailed", "AgentBlindTransferFailed", "AgentVteamTransferFailed",
                             "AgentConsultConferenceFailed", "AgentConsultConferenceEndFailed",
                             "ParticipantLeftConferenceFailed", "AgentConferenceTransferFailed"}) {
        INFO(name);
        CHECK(is_failure(task_step_of(name)));
    }
    for (const char* name :
         {"AgentOfferConsult", "AgentConsultCreated", "AgentConsulting", "AgentCtqCancelled", "AgentConsultEnded",
          "AgentConsultTransferring", "AgentConsultTransferred", "AgentBlindTransferred", "AgentVteamTransferred",
          "AgentConsultConferencing", "AgentConsultConferenced", "AgentConsultConferenceEnded",
          "ParticipantJoinedConference", "ParticipantLeftConference", "AgentConferenceTransferred", "ContactMerged"}) {
        INFO(name);
        CHECK(task_step_of(name) != TaskStep::none);
        CHECK_FALSE(is_failure(task_step_of(name)));
    }
    // Exact names only, as the SDK's switch compares them.
    CHECK(task_step_of("agentconsultcreated") == TaskStep::none);
    CHECK(task_step_of("AgentContactHeld") == TaskStep::none);
    CHECK(task_step_of("") == TaskStep::none);
}

TEST_CASE("The buddy list is read from the BuddyAgents notification") {
    // agent/types.ts ~369-400: data.agentList of {agentId, state, teamId, dn, agentName, siteId}.
    auto read = read_frame(R"({"type":"BuddyAgents","orgId":"org-1","data":{"type":"BuddyAgents",
        "eventType":"AgentDesktopMessage","agentId":"agent-1","agentSessionId":"s-1","orgId":"org-1","agentList":[
        {"agentId":"agent-2","state":"Available","teamId":"team-1","dn":"1002","agentName":"Ana Lima","siteId":"site-1"},
        {"agentId":"agent-3","state":"Idle","teamId":"team-1","agentName":"Bo"}]}})",
                           1);
    REQUIRE(read.has_value());
    const auto& n = read->frame.notification;
    CHECK(n.malformed.empty());
    REQUIRE(n.buddy_agents);
    REQUIRE(n.buddy_agents->size() == 2);
    CHECK((*n.buddy_agents)[0].agent_id == "agent-2");
    CHECK((*n.buddy_agents)[0].name == "Ana Lima");
    CHECK((*n.buddy_agents)[0].state == "Available");
    CHECK((*n.buddy_agents)[0].team_id == "team-1");
    CHECK((*n.buddy_agents)[0].dn == "1002");
    CHECK((*n.buddy_agents)[0].site_id == "site-1");
    CHECK((*n.buddy_agents)[1].dn.empty());  // absent reads as empty
    CHECK(read_notification(R"({"type":"BuddyAgents","agentList":[]})").buddy_agents->empty());
    CHECK_FALSE(read_notification(R"({"type":"BuddyAgentsRetrieveFailed","reason":"x"})").buddy_agents);
}

TEST_CASE("Hostile consult notifications are malformed, never half read") {
    auto malformed = [](const std::string& data) { return read_notification(data).malformed; };
    // Nothing could follow a consult step without its call.
    CHECK(malformed(R"({"type":"AgentConsultCreated"})") == "interactionId");
    CHECK(malformed(R"({"type":"AgentConsultEnded","interactionId":null})") == "interactionId");
    CHECK(malformed(R"({"type":"AgentConsultEnded","interaction":{"interactionId":"i-1"}})").empty());
    CHECK(malformed(R"({"type":"AgentContactHeld"})").empty());  // not a consult step: unchanged
    // A failure answers the request by its type (task/contact.ts:168-177 binds no interactionId).
    CHECK(malformed(R"({"type":"AgentConsultFailed","reason":"AGENT_NOT_FOUND"})").empty());
    CHECK(malformed(R"({"type":"AgentConsultCreated","interactionId":"i-1","destAgentId":["a"]})") == "destAgentId");
    CHECK(malformed(R"({"interactionId":"i-1","interaction":{"participants":{"a-1":{"pType":7}}}})") == "pType");
    CHECK(malformed(R"({"interactionId":"i-1","interaction":{"participants":{"a-1":{"epId":{}}}}})") == "epId");
    CHECK(malformed(R"({"interaction":{"media":{"m":{"participants":"agent-1"}}}})") == "participants");
    CHECK(malformed(R"({"interaction":{"media":{"m":{"participants":["agent-1",2]}}}})") == "participants");
    CHECK(malformed(R"({"interaction":{"media":{"m":{"participants":[["agent-1"]]}}}})") == "participants");
    CHECK(malformed(R"({"interaction":{"media":{"m":{"participants":null}}}})").empty());
    CHECK(malformed(R"({"interaction":{"media":["m"]}})") == "media");
    // The buddy list: an array of agents, each with its id.
    CHECK(malformed(R"({"type":"BuddyAgents","agentList":{"agentId":"a"}})") == "agentList");
    CHECK(malformed(R"({"type":"BuddyAgents","agentList":["agent-2"]})") == "agentList");
    CHECK(malformed(R"({"type":"BuddyAgents","agentList":[{"state":"Available"}]})") == "agentList");
    CHECK(malformed(R"({"type":"BuddyAgents","agentList":[{"agentId":""}]})") == "agentList");
    CHECK(malformed(R"({"type":"BuddyAgents","agentList":[{"agentId":"a","agentName":5}]})") == "agentList");
    CHECK(malformed(R"({"type":"BuddyAgents","agentList":[{"agentId":"a","dn":null}]})").empty());
    // Deeply nested or huge frames are refused whole by json_scan (client_logic_test.cpp); a frame
    // that breaks the JSON rule mid-way is never a Notification.
    auto frame = R"({"type":"RoutingMessage","data":)" + consult_created + "}";
    CHECK(read_frame(frame, 1).has_value());
    CHECK_FALSE(read_frame(frame.substr(0, frame.size() / 2), 1).has_value());
}
