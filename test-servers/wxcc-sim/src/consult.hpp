#pragma once
// A call's consult leg, the conference it can become, and the frames Webex CC sends about them, as
// the official SDK reads them (@webex/contact-center 3.12.0: services/task/contact.ts binds each
// action's notification by data.type and the MAIN call's interactionId; core/Utils.ts
// getConsultedAgentId / calculateDestAgentId / calculateDestType find the other party through the
// media entry whose mType is "consult" and its participant's pType). Pure: tested through frames.

#include "sim_model.hpp"

#include <string>
#include <vector>

namespace wxcc_sim {

struct ConsultLeg {
    std::string to;                // as the SDK sent it: an agent id, queue id, dial number or entry point id
    std::string destination_type;  // agent, queue, dialNumber, entryPoint (task/types.ts DESTINATION_TYPE)
    std::string media_id;          // consultMediaResourceId: the consult's entry in interaction.media
    std::string party_id;          // the other party's key in interaction.participants ("" while queued)
    std::string party_name;
    // queued (a consult to a queue no agent has taken), offered (the other party is being reached),
    // consulting, conference (merged into the main call), transferred (the call is the other
    // party's now), left (the other party is gone)
    std::string stage = "offered";
    bool party_joined = false;     // the other party answered (it stays so once it has left)
    bool agent_left = false;       // this agent exited or handed over the conference
    std::uint64_t generation = 0;  // which scheduled answer is current
};

struct BuddyAgent {
    std::string id;
    std::string name;
    std::string dn;
    std::string state;  // Available or Idle
};

// The agents of the simulated agent's team that a consult or transfer can reach.
const std::vector<BuddyAgent>& buddy_agents();

// A RoutingMessage about `call` and its consult `leg`: routing_frame's, with consultMediaResourceId,
// destAgentId and destinationType, the other party in interaction.participants, and the consult's
// media entry (mType "consult") or, in a conference, the party in the main call's media.
nlohmann::json consult_frame(const FrameContext& context, const Call& call, const ConsultLeg& leg,
                             const std::string& type, const nlohmann::json& extra = nlohmann::json::object());

// services/agent/index.ts ~127-147: the answer to POST /v1/agents/buddyList, envelope and data.type
// "BuddyAgents" with agentList [{agentId, state, teamId, dn, agentName, siteId}] (agent/types.ts
// ~355-400); `state` filters ("" = every state). The agent itself is not listed.
nlohmann::json buddy_list_frame(const FrameContext& context, const std::string& state);

}  // namespace wxcc_sim
