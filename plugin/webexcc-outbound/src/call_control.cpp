#include "call_control.hpp"

#include "phone_number.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>
#include <array>
#include <variant>

namespace webexcc::outbound {

using nlohmann::json;
using workspace::message::iequals;

namespace {

struct ActionFacts {
    Action action;
    std::string_view name;
    std::string_view error_type;
    std::array<std::string_view, 3> successes;  // the notifications that report it done
    std::array<std::string_view, 2> failures;   // the notifications that report it refused
};

// Issue 21's bound as the SDK binds them (services/task/contact.ts ~150-505): a consult to a queue
// fails with AgentCtqFailed, a queue's cancel with AgentCtqCancelFailed, a transfer to a queue is
// the vteam transfer. Accepting a consult has no ...Failed of its own: the SDK binds
// AgentContactAssignFailed (contact.ts ~235-257), which also ends the offer (TaskManager removes the
// task), so the tracker binds it only to the accept of the call it names, then ends that call.
constexpr std::array<ActionFacts, 18> facts{{
    {Action::disconnect, "Disconnect", "DISCONNECT_CALL_FAILED", {"AgentWrapup"}, {"AgentContactEndFailed"}},
    {Action::hold, "SetHold", "HOLD_CALL_FAILED", {"AgentContactHeld"}, {"AgentContactHoldFailed"}},
    {Action::resume, "Resume", "RESUME_CALL_FAILED", {"AgentContactUnheld"}, {"AgentContactUnHoldFailed"}},
    {Action::wrap_up, "WrapUpCall", "WRAPUP_CALL_FAILED", {"AgentWrappedUp"}, {"AgentWrapupFailed"}},
    {Action::clear_contact, "ClearContact", "CLEAR_CONTACT_FAILED", {"AgentWrappedUp"}, {"AgentWrapupFailed"}},
    {Action::pause_recording,
     "PauseRecording",
     "RECORDING_FAILED",
     {"ContactRecordingPaused"},
     {"ContactRecordingPauseFailed"}},
    {Action::resume_recording,
     "ResumeRecording",
     "RECORDING_FAILED",
     {"ContactRecordingResumed"},
     {"ContactRecordingResumeFailed"}},
    {Action::cancel_auto_wrap_up, "CancelAutoWrapUp", "CANCEL_AUTO_WRAPUP_FAILED", {}, {}},
    {Action::auto_wrap_up, "AutoWrapUp", "WRAPUP_CALL_FAILED", {"AgentWrappedUp"}, {"AgentWrapupFailed"}},
    // Bound as the SDK binds it (dialer.ts acceptPreviewContact): the call assigned, or refused.
    {Action::accept_preview,
     "MakeCall",
     "ACCEPT_CONTACT_FAILED",
     {"AgentContactAssigned"},
     {"CampaignPreviewAcceptFailed"}},
    // A consult to a queue waits there until an agent takes it (AgentConsultCreated) or it is
    // cancelled (the SDK's notifCancel): either way nothing is left to answer.
    {Action::consult,
     "Consult",
     "CONSULT_CALL_FAILED",
     {"AgentConsultCreated", "AgentCtqCancelled"},
     {"AgentConsultFailed", "AgentCtqFailed"}},
    {Action::accept_consult, "AcceptConsult", "CONSULT_CALL_FAILED", {"AgentConsulting"}, {offer_refused_type}},
    {Action::consult_drop,
     "ConsultDrop",
     "CONSULT_DROP_FAILED",
     {"AgentConsultEnded", "AgentCtqCancelled", "AgentConsultConferenceEnded"},
     {"AgentConsultEndFailed", "AgentCtqCancelFailed"}},
    {Action::consult_transfer,
     "ConsultTransfer",
     "TRANSFER_CALL_FAILED",
     {"AgentConsultTransferred"},
     {"AgentConsultTransferFailed"}},
    {Action::transfer,
     "Transfer",
     "TRANSFER_CALL_FAILED",
     {"AgentBlindTransferred", "AgentVteamTransferred"},
     {"AgentBlindTransferFailed", "AgentVteamTransferFailed"}},
    {Action::conference,
     "Conference",
     "CONFERENCE_CALL_FAILED",
     {"AgentConsultConferenced"},
     {"AgentConsultConferenceFailed"}},
    {Action::exit_conference,
     "ExitConference",
     "CONFERENCE_CALL_FAILED",
     {"ParticipantLeftConference"},
     {"ParticipantLeftConferenceFailed"}},
    {Action::conference_transfer,
     "ConferenceTransfer",
     "TRANSFER_CALL_FAILED",
     {"AgentConferenceTransferred"},
     {"AgentConferenceTransferFailed"}},
}};

template <std::size_t N>
bool names(const std::array<std::string_view, N>& types, std::string_view type) {
    return !type.empty() && std::find(types.begin(), types.end(), type) != types.end();
}

const ActionFacts& facts_of(Action action) { return facts[static_cast<std::size_t>(action)]; }

// The consult, transfer and conference requests' checks (contract of issue 21), `over` and
// `talking` as state_problem() reads them.
std::string consult_problem(Action action, const CallProgress& p, const ConsultState& c, bool over, bool talking) {
    if (over && action != Action::accept_consult) return "the call has already ended";
    switch (action) {
        // The consult leg first: Webex holds the customer during a consult, which is not the agent's hold.
        case Action::consult:
        case Action::transfer: {
            std::string_view verb = action == Action::consult ? "consult" : "transfer";
            if (p.consulted)
                return "this agent joined the call as a consult; only the call's owner can " + std::string(verb);
            if (!talking) return "the call is not connected yet";
            if (c.leg)
                return action == Action::consult ? "the call already has a consult; end it first (ConsultDrop)"
                                                 : "the call has a consult; transfer it with ConsultTransfer, "
                                                   "or end it first (ConsultDrop)";
            if (p.held) return "the call is on hold; resume it before you " + std::string(verb);
            return {};
        }
        case Action::accept_consult:
            if (!p.consulted || over) return "no consult is offered to this agent on this call";
            if (p.answered) return "the consult is already accepted";
            return {};
        case Action::consult_drop:
            if (!c.leg && !p.consulted) return "the call has no consult to end";
            return {};
        case Action::consult_transfer:
        case Action::conference:
            if (!c.leg) return "the call has no consult";
            if (!c.leg_answered) return "the consulted party has not answered yet (wait for eAgentConsulting)";
            return {};
        case Action::exit_conference:
        case Action::conference_transfer:
            if (!c.in_conference) return "the call is not in a conference";
            return {};
        default: return {};
    }
}

}  // namespace

std::optional<std::string> text_member(const json& object, const char* name) {
    const json* value = workspace::message::find_key(object, name);
    if (value == nullptr || value->is_null()) return std::string();
    if (!value->is_string()) return std::nullopt;
    return value->get<std::string>();
}

const std::vector<std::string_view>& control_subtopics() {
    static const std::vector<std::string_view> all = {
        "Disconnect",     "SetHold",         "Resume",           "SetRetrieve", "WrapUpCall",     "ClearContact",
        "PauseRecording", "ResumeRecording", "CancelAutoWrapUp", "Consult",     "SetConsult",     "AcceptConsult",
        "ConsultDrop",    "ConsultTransfer", "Transfer",         "Conference",  "ExitConference", "ConferenceTransfer"};
    return all;
}

bool is_consult_action(Action action) { return action >= Action::consult; }

std::optional<Action> action_named(std::string_view subtopic) {
    if (iequals(subtopic, "SetRetrieve")) return Action::resume;
    if (iequals(subtopic, "SetConsult")) return Action::consult;
    // The auto wrap-up has no request, and the accept is a MakeCall: neither is a control subtopic.
    for (const auto& f : facts)
        if (iequals(subtopic, f.name) && f.action != Action::auto_wrap_up && f.action != Action::accept_preview)
            return f.action;
    return std::nullopt;
}

std::string_view request_name(Action action) { return facts_of(action).name; }
std::string_view error_type(Action action) { return facts_of(action).error_type; }

bool is_success_of(Action action, std::string_view type) { return names(facts_of(action).successes, type); }
bool is_failure_of(Action action, std::string_view type) { return names(facts_of(action).failures, type); }

bool done_by_call_end(Action action) {
    return action == Action::disconnect || action == Action::consult_drop || action == Action::exit_conference;
}

std::optional<Action> action_failed_by(std::string_view type) {
    for (const auto& f : facts)
        if (names(f.failures, type)) return f.action;  // a wrap-up failure answers WrapUpCall and ClearContact alike
    return std::nullopt;
}

std::string state_problem(Action action, const CallProgress& p, const ConsultState& consult) {
    bool over = p.ended || p.in_wrap_up || p.wrap_up_undecided || p.dropped || !p.failure_reason.empty();
    bool talking = p.answered && !over;
    if (is_consult_action(action)) return consult_problem(action, p, consult, over, talking);
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
        default: return {};  // the consult actions: consult_problem()
    }
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

// Where a Consult or a Transfer goes: data.to (or toAddress) and data.destinationType, both required
// strings; a dial number as MakeCall dials one. Why not, as text.
std::variant<client::TaskDestination, std::string> read_destination(const json& data, Action action) {
    using client::Destination;
    auto to = text_member(data, "to");
    if (to && to->empty()) to = text_member(data, "toAddress");
    auto type = text_member(data, "destinationType");
    if (!to || !type) return "\"data.to\" and \"data.destinationType\" must be strings";
    if (to->empty() || type->empty())
        return "\"data.to\" and \"data.destinationType\" are required, e.g. {\"to\": \"<agent id>\", "
               "\"destinationType\": \"agent\"}";
    client::TaskDestination destination{*to, Destination::agent};
    auto named = [&](Destination candidate) { return iequals(*type, client::destination_type_name(candidate)); };
    if (named(Destination::queue)) destination.type = Destination::queue;
    else if (named(Destination::dial_number)) destination.type = Destination::dial_number;
    else if (named(Destination::entry_point)) destination.type = Destination::entry_point;
    else if (!named(Destination::agent))
        return "\"data.destinationType\" must be \"agent\", \"queue\", \"dialNumber\" or \"entryPoint\"";
    if (action == Action::transfer && destination.type == Destination::entry_point)
        return "entry points are for consults only; transfer to an agent, a queue or a dial number";
    if (destination.type == Destination::dial_number) {
        auto number = normalize_number(*to);
        if (!number) return "cannot dial this number: " + number_problem(*to);
        destination.to = *number;
    }
    return destination;
}

ControlRequest read_control_request(std::string_view text, Action action) {
    auto fields = read_request_fields(text, R"({"callId": "..."})");
    ControlRequest request;
    request.request_id = fields.request_id;
    request.problem = fields.problem;
    bool needs_destination = action == Action::consult || action == Action::transfer;
    if (!fields.problem.empty() || (fields.data.is_null() && !needs_destination)) return request;
    if (fields.data.is_null()) fields.data = json::object();
    auto call_id = text_member(fields.data, "callId");
    auto code = text_member(fields.data, "wrapup");
    auto reason = text_member(fields.data, "customwrapup");
    if (!call_id) request.problem = "\"data.callId\" must be a string";
    else if (!code) request.problem = "\"data.wrapup\" must be the wrap-up code id as a string";
    else if (!reason) request.problem = "\"data.customwrapup\" must be a string";
    else request = {request.request_id, *call_id, *code, *reason, {}, {}};
    if (!request.problem.empty() || !needs_destination) return request;
    auto destination = read_destination(fields.data, action);
    if (auto* problem = std::get_if<std::string>(&destination)) request.problem = std::move(*problem);
    else request.destination = std::get<client::TaskDestination>(destination);
    return request;
}

client::ApiRequest wrap_up_request(const std::string& interaction_id, const client::NamedItem& code,
                                   std::string_view custom_text) {
    std::string reason(!custom_text.empty() ? custom_text : !code.name.empty() ? code.name : code.id);
    return client::wrapup_task(interaction_id, reason, code.id);
}

}  // namespace webexcc::outbound
