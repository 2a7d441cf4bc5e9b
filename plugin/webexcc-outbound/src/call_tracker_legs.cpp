// CallTracker's consult legs (issue 21), the notifications' half: this agent's consult on a call is
// followed as a call of its own ("<call>-consult-<n>") from AgentConsultCreated to its one DROPPED,
// published beside its call with parentCallId and destinationType. Webex knows only the call: every
// consult notification names the call's interaction, and the tracker splits out what is the leg's.
// The requests' half (a Consult starts the leg): call_tracker_consult.cpp.

#include "call_tracker.hpp"

#include "workspace/message/envelope.hpp"

namespace webexcc::outbound {

namespace {

using client::Destination;
using client::TaskStep;

std::optional<Destination> destination_named(std::string_view name) {
    using workspace::message::iequals;
    if (iequals(name, "agent")) return Destination::agent;
    if (iequals(name, "queue")) return Destination::queue;
    if (iequals(name, "dialNumber")) return Destination::dial_number;
    if (iequals(name, "entryPoint")) return Destination::entry_point;
    return std::nullopt;
}

// Where the consult goes, as far as the notification tells: the agent reached (a consult to a
// queue that an agent took is that agent's, as a consult transfer or conference must name it, the
// SDK's calculateDestType), else what was asked. A dial number or entry point keeps the request's.
void refine_destination(client::TaskDestination& to, const Notification& n) {
    const auto& agent = n.consult.dest_agent_id;
    bool queue_taken = to.type == Destination::queue && !n.interaction.consult_to_queue && agent != to.to;
    if (agent.empty() || !(to.type == Destination::agent || queue_taken)) return;
    to = {agent, Destination::agent};
}

// The leg's end a notification announces, by its Desktop name; empty when it ends none.
std::string_view leg_end_of(TaskStep step) {
    switch (step) {
        case TaskStep::consult_ended: return "eAgentConsultEnded";
        case TaskStep::consult_failed: return "eAgentConsultFailed";
        case TaskStep::consult_to_queue_failed: return "eAgentCtqFailed";
        case TaskStep::consult_to_queue_cancelled: return "eAgentCtqCancelled";
        case TaskStep::conferenced: return "eAgentConsultConferenced";
        case TaskStep::consult_transferred: return "eConsultTransfer";
        default: return {};
    }
}

}  // namespace

void CallTracker::leg_notification(Call& call, const Notification& n, std::string_view text,
                                   std::vector<Outgoing>& out) {
    const auto step = n.step;
    if (step == TaskStep::conferenced) call.in_conference = true;
    bool agent_left = !agent_id_.empty() && n.consult.participant_id == agent_id_;
    bool back_to_two = workspace::message::iequals(n.interaction.state, "connected");
    if (step == TaskStep::conference_ended || (step == TaskStep::participant_left && (agent_left || back_to_two)))
        call.in_conference = false;
    // The consulted agent's view of someone else's consult: the call is its part, there is no leg.
    if (call.progress.consulted) return;
    if (step == TaskStep::consult_created || step == TaskStep::consulting) {
        show_leg(call, n, text, out);
        if (step == TaskStep::consulting && !std::exchange(call.consult->answered, true))
            publish_leg(call, "eAgentConsulting", text, &n, out);
        return;
    }
    auto end = leg_end_of(step);
    if (end.empty() || !call.consult) return;
    if (!call.consult->created) {  // never shown (a queue no agent took, cancelled): nothing to end
        call.consult.reset();
        return;
    }
    // A refusal, or an end that gives a reason (a consult declined), says why on the end and DROPPED.
    std::string reason = n.reason;
    if (reason.empty() && (step == TaskStep::consult_failed || step == TaskStep::consult_to_queue_failed))
        reason = "UNKNOWN_REASON";
    publish_leg(call, end, text, &n, out, reason, n.reason_code);
    publish_leg(call, dropped_event, text, &n, out, reason, n.reason_code);
    call.consult.reset();
}

void CallTracker::start_leg(Call& call, client::TaskDestination to, std::string request_id) {
    ConsultLeg leg;  // not emplace(): clang refuses it for a nested struct with default member initialisers
    leg.id = shown_id(call) + "-consult-" + std::to_string(++call.consults_started);
    leg.to = std::move(to);
    leg.request_id = std::move(request_id);
    call.consult = std::move(leg);
}

// AgentConsultCreated (or AgentConsulting when it was missed): the leg's first event. A consult this
// agent started from another desktop has no Consult request here: its leg starts now.
void CallTracker::show_leg(Call& call, const Notification& n, std::string_view text, std::vector<Outgoing>& out) {
    if (!call.consult) {  // its queue, if any, is not named: shown as the agent who took it
        auto type = destination_named(n.consult.destination_type).value_or(Destination::agent);
        if (type == Destination::queue && !n.interaction.consult_to_queue) type = Destination::agent;
        start_leg(call, {n.consult.dest_agent_id, type});
    }
    auto& leg = *call.consult;
    if (!leg.created) leg.shown = leg.to;
    refine_destination(leg.to, n);
    if (!std::exchange(leg.created, true)) publish_leg(call, "eAgentConsultCreated", text, &n, out);
}

// Before its call's DROPPED: the open leg's, with the call's reason. A leg never shown goes quietly.
void CallTracker::drop_leg(Call& call, std::string_view text, const Notification* n, std::vector<Outgoing>& out,
                           std::string_view reason_message) {
    if (!call.consult) return;
    if (call.consult->created)
        publish_leg(call, dropped_event, text, n, out, call.progress.failure_reason, call.progress.failure_code,
                    reason_message);
    call.consult.reset();
}

void CallTracker::publish_leg(Call& call, std::string_view event, std::string_view text, const Notification* n,
                              std::vector<Outgoing>& out, std::string_view reason, const nlohmann::json& reason_code,
                              std::string_view reason_message) {
    auto& leg = *call.consult;
    bool inbound = call.kind == CallKind::inbound;
    CallEvent message{event,
                      leg.id,
                      text,
                      n,
                      leg.shown.to,
                      call.from,
                      leg.request_id,
                      reason,
                      reason.empty() ? nullptr : &reason_code,
                      reason.empty() ? std::string_view() : reason_message,
                      call.outbound_type,
                      inbound,
                      0,
                      shown_id(call),
                      client::destination_type_name(leg.shown.type)};
    auto published = call_state_change(message);
    if (inbound) out.push_back({std::string(inbound_topic), std::string(inbound_subtopic), std::move(published)});
    else out.push_back(call_message(std::move(published)));
    leg.last_event = event;
}

void CallTracker::list_leg(const Call& call, std::vector<CallSummary>& calls) const {
    if (!call.consult || !call.consult->created) return;
    const auto& leg = *call.consult;
    bool inbound = call.kind == CallKind::inbound;
    calls.push_back({leg.id, leg.last_event, call.call_state, call.outbound_type, inbound ? "Inbound" : "OUTBOUND",
                     shown_id(call), client::destination_type_name(leg.shown.type)});
}

}  // namespace webexcc::outbound
