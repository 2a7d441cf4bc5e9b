// Consult, transfer and conference frames (consult.hpp).

#include "consult.hpp"

namespace wxcc_sim {

using nlohmann::json;

const std::vector<BuddyAgent>& buddy_agents() {
    static const std::vector<BuddyAgent> all = {
        {"7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01", "Alex Rivera", "14085550142", "Available"},
        {"7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e02", "Sam Chen", "14085550143", "Available"},
        {"7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e03", "Jo Park", "14085550144", "Idle"},
    };
    return all;
}

namespace {

// The other party as interaction.participants lists it. calculateDestType (core/Utils.ts ~336-359)
// maps pType "DN" to dialNumber and "EP-DN" to entryPoint; calculateDestAgentId (~314-327) takes
// epId for a participant whose type is "EpDn" (core/constants.ts PARTICIPANT_TYPES) and id otherwise.
json party(const ConsultLeg& leg, const Call& call) {
    std::string p_type = leg.destination_type == "dialNumber"   ? "DN"
                         : leg.destination_type == "entryPoint" ? "EP-DN"
                                                                : "Agent";
    json participant = {{"id", leg.party_id},
                        {"name", leg.party_name},
                        {"pType", p_type},
                        {"type", p_type == "EP-DN" ? "EpDn" : p_type},
                        {"dn", leg.destination_type == "agent" || leg.destination_type == "queue" ? "" : leg.to},
                        {"callerId", nullptr},
                        {"isConsulted", true},
                        {"isOffered", true},
                        {"hasJoined", leg.party_joined},
                        {"hasLeft", leg.stage == "left"},
                        {"isWrapUp", false},
                        {"isWrappedUp", false},
                        {"consultState", leg.stage == "consulting" ? json("consulting") : json(nullptr)},
                        {"consultTimestamp", call.created_ms}};
    if (p_type == "EP-DN") participant["epId"] = leg.to;
    for (const auto& buddy : buddy_agents())
        if (buddy.id == leg.party_id) participant["dn"] = buddy.dn;
    return participant;
}

}  // namespace

json consult_frame(const FrameContext& context, const Call& call, const ConsultLeg& leg, const std::string& type,
                   const json& extra) {
    json data = {{"consultMediaResourceId", leg.media_id},
                 {"destAgentId", leg.party_id.empty() ? leg.to : leg.party_id},
                 {"destinationType", leg.destination_type},
                 {"isConsulted", false},
                 {"isConferencing", leg.stage == "conference"}};
    data.update(extra);
    auto frame = routing_frame(context, call, type, data);
    auto& interaction = frame["data"]["interaction"];
    auto& main_participants = interaction["media"][call.interaction_id]["participants"];
    if (!leg.party_id.empty()) interaction["participants"][leg.party_id] = party(leg, call);
    if (leg.stage == "queued" || leg.stage == "offered" || leg.stage == "consulting") {
        json consult_participants = {context.agent.id};
        if (leg.stage == "consulting") consult_participants.push_back(leg.party_id);
        interaction["media"][leg.media_id] = {{"holdTimestamp", nullptr},
                                              {"isHold", false},
                                              {"mType", "consult"},
                                              {"mediaMgr", "callmm"},
                                              {"mediaResourceId", leg.media_id},
                                              {"mediaType", "telephony"},
                                              {"participants", std::move(consult_participants)}};
    }
    if (leg.stage == "conference" || leg.stage == "transferred") main_participants.push_back(leg.party_id);
    if (leg.agent_left) {
        interaction["participants"][context.agent.id]["hasLeft"] = true;
        json remaining = json::array();
        for (const auto& id : main_participants)
            if (id != context.agent.id) remaining.push_back(id);
        main_participants = std::move(remaining);
    }
    return frame;
}

json buddy_list_frame(const FrameContext& context, const std::string& state) {
    const Agent& agent = context.agent;
    json list = json::array();
    for (const auto& buddy : buddy_agents())
        if (state.empty() || buddy.state == state)
            list.push_back({{"agentId", buddy.id},
                            {"state", buddy.state},
                            {"teamId", agent.team_id},
                            {"dn", buddy.dn},
                            {"agentName", buddy.name},
                            {"siteId", agent.site_id}});
    return envelope(context, "BuddyAgents",
                    {{"agentId", agent.id},
                     {"agentSessionId", agent.session_id},
                     {"eventType", "AgentDesktopMessage"},
                     {"type", "BuddyAgents"},
                     {"agentList", std::move(list)}});
}

}  // namespace wxcc_sim
