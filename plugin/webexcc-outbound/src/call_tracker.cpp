#include "call_tracker.hpp"

#include "outbound_messages.hpp"
#include "phone_number.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>

namespace webexcc::outbound {

using nlohmann::json;
using workspace::message::find_key;

namespace {

Outgoing call_message(std::string text) { return {std::string(call_topic), std::string(call_subtopic), std::move(text)}; }


}  // namespace

CallTracker::MakeCallDecision CallTracker::make_call(std::string_view request_text, bool connected) {
    MakeCallDecision decision;
    auto reject = [&](std::string_view code, const std::string& message, std::string_view request_id) {
        decision.messages.push_back(call_message(make_call_error(code, message, request_id)));
        return decision;
    };

    json request = json::parse(request_text, nullptr, false);
    if (!request.is_object()) return reject("INVALID_REQUEST", "the MakeCall message is not a JSON object", "");
    std::string request_id;
    if (const json* id = find_key(request, "requestId")) {
        if (!id->is_string()) return reject("INVALID_REQUEST", "\"requestId\" must be a string", "");
        request_id = id->get<std::string>();
    }
    const json* data = find_key(request, "data");
    std::string typed;
    if (data != nullptr && data->is_string()) typed = data->get<std::string>();
    else if (data != nullptr && data->is_number_unsigned()) typed = std::to_string(data->get<std::uint64_t>());
    else return reject("INVALID_REQUEST", "\"data\" must be the customer's number as a string", request_id);

    auto number = normalize_number(typed);
    if (!number) return reject("INVALID_NUMBER", "cannot dial this number: " + number_problem(typed), request_id);
    if (!connected) return reject("NOT_CONNECTED", "not connected to Webex Contact Center; try again shortly", request_id);
    if (!ready())
        return reject("AGENT_NOT_READY",
                      "the agent must be Ready to make a call (current state: " +
                          (agent_state_.empty() ? std::string("unknown") : agent_state_) + ")",
                      request_id);
    if (pending_) return reject("CALL_IN_PROGRESS", "a call is already being placed; wait for its offer", request_id);

    pending_ = Pending{++attempts_, *number, request_id};
    decision.attempt = pending_->attempt;
    decision.number = *number;
    decision.outdial = client::OutdialRequest{settings_.entry_point_id, *number, settings_.outdial_ani};
    return decision;
}

Outgoing CallTracker::dropped_before_offer(const Pending& pending, const std::string& reason, const json& code,
                                           const std::string& message) {
    CallEvent event{dropped_event, "", "{}", nullptr, pending.number, settings_.outdial_ani, pending.request_id, reason, &code, message};
    return call_message(call_state_change(event));
}

std::vector<Outgoing> CallTracker::outdial_answered(std::uint64_t attempt, const client::ApiResponse& response) {
    if (response.ok() || !pending_ || pending_->attempt != attempt) return {};
    const auto& error = *response.error;
    auto reason = client::error_code(error);
    json code = error.reason_code.empty() ? (error.http_status ? json(error.http_status) : json())
                                          : json::parse(error.reason_code, nullptr, false);
    if (code.is_discarded()) code = error.reason_code;
    auto pending = *std::exchange(pending_, std::nullopt);
    return {dropped_before_offer(pending, reason, code, error.describe())};
}

std::vector<Outgoing> CallTracker::offer_timed_out(std::uint64_t attempt) {
    if (!pending_ || pending_->attempt != attempt) return {};
    auto pending = *std::exchange(pending_, std::nullopt);
    return {dropped_before_offer(pending, "timeout", json(),
                                 "no offer from Webex CC within " + std::to_string(settings_.offer_timeout.count()) + " ms")};
}

std::vector<Outgoing> CallTracker::notification(const client::Frame& frame) {
    std::vector<Outgoing> out;
    if (frame.repeat) return out;  // already handled when it first arrived
    const auto& type = frame.type;
    bool agent_notification = type == "AgentStateChange" || type == "StationLogin" || type == "AgentReloginSuccess";
    if (type != "Welcome" && type != "RoutingMessage" && !agent_notification) return out;

    auto read = read_snapshot(frame.text, agent_id_);
    if (!read) return out;  // not strict JSON: never spliced into a message (the channel logs it)
    const CallSnapshot& snapshot = *read;
    if (!snapshot.malformed.empty()) {
        rejected_.push_back("\"" + snapshot.malformed + "\" has the wrong type in a " + type + " (" +
                            std::to_string(frame.text.size()) + " bytes)");
        return out;
    }
    if (type == "Welcome") {
        agent_id_ = snapshot.agent_id;
        return out;
    }
    if (agent_notification) {
        agent_update(snapshot, out);
        if (type == "AgentReloginSuccess") reconcile(snapshot, frame.text, out);
        return out;
    }

    auto found = calls_.find(snapshot.interaction_id);
    if (found == calls_.end()) {
        // A late frame of a call already DROPPED (a redial to the same number can look just like it)
        // never starts or feeds another call.
        if (finished_.contains(snapshot.interaction_id)) return out;
        // Recognise our outdial precisely: the JS SDK takes the first offer of any kind.
        bool ours = pending_ && !snapshot.interaction_id.empty() && is_outdial_of(snapshot, agent_id_, pending_->number);
        // A failure that names no interaction details can only answer the outdial in flight.
        bool bare_failure = pending_ && snapshot.type == "AgentOutboundFailed" && snapshot.direction.empty();
        if (!ours && !bare_failure) return out;
        auto pending = *std::exchange(pending_, std::nullopt);
        found = calls_.emplace(snapshot.interaction_id, Call{snapshot.interaction_id, pending.number, pending.request_id, {}}).first;
    }
    auto events = map_notification(snapshot, found->second.progress);
    append_call_messages(found->second, events, frame.text, &snapshot, out);
    return out;
}

void CallTracker::append_call_messages(Call& call, const std::vector<std::string>& events, std::string_view text,
                                 const CallSnapshot* snapshot, std::vector<Outgoing>& out, std::string_view reason_message) {
    const auto& progress = call.progress;
    for (const auto& name : events) {
        bool with_reason = is_failure_event(name) || (name == dropped_event && !progress.failure_reason.empty());
        CallEvent event{name, call.id, text, snapshot, call.number, settings_.outdial_ani, call.request_id,
                        with_reason ? std::string_view(progress.failure_reason) : std::string_view(),
                        with_reason ? &progress.failure_code : nullptr, reason_message};
        out.push_back(call_message(call_state_change(event)));
    }
    if (progress.dropped) finish(call.id);
}

void CallTracker::finish(std::string id) {  // a copy: `id` may name the erased call
    calls_.erase(id);
    if (id.empty() || !finished_.insert(id).second) return;
    finished_order_.push_back(id);
    if (finished_order_.size() > remembered_finished_calls) {
        finished_.erase(finished_order_.front());
        finished_order_.pop_front();
    }
}

void CallTracker::agent_update(const CallSnapshot& agent, std::vector<Outgoing>& out) {
    if (agent.sub_status.empty()) return;
    if (agent_id_.empty()) agent_id_ = agent.agent_id;
    if (agent.sub_status == agent_state_ && agent.state_change_reason == agent_reason_) return;
    agent_state_ = agent.sub_status;
    agent_reason_ = agent.state_change_reason;
    out.push_back({std::string(agent_topic), std::string(agent_subtopic),
                   agent_state_change(agent_state_, agent_reason_, agent.aux_code_id)});
}

void CallTracker::reconcile(const CallSnapshot& relogin, std::string_view text, std::vector<Outgoing>& out) {
    // A call Webex no longer lists ended while the socket was down: finish it now.
    std::vector<std::string> ended;
    for (const auto& [id, call] : calls_) {
        const auto& listed = relogin.interaction_ids;
        if (!listed || std::find(listed->begin(), listed->end(), id) == listed->end()) ended.push_back(id);
    }
    for (const auto& id : ended) {
        Call& call = calls_.at(id);
        std::vector<std::string> events;
        if (call.progress.answered && !call.progress.ended) events.emplace_back("eAgentContactEnded");
        call.progress.dropped = true;
        if (call.progress.failure_reason.empty()) call.progress.failure_reason = "ENDED_WHILE_DISCONNECTED";
        events.emplace_back(dropped_event);
        append_call_messages(call, events, text, nullptr, out, "the call ended while the notification socket was down");
    }
}

std::vector<Outgoing> CallTracker::shutdown(std::string_view reason) {
    std::vector<Outgoing> out;
    if (pending_) out.push_back(dropped_before_offer(*std::exchange(pending_, std::nullopt), std::string(reason), json(),
                                                     "the plugin was deactivated"));
    while (!calls_.empty()) {
        Call& call = calls_.begin()->second;
        call.progress.dropped = true;
        if (call.progress.failure_reason.empty()) call.progress.failure_reason = std::string(reason);
        append_call_messages(call, {std::string(dropped_event)}, "{}", nullptr, out, "the plugin was deactivated");
    }
    return out;
}

}  // namespace webexcc::outbound
