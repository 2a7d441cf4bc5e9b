#pragma once
// Call scenarios: which notifications a call produces, step by step, and what each REST action on a
// call does. Pure: applying a step changes the model and returns the frames to send.

#include "sim_model.hpp"

#include <string_view>
#include <vector>

namespace wxcc_sim {

enum class Step {
    reserve,            // AgentContactReserved
    offer,              // AgentOfferContact
    assign,             // AgentContactAssigned: agent and customer connected, recording starts
    hold,               // AgentContactHeld
    unhold,             // AgentContactUnheld
    pause_recording,    // ContactRecordingPaused
    resume_recording,   // ContactRecordingResumed
    end,                // ContactEnded (customer or agent hung up), agent pending wrap-up
    wrapup,             // AgentWrapup
    wrapped_up,         // AgentWrappedUp: the interaction is over
    busy,               // AgentOutboundFailed CUSTOMER_BUSY / 1022, the participant not yet in wrap-up; wrap-up follows
    no_answer,          // AgentOutboundFailed NO_ANSWER / 1023, likewise
    busy_listed,        // AgentOutboundFailed CUSTOMER_BUSY with agentsPendingWrapUp naming the agent
    busy_unlisted,      // AgentOutboundFailed CUSTOMER_BUSY with agentsPendingWrapUp without the agent; over
    invalid_number,     // AgentOutboundFailed INVALID_NUMBER / 1024 before any offer; over
    rona,               // AgentOfferContactRona RONA_TIMER_EXPIRED / 1035; agent goes Idle; over
    decline,            // AgentContactAssignFailed USER_DECLINED / 156; over
    busy_unsaid,        // AgentOutboundFailed CUSTOMER_BUSY that says nothing about wrap-up
    reserve_campaign,   // AgentOfferCampaignReservation: a preview campaign contact for the agent
    wait_for_accept,    // the reservation waits for POST /v1/dialer/.../accept, or ends when its time is up
    reservation_ended,  // ContactEnded, state new, nothing to wrap up (a reservation unaccepted, an offer ended); over
    new_interaction,  // the reserved preview's call gets a new interaction id (reservationInteractionId names the old)
    offer_consult,    // AgentOfferConsult: another agent's call, offered to this agent as a consult
    consulting,       // AgentConsulting: the consult is up
    consult_ended,    // AgentConsultEnded: the consult is over; the call leaves this agent
    wait_for_agent,   // the call stays connected until the client ends it
};

struct Scenario {
    std::string_view name;
    std::string_view description;
    std::vector<Step> steps;
};

const std::vector<Scenario>& scenarios();
const Scenario* find_scenario(std::string_view name);

struct StepResult {
    std::vector<nlohmann::json> frames;
    bool call_over = false;  // the interaction is gone; forget the call
};

// Applies `step` to `call` (and `agent`, whose state RONA changes). `sequence` numbers the frames.
StepResult apply_step(Step step, Call& call, Agent& agent, std::int64_t now_ms, std::uint64_t& sequence);

}  // namespace wxcc_sim
