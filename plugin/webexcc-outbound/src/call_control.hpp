#pragma once
// Call-control requests from the bus (Disconnect, SetHold, Resume, WrapUpCall, ClearContact,
// PauseRecording, ResumeRecording): their spellings, what each needs of the call, and the Webex
// notifications that answer them. Pure: no I/O; the tracker applies it to the calls it follows.

#include "notification_mapper.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

enum class Action { disconnect, hold, resume, wrap_up, clear_contact, pause_recording, resume_recording };

// The action a request subtopic names, in every spelling the spec lists, case-insensitively
// (SetHOLD, SetRETRIEVE, ...); nullopt for anything else.
std::optional<Action> action_named(std::string_view subtopic);

// Every subtopic spelling that names an action (for subscribing); the bus ignores case.
const std::vector<std::string_view>& control_subtopics();

// The canonical request name ("SetHold", ...) and the error type of its failures ("HOLD_CALL_FAILED").
std::string_view request_name(Action action);
std::string_view error_type(Action action);

// Why `action` cannot be done now on a call that has reached `progress`; empty when it can.
std::string state_problem(Action action, const CallProgress& progress);

// The Webex notification that reports the action done (the hold's AgentContactHeld, ...), and the
// `...Failed` one that reports it refused; an action answered by `notification_type`, if any.
bool is_success_of(Action action, std::string_view notification_type);
std::optional<Action> action_failed_by(std::string_view notification_type);

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
};
ControlRequest read_control_request(std::string_view request_text);

}  // namespace webexcc::outbound
