// wxcc-sim's consults, as the official SDK asks for them and reads the answers
// (@webex/contact-center 3.12.0): POST /v1/tasks/{id}/consult and /consult/end (task/contact.ts
// ~150-233), how the other party answers, the buddy list a consult picker reads
// (agent/index.ts ~127-147), and their controls. Transfers and conferences: conference.cpp.

#include "sim_server.hpp"

namespace wxcc_sim {

namespace {

// The name the other party shows: a buddy's name, else what the destination is.
std::string party_name(const std::string& to, const std::string& destination_type) {
    for (const auto& buddy : buddy_agents())
        if (buddy.id == to) return buddy.name;
    if (destination_type == "dialNumber") return to;
    return destination_type == "entryPoint" ? "Entry point" : "Agent";
}

}  // namespace

std::optional<Response> Simulator::Impl::consult_action(const Request& request, Call& call, const std::string& action,
                                                        const json& body) {
    if (action == "consult") return start_consult(request, call, body);
    if (action == "consult/end") return end_consult(request, call, body);
    if (action == "consult/accept") return accept_offered_consult(request, call);
    if (action == "transfer") return blind_transfer(request, call, body);
    if (action == "consult/transfer") return consult_transfer(request, call, body);
    if (action == "consult/conference") return merge_conference(request, call, body);
    if (action == "conference/exit") return leave_conference(request, call, false);
    if (action == "conference/transfer") return leave_conference(request, call, true);
    return std::nullopt;
}

// ConsultPayload {to, destinationType, holdParticipants?} (task/types.ts ~1022-1029). Success is
// AgentConsultCreated naming the main call (contact.ts ~154-169); a consult to a queue waits for an
// agent of the queue (its request has no timeout, ~157-158) and only then is created, or is
// cancelled (AgentCtqCancelled, ~181-186). Failure: AgentConsultFailed, AgentCtqFailed for a queue.
Response Simulator::Impl::start_consult(const Request& request, Call& call, const json& body) {
    auto to = text_of(body, "to");
    auto type = text_of(body, "destinationType");
    if (type != "agent" && type != "queue" && type != "dialNumber" && type != "entryPoint")
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "destinationType must be agent, queue, dialNumber or entryPoint", 400);
    if (to.empty()) return error(request, http::status::bad_request, "BAD_REQUEST", "to is required", 400);
    if (!call.agent_joined || call.terminated || call.pending_wrap_up || call.offered_as_consult())
        return error(request, http::status::bad_request, "BAD_REQUEST", "the task is not a connected call", 400);
    if (consults.count(call.interaction_id))
        return error(request, http::status::bad_request, "BAD_REQUEST", "a consult is already in progress", 400);
    bool queue = type == "queue";
    if (fail_injected("consult", call.interaction_id, json::object(), queue ? "AgentCtqFailed" : ""))
        return reply(request, http::status::accepted, json::object());

    ConsultLeg leg{to, type, next_id(), queue ? "" : to, party_name(to, type)};
    leg.stage = queue ? "queued" : "offered";
    call.held = body.value("holdParticipants", true);  // "always true" (types.ts ~1027)
    call.state = "consult";
    auto& placed = consults.insert_or_assign(call.interaction_id, std::move(leg)).first->second;
    if (!queue) send_consult(call, placed, "AgentConsultCreated");
    auto answer = std::exchange(next_consult_answer, std::string("accept"));
    if (answer != "wait") schedule_consult_answer(call.interaction_id, answer);
    return reply(request, http::status::accepted, json::object());
}

// ConsultEndPayload (types.ts ~1035-1044): the SDK sends {queueId} to cancel a consult to a queue
// no agent has taken (AgentCtqCancelled), else {} (contact.ts ~192-233). It waits for
// AgentConsultEnded, or AgentConsultConferenceEnded when the consult became a conference.
// A consult offered to this agent (offerCall kind consult) is ended here too.
Response Simulator::Impl::end_consult(const Request& request, Call& call, const json& body) {
    auto queue_id = text_of(body, "queueId");
    auto found = consults.find(call.interaction_id);
    if (call.offered_as_consult()) {
        if (fail_injected("consult/end", call.interaction_id))
            return reply(request, http::status::accepted, json::object());
        end_by_agent(call);  // AgentConsultEnded: this agent only joined the call for the consult
        return reply(request, http::status::accepted, json::object());
    }
    if (found == consults.end())
        return error(request, http::status::bad_request, "BAD_REQUEST", "no consult in progress", 400);
    ConsultLeg& leg = found->second;
    if (!queue_id.empty() && (leg.stage != "queued" || leg.to != queue_id))
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "queueId names no consult to a queue waiting for an agent", 400);
    if (fail_injected("consult/end", call.interaction_id, json::object(),
                      queue_id.empty() ? "" : "AgentCtqCancelFailed"))
        return reply(request, http::status::accepted, json::object());
    ++leg.generation;  // an answer still scheduled no longer comes
    leg.stage = "left";
    if (!queue_id.empty()) {
        close_consult(call, "AgentCtqCancelled", {{"queueId", queue_id}});
    } else if (call.state == "conference") {
        call.held = false;
        close_consult(call, "AgentConsultConferenceEnded", json::object());
    } else {
        close_consult(call, "AgentConsultEnded", json::object());
    }
    return reply(request, http::status::accepted, json::object());
}

void Simulator::Impl::send_consult(const Call& call, const ConsultLeg& leg, const std::string& type,
                                   const json& extra) {
    send_frame(consult_frame({agent, now_ms(), ++sequence}, call, leg, type, extra));
}

void Simulator::Impl::close_consult(Call& call, const std::string& type, const json& extra) {
    auto found = consults.find(call.interaction_id);
    if (found == consults.end()) return;
    auto leg = std::move(found->second);
    consults.erase(found);
    consult_timers.erase(call.interaction_id);
    call.state = call.held ? "held" : "connected";
    send_consult(call, leg, type, extra);
}

void Simulator::Impl::schedule_consult_answer(const std::string& id, const std::string& answer) {
    auto generation = ++consults.at(id).generation;
    auto& timer = consult_timers[id];
    if (!timer) timer = std::make_unique<asio::steady_timer>(io);
    timer->expires_after(options.step);
    timer->async_wait([this, id, generation, answer](beast::error_code error) {
        auto found = consults.find(id);
        if (!error && found != consults.end() && found->second.generation == generation) answer_consult(id, answer);
    });
}

// The other party: accepts (AgentConsulting; a queue's agent is first reserved, AgentConsultCreated),
// declines (USER_DECLINED 156) or does not answer (RONA_TIMER_EXPIRED 1035), or leaves a consult or
// conference it is in (AgentConsultEnded, ParticipantLeftConference).
json Simulator::Impl::answer_consult(const std::string& id, const std::string& answer) {
    auto found = consults.find(id);
    auto call = calls.find(id);
    if (found == consults.end() || call == calls.end()) return {{"error", "no consult on " + id}};
    if (call->second.pending_wrap_up || call->second.terminated) {  // the agent ended the call meanwhile
        consults.erase(found);
        return {{"error", "the call " + id + " is over"}};
    }
    ConsultLeg& leg = found->second;
    ++leg.generation;
    bool waiting = leg.stage == "queued" || leg.stage == "offered";
    if (answer == "accept" && waiting) {
        if (leg.stage == "queued") {
            leg.party_id = buddy_agents().front().id;
            leg.party_name = buddy_agents().front().name;
            leg.stage = "offered";
            send_consult(call->second, leg, "AgentConsultCreated");
        }
        leg.stage = "consulting";
        leg.party_joined = true;
        call->second.state = "consulting";
        send_consult(call->second, leg, "AgentConsulting");
    } else if ((answer == "decline" || answer == "no-answer") && waiting) {
        json reason = answer == "decline" ? json{{"reason", "USER_DECLINED"}, {"reasonCode", 156}}
                                          : json{{"reason", "RONA_TIMER_EXPIRED"}, {"reasonCode", 1035}};
        leg.stage = "left";
        close_consult(call->second,
                      consult_refusal == "consult-ended" ? "AgentConsultEnded"
                      : leg.destination_type == "queue"  ? "AgentCtqFailed"
                                                         : "AgentConsultFailed",
                      reason);
    } else if (answer == "leave" && (leg.stage == "consulting" || leg.stage == "conference")) {
        bool conference = leg.stage == "conference";
        leg.stage = "left";
        if (conference) call->second.held = false;
        close_consult(call->second, conference ? "ParticipantLeftConference" : "AgentConsultEnded",
                      conference ? json{{"participantId", leg.party_id}} : json::object());
    } else {
        return {{"error", "the consult on " + id + " cannot " + answer + " now (" + leg.stage + ")"}};
    }
    return {{"ok", true}};
}

// POST /v1/agents/buddyList {agentProfileId, mediaType, state?}: answered 202, then BuddyAgents, or
// BuddyAgentsRetrieveFailed under the same envelope type (agent/index.ts ~140-145) when a
// fail-task-action fault names buddyList.
Response Simulator::Impl::buddy_list(const Request& request, const json& body) {
    if (text_of(body, "agentProfileId").empty() || text_of(body, "mediaType").empty())
        return error(request, http::status::bad_request, "BAD_REQUEST", "agentProfileId and mediaType are required",
                     400);
    for (auto& fault : action_faults)
        if (fault.action == "buddyList" && fault.count > 0) {
            --fault.count;
            send_frame(agent_failure_frame({agent, now_ms(), ++sequence}, "BuddyAgents", "BuddyAgentsRetrieveFailed",
                                           fault.reason));
            return reply(request, http::status::accepted, json::object());
        }
    send_frame(buddy_list_frame({agent, now_ms(), ++sequence}, text_of(body, "state")));
    return reply(request, http::status::accepted, json::object());
}

std::optional<json> Simulator::Impl::consult_control(const json& command) {
    if (command.contains("nextConsult")) {
        auto answer = command["nextConsult"].is_string() ? command["nextConsult"].get<std::string>() : "";
        if (answer != "accept" && answer != "decline" && answer != "no-answer" && answer != "wait")
            return json{{"error", "nextConsult must be accept, decline, no-answer or wait"}};
        next_consult_answer = answer;
        return json{{"ok", true}};
    }
    if (command.contains("consultParty")) {
        auto answer = command["consultParty"].is_string() ? command["consultParty"].get<std::string>() : "";
        auto id = command.value("interactionId", std::string());
        if (id.empty() && consults.size() == 1) id = consults.begin()->first;
        return answer_consult(id, answer);
    }
    if (command.contains("answerConsult")) return answer_consult_on_phone(command["answerConsult"]);
    if (command.contains("consultRefusal")) {
        auto refusal = command["consultRefusal"].is_string() ? command["consultRefusal"].get<std::string>() : "";
        if (refusal != "consult-failed" && refusal != "consult-ended")
            return json{{"error", "consultRefusal must be consult-failed or consult-ended"}};
        consult_refusal = refusal;
        return json{{"ok", true}};
    }
    return std::nullopt;
}

}  // namespace wxcc_sim
