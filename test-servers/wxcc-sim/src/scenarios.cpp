#include "scenarios.hpp"

namespace wxcc_sim {

using nlohmann::json;

const std::vector<Scenario>& scenarios() {
    using enum Step;
    static const std::vector<Scenario> all = {
        {"answered",
         "customer answers, recording starts, customer hangs up, wrap-up, auto wrap-up done",
         {reserve, offer, assign, end, wrapup, wrapped_up}},
        {"agent-ends",
         "customer answers; the call stays up until the client ends it (POST .../end)",
         {reserve, offer, assign, wait_for_agent, wrapped_up}},
        {"busy",
         "customer busy: AgentOutboundFailed CUSTOMER_BUSY 1022 after the offer (isWrapUp: false), then wrap-up",
         {reserve, offer, busy, wrapup, wrapped_up}},
        {"no-answer",
         "customer does not answer: AgentOutboundFailed NO_ANSWER 1023, then wrap-up",
         {reserve, offer, no_answer, wrapup, wrapped_up}},
        {"invalid-number", "rejected before any offer: AgentOutboundFailed INVALID_NUMBER 1024", {invalid_number}},
        {"rona", "the agent does not answer the offer: AgentOfferContactRona, agent goes Idle", {reserve, offer, rona}},
        {"ringing",
         "the offer rings until the client ends it (POST .../end; see ringingEnd)",
         {reserve, offer, wait_for_agent, wrapped_up}},
        {"declined",
         "the agent declines the offer: AgentContactAssignFailed USER_DECLINED 156",
         {reserve, offer, decline}},
        {"hold",
         "answered, held, resumed, customer hangs up, wrap-up",
         {reserve, offer, assign, hold, unhold, end, wrapup, wrapped_up}},
        {"recording",
         "answered, recording paused and resumed, customer hangs up, wrap-up",
         {reserve, offer, assign, pause_recording, resume_recording, end, wrapup, wrapped_up}},
        {"busy-then-wrapup",
         "AgentOutboundFailed that does not say whether wrap-up follows; then wrap-up",
         {reserve, offer, busy_unsaid, wrapup, wrapped_up}},
        {"busy-then-nothing",
         "AgentOutboundFailed that does not say whether wrap-up follows; then nothing",
         {reserve, offer, busy_unsaid}},
        {"preview",
         "preview campaign: reservation; once accepted, the call under a new id naming it; the agent ends it",
         {reserve_campaign, wait_for_accept, new_interaction, assign, wait_for_agent, wrapped_up}},
        {"preview-same-id",
         "preview campaign: reservation; once accepted, the call under the reservation's id; the agent ends it",
         {reserve_campaign, wait_for_accept, assign, wait_for_agent, wrapped_up}},
        {"preview-expired",
         "preview campaign: a reservation and nothing after it (the simulator forgets it)",
         {reserve_campaign}},
        {"busy-listed",
         "AgentOutboundFailed whose agentsPendingWrapUp names the agent; then wrap-up",
         {reserve, offer, busy_listed, wrapup, wrapped_up}},
        {"busy-unlisted",
         "AgentOutboundFailed whose agentsPendingWrapUp is without the agent: nothing to wrap up",
         {reserve, offer, busy_unlisted}},
        {"consult",
         "another agent's call reserved, offered to this agent as a consult, joined; until POST .../end",
         {reserve, offer_consult, consulting, wait_for_agent}},
        {"consult-held",
         "a consult offered to this agent (reserved first: the SDK's task starts there), ringing until accepted "
         "(POST .../consult/accept or the phone answered): AgentConsulting; unanswered in time: "
         "AgentOfferContactRona, agent goes Idle",
         {reserve, offer_consult, wait_for_accept, consulting, wait_for_agent}},
    };
    return all;
}

const Scenario* find_scenario(std::string_view name) {
    for (const auto& scenario : scenarios())
        if (scenario.name == name) return &scenario;
    return nullptr;
}

namespace {

json failure(const char* reason, int code) { return {{"reason", reason}, {"reasonCode", code}}; }

// What applying one step works on, and the frames it sends, numbered in order.
struct StepContext {
    Call& call;
    Agent& agent;
    std::int64_t now_ms;
    std::uint64_t& sequence;
    StepResult& result;

    void emit(const std::string& type, const json& extra = json::object()) {
        result.frames.push_back(routing_frame({agent, now_ms, ++sequence}, call, type, extra));
    }
};

// A call that connects: offer, answer, hold, recording, the end and wrap-up.
void connected_call_step(Step step, StepContext& at) {
    auto& call = at.call;
    switch (step) {
        case Step::reserve: at.emit("AgentContactReserved"); break;
        case Step::offer:
            call.offered = true;
            at.emit("AgentOfferContact");
            break;
        case Step::assign:
            call.agent_joined = call.customer_joined = true;
            call.recording_started = true;
            call.state = "connected";
            at.emit("AgentContactAssigned");
            break;
        case Step::hold:
            call.held = true;
            call.state = "held";
            at.emit("AgentContactHeld");
            break;
        case Step::unhold:
            call.held = false;
            call.state = "connected";
            at.emit("AgentContactUnheld");
            break;
        case Step::pause_recording:
            call.recording_paused = true;
            at.emit("ContactRecordingPaused");
            break;
        case Step::resume_recording:
            call.recording_paused = false;
            at.emit("ContactRecordingResumed", {{"autoResumed", false}});
            break;
        case Step::end:
            call.terminated = true;
            call.pending_wrap_up = true;
            at.emit("ContactEnded", {{"agentsPendingWrapUp", json::array({at.agent.id})}});
            break;
        case Step::wrapup:
            call.pending_wrap_up = true;
            call.state = "wrapUp";
            at.emit("AgentWrapup", {{"wrapUpAuxCodeId", "0"}});
            break;
        case Step::wrapped_up:
            call.pending_wrap_up = false;
            call.wrapped_up = true;
            at.emit("AgentWrappedUp", {{"wrapUpAuxCodeId", "0"}});
            at.result.call_over = true;
            break;
        default: break;
    }
}

// The agent did not answer the offer in time: the call is gone and the agent goes Idle.
void rona_step(StepContext& at) {
    at.emit("AgentOfferContactRona", failure("RONA_TIMER_EXPIRED", 1035));
    at.agent.state = "Idle";
    at.agent.aux_code_id = "rona";
    at.agent.last_state_change_reason = "RONA";
    at.agent.last_state_change_ms = at.now_ms;
    at.result.frames.push_back(agent_state_frame({at.agent, at.now_ms, ++at.sequence}, "AgentStateChangeSuccess"));
    at.result.call_over = true;
}

// A call that fails before it connects: busy, no answer, invalid number, RONA, declined.
void failed_call_step(Step step, StepContext& at) {
    at.call.terminated = true;
    switch (step) {
        case Step::busy:
        case Step::no_answer:
            // As the sample's frames are: the agent participant says isWrapUp: false (not in
            // wrap-up at this moment) although AgentWrapup follows.
            at.emit("AgentOutboundFailed",
                    step == Step::busy ? failure("CUSTOMER_BUSY", 1022) : failure("NO_ANSWER", 1023));
            break;
        case Step::busy_listed:
        case Step::busy_unlisted: {
            bool listed = step == Step::busy_listed;
            auto frame = failure("CUSTOMER_BUSY", 1022);
            frame["agentsPendingWrapUp"] = listed ? json::array({at.agent.id}) : json::array();
            at.emit("AgentOutboundFailed", frame);
            at.result.call_over = !listed;
            break;
        }
        case Step::invalid_number:
            at.emit("AgentOutboundFailed", failure("INVALID_NUMBER", 1024));
            at.result.call_over = true;
            break;
        case Step::rona: return rona_step(at);
        case Step::decline:
            at.emit("AgentContactAssignFailed", failure("USER_DECLINED", 156));
            at.result.call_over = true;
            break;
        case Step::busy_unsaid:
            at.call.wrap_up_unsaid = true;
            at.emit("AgentOutboundFailed", failure("CUSTOMER_BUSY", 1022));
            at.call.wrap_up_unsaid = false;
            break;
        default: break;
    }
}

// A call Webex offers by itself: a preview campaign's reservation, or a consult.
void offered_call_step(Step step, StepContext& at) {
    auto& call = at.call;
    switch (step) {
        case Step::reserve_campaign: at.emit("AgentOfferCampaignReservation"); break;
        case Step::offer_consult:
            call.offered = true;
            at.emit("AgentOfferConsult", {{"isConsulted", true}});
            break;
        case Step::consulting:
            call.agent_joined = call.customer_joined = true;
            call.state = "consulting";
            at.emit("AgentConsulting", {{"isConsulted", true}});
            break;
        case Step::consult_ended:
            call.agent_joined = false;
            at.emit("AgentConsultEnded", {{"isConsulted", true}});
            at.result.call_over = true;
            break;
        case Step::reservation_ended:  // state stays "new": the SDK drops such a task (TaskManager.ts ~752-765)
            call.terminated = true;
            at.emit("ContactEnded", {{"agentsPendingWrapUp", json::array()}});
            at.result.call_over = true;
            break;
        default: break;
    }
}

}  // namespace

StepResult apply_step(Step step, Call& call, Agent& agent, std::int64_t now_ms, std::uint64_t& sequence) {
    StepResult result;
    StepContext at{call, agent, now_ms, sequence, result};
    switch (step) {
        case Step::reserve:
        case Step::offer:
        case Step::assign:
        case Step::hold:
        case Step::unhold:
        case Step::pause_recording:
        case Step::resume_recording:
        case Step::end:
        case Step::wrapup:
        case Step::wrapped_up: connected_call_step(step, at); break;
        case Step::busy:
        case Step::no_answer:
        case Step::busy_listed:
        case Step::busy_unlisted:
        case Step::invalid_number:
        case Step::rona:
        case Step::decline:
        case Step::busy_unsaid: failed_call_step(step, at); break;
        case Step::reserve_campaign:
        case Step::offer_consult:
        case Step::consulting:
        case Step::consult_ended:
        case Step::reservation_ended: offered_call_step(step, at); break;
        case Step::wait_for_accept:
        case Step::new_interaction:  // the simulator renames the call (it owns the ids)
        case Step::wait_for_agent: break;
    }
    return result;
}

}  // namespace wxcc_sim
