#pragma once
// Call-control requests from the bus (Disconnect, SetHold, Resume, WrapUpCall, ClearContact,
// PauseRecording, ResumeRecording, CancelAutoWrapUp; a preview's accept and the auto wrap-up too;
// issue 21's Consult, AcceptConsult, ConsultDrop, ConsultTransfer, Transfer, Conference,
// ExitConference, ConferenceTransfer):
// their spellings, what each needs of the call, and the Webex notifications that answer them. Pure:
// no I/O; the tracker applies it to the calls it follows.

#include "notification_mapper.hpp"
#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/requests.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

enum class Action {
    disconnect,
    hold,
    resume,
    wrap_up,
    clear_contact,
    pause_recording,
    resume_recording,
    cancel_auto_wrap_up,  // CancelAutoWrapUp: stops the plugin's own timer, nothing goes to Webex
    auto_wrap_up,         // the wrap-up the plugin sends when the auto wrap-up time comes (no request)
    accept_preview,       // MakeCall with no number while a preview reservation is offered
    consult,              // Consult (SetConsult): a consult leg to an agent, queue, dial number or entry point
    accept_consult,       // AcceptConsult: this agent accepts a consult offered to it
    consult_drop,         // ConsultDrop: the consult leg ends (a queue's not yet taken is cancelled)
    consult_transfer,     // ConsultTransfer: the customer goes to the consulted party
    transfer,             // Transfer: blind, to an agent, a queue or a dial number
    conference,           // Conference: the consulted party joins the call
    exit_conference,      // ExitConference: this agent leaves the conference
    conference_transfer,  // ConferenceTransfer: this agent leaves the conference to the others
};

// Whether `action` is one of the consult, transfer and conference requests (issue 21): the ones a
// consult leg's id may name.
bool is_consult_action(Action action);

// The action a request subtopic names, in every spelling the spec lists, case-insensitively
// (SetHOLD, SetRETRIEVE, ...); nullopt for anything else.
std::optional<Action> action_named(std::string_view subtopic);

// Every subtopic spelling that names an action (for subscribing); the bus ignores case.
const std::vector<std::string_view>& control_subtopics();

// The canonical request name ("SetHold", ...) and the error type of its failures ("HOLD_CALL_FAILED").
std::string_view request_name(Action action);
std::string_view error_type(Action action);

// What the tracker knows of a call's consult leg and conference, for the consult, transfer and
// conference requests (the other requests look at CallProgress alone).
struct ConsultState {
    bool leg = false;           // this agent's consult leg on the call exists (requested or created)
    bool leg_answered = false;  // its other party is on it (AgentConsulting came)
    bool in_conference = false;
};

// Why `action` cannot be done now on a call that has reached `progress`; empty when it can.
std::string state_problem(Action action, const CallProgress& progress, const ConsultState& consult = {});

// The Webex notifications that report the action done (the hold's AgentContactHeld, ...), and the
// `...Failed` ones that report it refused; the first action refused by `notification_type`, if any.
bool is_success_of(Action action, std::string_view notification_type);
bool is_failure_of(Action action, std::string_view notification_type);
std::optional<Action> action_failed_by(std::string_view notification_type);
// Whether the call's end is what `action` asked for (Disconnect, ConsultDrop, ExitConference: the
// agent's part of the call over), and so its answer when Webex's own comes no more.
bool done_by_call_end(Action action);

// Webex refusing an offer to this agent: it refuses AcceptConsult and ends the offered call alike.
inline constexpr std::string_view offer_refused_type = "AgentContactAssignFailed";

// A string member of a request `object`, its name matched in any case (callId, callID, CallID);
// "" when absent or null; nullopt when it holds another type. How every request field is read.
std::optional<std::string> text_member(const nlohmann::json& object, const char* name);

// The fields every request has: requestId (a string when present) and `data` (null when absent,
// else an object). `problem` says what is malformed, with `data_example` as the object to send;
// empty when fine.
struct RequestFields {
    std::string request_id;
    nlohmann::json data;
    std::string problem;
};
RequestFields read_request_fields(std::string_view request_text, std::string_view data_example);

// A control request's own fields, read leniently but typed: each must be a string when present.
struct ControlRequest {
    std::string request_id;    // requestId
    std::string call_id;       // data.callId (also callID, CallID)
    std::string wrap_up_code;  // data.wrapup
    std::string wrap_up_text;  // data.customwrapup
    std::string problem;       // why the request is malformed; empty when it is fine
    // Consult and Transfer only (read for those, else left empty): where the call goes.
    std::optional<client::TaskDestination> destination;
};
// `action` says which fields the request has: Consult and Transfer read data.to (also toAddress)
// and data.destinationType, both required; a dial number is normalised (phone_number.hpp).
ControlRequest read_control_request(std::string_view request_text, Action action);

// The one wrap-up body every wrap-up sends (WrapUpCall, ClearContact, the auto wrap-up):
// wrapUpReason is the agent's `custom_text` when given, else the code's name (task/index.ts
// ~208-212), else its id (Webex requires a reason); auxCodeId is the code's id.
client::ApiRequest wrap_up_request(const std::string& interaction_id, const client::NamedItem& code,
                                   std::string_view custom_text);

}  // namespace webexcc::outbound
