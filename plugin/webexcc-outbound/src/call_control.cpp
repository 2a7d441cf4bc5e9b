#include "call_control.hpp"

#include "workspace/message/envelope.hpp"

#include <array>

namespace webexcc::outbound {

using nlohmann::json;
using workspace::message::iequals;

namespace {

struct ActionFacts {
    Action action;
    std::string_view name;
    std::string_view error_type;
    std::string_view success;  // the notification that reports it done
    std::string_view failure;  // the notification that reports it refused
};

constexpr std::array<ActionFacts, 10> facts{{
    {Action::disconnect, "Disconnect", "DISCONNECT_CALL_FAILED", "AgentWrapup", "AgentContactEndFailed"},
    {Action::hold, "SetHold", "HOLD_CALL_FAILED", "AgentContactHeld", "AgentContactHoldFailed"},
    {Action::resume, "Resume", "RESUME_CALL_FAILED", "AgentContactUnheld", "AgentContactUnHoldFailed"},
    {Action::wrap_up, "WrapUpCall", "WRAPUP_CALL_FAILED", "AgentWrappedUp", "AgentWrapupFailed"},
    {Action::clear_contact, "ClearContact", "CLEAR_CONTACT_FAILED", "AgentWrappedUp", "AgentWrapupFailed"},
    {Action::pause_recording, "PauseRecording", "RECORDING_FAILED", "ContactRecordingPaused",
     "ContactRecordingPauseFailed"},
    {Action::resume_recording, "ResumeRecording", "RECORDING_FAILED", "ContactRecordingResumed",
     "ContactRecordingResumeFailed"},
    {Action::cancel_auto_wrap_up, "CancelAutoWrapUp", "CANCEL_AUTO_WRAPUP_FAILED", "", ""},
    {Action::auto_wrap_up, "AutoWrapUp", "WRAPUP_CALL_FAILED", "AgentWrappedUp", "AgentWrapupFailed"},
    // Bound as the SDK binds it (dialer.ts acceptPreviewContact): the call assigned, or refused.
    {Action::accept_preview, "MakeCall", "ACCEPT_CONTACT_FAILED", "AgentContactAssigned",
     "CampaignPreviewAcceptFailed"},
}};

const ActionFacts& facts_of(Action action) { return facts[static_cast<std::size_t>(action)]; }

}  // namespace

std::optional<std::string> text_member(const json& object, const char* name) {
    const json* value = workspace::message::find_key(object, name);
    if (value == nullptr || value->is_null()) return std::string();
    if (!value->is_string()) return std::nullopt;
    return value->get<std::string>();
}

const std::vector<std::string_view>& control_subtopics() {
    static const std::vector<std::string_view> all = {"Disconnect",     "SetHold",         "Resume",
                                                      "SetRetrieve",    "WrapUpCall",      "ClearContact",
                                                      "PauseRecording", "ResumeRecording", "CancelAutoWrapUp"};
    return all;
}

std::optional<Action> action_named(std::string_view subtopic) {
    if (iequals(subtopic, "SetRetrieve")) return Action::resume;
    // The auto wrap-up has no request, and the accept is a MakeCall: neither is a control subtopic.
    for (const auto& f : facts)
        if (iequals(subtopic, f.name) && f.action != Action::auto_wrap_up && f.action != Action::accept_preview)
            return f.action;
    return std::nullopt;
}

std::string_view request_name(Action action) { return facts_of(action).name; }
std::string_view error_type(Action action) { return facts_of(action).error_type; }

bool is_success_of(Action action, std::string_view type) { return !type.empty() && facts_of(action).success == type; }

std::optional<Action> action_failed_by(std::string_view type) {
    for (const auto& f : facts)
        if (!type.empty() && f.failure == type)
            return f.action;  // a wrap-up failure answers WrapUpCall and ClearContact alike
    return std::nullopt;
}

std::string state_problem(Action action, const CallProgress& p) {
    bool over = p.ended || p.in_wrap_up || p.wrap_up_undecided || p.dropped || !p.failure_reason.empty();
    bool talking = p.answered && !over;
    switch (action) {
        case Action::disconnect:
            if (over) return "the call has already ended";
            return {};
        case Action::hold:
            if (!talking) return p.answered ? "the call has already ended" : "the call is not connected yet";
            if (p.held) return "the call is already on hold";
            return {};
        case Action::resume:
            if (!talking || !p.held) return "the call is not on hold";
            return {};
        case Action::wrap_up:
        case Action::clear_contact:
        case Action::auto_wrap_up:
        case Action::cancel_auto_wrap_up:
            if (!p.in_wrap_up)
                return over ? "the call is not in wrap-up (yet)" : "the call is still in progress; end it first";
            return {};
        case Action::pause_recording:
            if (!talking) return "the call is not connected";
            if (p.recording_paused) return "the recording is already paused";
            return {};
        case Action::resume_recording:
            if (!talking) return "the call is not connected";
            if (!p.recording_paused) return "the recording is not paused";
            return {};
        case Action::accept_preview:
            if (!p.reserved || p.offered || p.dropped) return "no preview reservation is waiting to be accepted";
            return {};
    }
    return {};
}

RequestFields read_request_fields(std::string_view text, std::string_view data_example) {
    RequestFields fields;
    json parsed = json::parse(text, nullptr, false);
    if (!parsed.is_object()) {
        fields.problem = "the request is not a JSON object";
        return fields;
    }
    auto id = text_member(parsed, "requestId");
    if (!id) {
        fields.problem = "\"requestId\" must be a string";
        return fields;
    }
    fields.request_id = *id;
    const json* data = workspace::message::find_key(parsed, "data");
    if (data == nullptr || data->is_null()) return fields;
    if (!data->is_object()) fields.problem = "\"data\" must be an object, e.g. " + std::string(data_example);
    else fields.data = *data;
    return fields;
}

ControlRequest read_control_request(std::string_view text) {
    auto fields = read_request_fields(text, R"({"callId": "..."})");
    ControlRequest request;
    request.request_id = fields.request_id;
    request.problem = fields.problem;
    if (!fields.problem.empty() || fields.data.is_null()) return request;
    auto call_id = text_member(fields.data, "callId");
    auto code = text_member(fields.data, "wrapup");
    auto reason = text_member(fields.data, "customwrapup");
    if (!call_id) request.problem = "\"data.callId\" must be a string";
    else if (!code) request.problem = "\"data.wrapup\" must be the wrap-up code id as a string";
    else if (!reason) request.problem = "\"data.customwrapup\" must be a string";
    else request = {request.request_id, *call_id, *code, *reason, {}};
    return request;
}

client::ApiRequest wrap_up_request(const std::string& interaction_id, const client::NamedItem& code,
                                   std::string_view custom_text) {
    std::string reason(!custom_text.empty() ? custom_text : !code.name.empty() ? code.name : code.id);
    return client::wrapup_task(interaction_id, reason, code.id);
}

}  // namespace webexcc::outbound
