#include "call_tracker.hpp"

#include "outbound_messages.hpp"
#include "phone_number.hpp"
#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>

namespace webexcc::outbound {

using nlohmann::json;
using workspace::message::find_key;

namespace {

std::string lower_case(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// A MakeCall that names no number: no data, an empty one, {} or {callId} (the reservation).
bool names_no_number(const json* data) {
    using workspace::message::iequals;
    if (data == nullptr || data->is_null()) return true;
    if (data->is_string()) return data->get_ref<const std::string&>().empty();
    return data->is_object() && std::all_of(data->items().begin(), data->items().end(),
                                            [](const auto& member) { return iequals(member.key(), "callId"); });
}

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
    if (names_no_number(data)) {
        auto call_id = data && data->is_object() ? text_member(*data, "callId") : std::string();
        if (call_id) return accept_preview(*call_id, request_id, connected);
        decision.messages.push_back(refusal({0, Action::accept_preview, {}, request_id}, "INVALID_REQUEST",
                                            "\"data.callId\" must be the reservation's id as a string"));
        return decision;
    }
    std::string typed;
    if (data != nullptr && data->is_number())  // a JSON number loses leading zeros and "+": never dialled
        return reject("INVALID_REQUEST",
                      "\"data\" is a JSON number; send the customer's number as a string, e.g. \"+14155550100\"",
                      request_id);
    auto target = read_dial_target(*data, profile_);
    if (!target.problem.empty()) return reject(target.problem_code, target.problem, request_id);
    typed = target.to_address;

    auto number = normalize_number(typed);
    if (!number) return reject("INVALID_NUMBER", "cannot dial this number: " + number_problem(typed), request_id);
    if (!connected)
        return reject("NOT_CONNECTED", "not connected to Webex Contact Center; try again shortly", request_id);
    if (!ready())
        return reject("AGENT_NOT_READY",
                      "the agent must be Ready to make a call (current state: " +
                          (agent_state_.empty() ? std::string("unknown") : agent_state_) + ")",
                      request_id);
    if (pending_) return reject("CALL_IN_PROGRESS", "a call is already being placed; wait for its offer", request_id);
    auto origin = outdial_origin(settings_.entry_point_id, settings_.outdial_ani, target.ani, profile_);
    if (!origin.problem.empty()) return reject(origin.problem_code, origin.problem, request_id);

    pending_ = Pending{++attempts_, *number, request_id, origin.ani};
    decision.attempt = pending_->attempt;
    decision.number = *number;
    decision.outdial = client::OutdialRequest{origin.entry_point_id, *number, pending_->ani};
    return decision;
}

Outgoing CallTracker::dropped_before_offer(const Pending& pending, const std::string& reason, const json& code,
                                           const std::string& message) {
    CallEvent event{dropped_event,      "",     "{}",  nullptr, pending.number, pending.ani,
                    pending.request_id, reason, &code, message};
    return call_message(call_state_change(event));
}

CallTracker::Call* CallTracker::find_call(const std::string& id) {
    if (id.empty()) return unnamed_ ? &*unnamed_ : nullptr;
    auto found = calls_.find(id);
    return found == calls_.end() ? nullptr : &found->second;
}

// The outdial in flight, when this notification answers it.
CallTracker::Call* CallTracker::follow_outdial(const Notification& n) {
    const auto& type = n.type;
    const auto& id = n.interaction.id;
    // Recognise our outdial precisely: the JS SDK takes the first offer of any kind.
    bool may_answer_outdial = starts_call(type) || type == "AgentContactReserved" || type == "AgentOutboundFailed";
    bool ours = pending_ && may_answer_outdial && !id.empty() && is_outdial_of(n, agent_id_, pending_->number);
    // A failure that names no interaction details can only answer the outdial in flight.
    bool bare_failure = pending_ && type == "AgentOutboundFailed" && n.interaction.direction.empty();
    if (!ours && !bare_failure) return nullptr;
    auto pending = *std::exchange(pending_, std::nullopt);
    Call call;
    call.id = id;
    call.to = pending.number;
    call.from = pending.ani;
    call.request_id = pending.request_id;
    call.outbound_type = "manualdial";
    if (id.empty()) return &unnamed_.emplace(std::move(call));
    return &calls_.emplace(id, std::move(call)).first->second;
}

CallTracker::Call* CallTracker::follow(const Notification& n) {
    using workspace::message::iequals;
    if (auto* outdial = follow_outdial(n)) return outdial;
    const auto& type = n.type;
    const auto& s = n.interaction;
    if (auto* moved = follow_reservation(n)) return moved;
    if (!starts_call(type) || s.id.empty()) return nullptr;
    Call call;
    call.id = s.id;
    if (iequals(s.direction, "INBOUND")) {
        call.kind = CallKind::inbound;
        call.from = s.ani;
        call.to = s.dnis;
    } else if (iequals(s.direction, "OUTBOUND") || !s.outbound_type.empty() ||
               type == "AgentOfferCampaignReservation") {
        // Not our outdial: a campaign call (or one dialled from another desktop). Its kind is read
        // from the notification, never guessed; a reservation is a preview campaign's by definition.
        call.kind = CallKind::campaign;
        call.outbound_type = lower_case(
            s.outbound_type.empty() && type == "AgentOfferCampaignReservation" ? "preview" : s.outbound_type);
        call.to = s.dnis.empty() ? s.customer_number : s.dnis;
        call.from = s.ani;
    } else {
        return nullptr;  // no direction and no outbound type: nothing says what this call is
    }
    call.progress.consulted = type == "AgentOfferConsult";
    call.campaign_id = s.campaign_id;
    if (type == "AgentOfferCampaignReservation")
        timers_.push_back({s.id, TimerKind::reservation_expiry, settings_.reservation_timeout});
    return &calls_.emplace(s.id, std::move(call)).first->second;
}

std::vector<Outgoing> CallTracker::outdial_answered(std::uint64_t attempt, const client::ApiResponse& response) {
    if (response.ok() || !pending_ || pending_->attempt != attempt) return {};
    const auto& error = *response.error;
    json code = response.reason_code.empty() ? (response.status ? json(response.status) : json())
                                             : json::parse(response.reason_code, nullptr, false);
    if (code.is_discarded()) code = response.reason_code;
    auto pending = *std::exchange(pending_, std::nullopt);
    return {dropped_before_offer(pending, error.code, code, error.message)};
}

std::vector<Outgoing> CallTracker::offer_timed_out(std::uint64_t attempt) {
    if (!pending_ || pending_->attempt != attempt) return {};
    auto pending = *std::exchange(pending_, std::nullopt);
    return {dropped_before_offer(
        pending, "timeout", json(),
        "no offer from Webex CC within " + std::to_string(settings_.offer_timeout.count()) + " ms")};
}

std::vector<Outgoing> CallTracker::notification(const client::Frame& frame) {
    std::vector<Outgoing> out;
    if (frame.repeat) return out;  // already handled when it first arrived
    const auto& type = frame.type;
    bool agent_notification = type == "AgentStateChange" || type == "StationLogin" || type == "Logout" ||
                              type == "AgentReloginSuccess" || type == "AgentReloginFailed";
    if (type != "Welcome" && type != "RoutingMessage" && !agent_notification) return out;

    const Notification& n = frame.notification;
    if (!n.malformed.empty()) {
        rejected_.push_back("\"" + n.malformed + "\" has the wrong type in a " + type + " (" +
                            std::to_string(frame.text.size()) + " bytes)");
        return out;
    }
    if (type == "Welcome") {
        agent_id_ = n.agent.agent_id;
        return out;
    }
    if (agent_notification) {
        agent_update(n.agent, out);
        station_notification(n, out);
        if (type == "AgentReloginSuccess") reconcile(n.agent, frame.text, out);
        return out;
    }

    // A ...Failed that answers a request of ours is that request's error. A consult, transfer or
    // conference failure that answers none (a consult the other party declined after the leg was
    // created) is its call's to map; any other failure answering none was another desktop's.
    // AgentContactAssignFailed answers the AcceptConsult of the call it names, and ends that call.
    if (n.type == offer_refused_type) {
        if (!n.interaction.id.empty()) action_failed(n, out);
    } else if (action_failed_by(n.type) || client::is_failure(n.step)) {
        if (action_failed(n, out) || !client::is_failure(n.step) || n.interaction.id.empty()) return out;
    }
    Call* call = find_call(n.interaction.id);
    // A late frame of a call already DROPPED (a redial to the same number can look just like it)
    // never starts or feeds another call.
    if (call == nullptr && !finished_.contains(n.interaction.id)) call = follow(n);
    if (call != nullptr) call_notification(*call, n, frame.text, out);
    return out;
}

void CallTracker::call_notification(Call& call, const Notification& n, std::string_view text,
                                    std::vector<Outgoing>& out) {
    const auto& s = n.interaction;
    auto events = map_notification(n, agent_id_, call.progress);
    if (!s.state.empty()) call.call_state = s.state;
    if (!s.media_resource_id.empty()) call.hold_media = s.media_resource_id;
    if (!s.main_media_resource_id.empty()) call.unhold_media = s.main_media_resource_id;
    std::erase_if(actions_,
                  [&](const PendingAction& a) { return a.call_id == call.id && is_success_of(a.action, n.type); });
    if (call.progress.wrap_up_undecided && !call.grace_armed) {
        call.grace_armed = true;
        timers_.push_back({call.id, TimerKind::wrap_up_grace, settings_.wrap_up_grace});
    }
    // A leg's events follow its call's (a CRM never hears of a leg's step before its call's), but a
    // leg ends before its call: with the call's DROPPED, they go first.
    std::vector<Outgoing> leg_events;
    leg_notification(call, n, text, leg_events);
    bool legs_first = call.progress.dropped;
    auto add_legs = [&] {
        out.insert(out.end(), std::make_move_iterator(leg_events.begin()), std::make_move_iterator(leg_events.end()));
    };
    if (legs_first) add_legs();
    append_call_messages(call, events, text, &n, out);  // may finish `call`
    if (!legs_first) add_legs();
}

void CallTracker::append_call_messages(Call& call, const std::vector<std::string>& events, std::string_view text,
                                       const Notification* notification, std::vector<Outgoing>& out,
                                       std::string_view reason_message) {
    const auto& progress = call.progress;
    bool inbound = call.kind == CallKind::inbound;
    for (const auto& name : events) {
        bool with_reason = is_failure_event(name) || (name == dropped_event && !progress.failure_reason.empty());
        std::int64_t auto_wrap_up_at = name == "acw" ? arm_auto_wrap_up(call) : 0;
        std::string_view event = inbound ? inbound_event_name(name) : std::string_view(name);
        if (name == dropped_event) {
            drop_leg(call, text, notification, out, reason_message);
            answer_unanswered(call, out);
        }
        out.push_back(event_message(call, event, text, notification, call.request_id, with_reason, reason_message,
                                    auto_wrap_up_at));
        call.last_event = event;
    }
    if (progress.dropped) finish(call.id);
}

Outgoing CallTracker::event_message(const Call& call, std::string_view event, std::string_view text,
                                    const Notification* notification, std::string_view request_id, bool with_reason,
                                    std::string_view reason_message, std::int64_t auto_wrap_up_at) const {
    const auto& progress = call.progress;
    bool inbound = call.kind == CallKind::inbound;
    CallEvent message{event,
                      shown_id(call),
                      text,
                      notification,
                      call.to,
                      call.from,
                      request_id,
                      with_reason ? std::string_view(progress.failure_reason) : std::string_view(),
                      with_reason ? &progress.failure_code : nullptr,
                      reason_message,
                      call.outbound_type,
                      inbound,
                      auto_wrap_up_at};
    auto published = call_state_change(message);
    if (inbound) return {std::string(inbound_topic), std::string(inbound_subtopic), std::move(published)};
    return call_message(std::move(published));
}

void CallTracker::finish(std::string id) {  // a copy: `id` may name the erased call
    if (id.empty()) unnamed_.reset();
    else calls_.erase(id);
    finish_quietly(id);
}

void CallTracker::finish_quietly(const std::string& id) {
    if (id.empty() || !finished_.insert(id).second) return;
    finished_order_.push_back(id);
    if (finished_order_.size() > remembered_finished_calls) {
        finished_.erase(finished_order_.front());
        finished_order_.pop_front();
    }
}

AgentStateDecision CallTracker::agent_state_request(AgentStateChange change, std::string_view request_text,
                                                    bool connected) const {
    return decide_agent_state(change, request_text, connected, settings_.not_ready_aux_code_id, agent_id_,
                              profile_ ? &*profile_ : nullptr);
}

std::vector<Outgoing> CallTracker::agent_state_answered(AgentStateChange change, std::string_view request_id,
                                                        const client::ApiResponse& response) const {
    if (response.ok()) return {};
    return {agent_state_refused(change, request_id, *response.error)};
}

std::vector<Outgoing> CallTracker::state_sync(std::string_view request_text) const {
    auto request = json::parse(request_text, nullptr, false);
    if (!request.is_object() || find_key(request, "message") != nullptr) return {};  // an answer, not a request
    std::string request_id;
    if (const json* id = find_key(request, "requestId"); id && id->is_string()) request_id = id->get<std::string>();
    std::vector<CallSummary> calls;
    for (const auto& [id, call] : calls_) {
        bool inbound = call.kind == CallKind::inbound;
        calls.push_back(
            {shown_id(call), call.last_event, call.call_state, call.outbound_type, inbound ? "Inbound" : "OUTBOUND"});
        list_leg(call, calls);
    }
    return {{std::string(app_topic), std::string(state_sync_subtopic),
             outbound::state_sync(agent_view(), calls, request_id)}};
}

CallTracker::ControlDecision CallTracker::timer_expired(const std::string& call_id, TimerKind kind) {
    ControlDecision decision;
    Call* found = find_call(call_id);
    if (found == nullptr) return decision;
    Call& call = *found;
    auto& out = decision.messages;
    if (kind == TimerKind::auto_wrap_up) return auto_wrap_up_due(call);
    if (kind == TimerKind::wrap_up_grace) {
        append_call_messages(call, wrap_up_grace_expired(call.progress), "{}", nullptr, out,
                             "the call ended and no wrap-up followed");
    } else {
        reservation_expired(call, out);
    }
    return decision;
}

// An AgentStateChange when the state or the station changed (AgentReloginFailed: the agent is in
// no station, which the CRM shows as logged out).
void CallTracker::agent_update(const client::AgentSession& agent, std::vector<Outgoing>& out) {
    bool station_changed = take_station(agent) || (agent.logged_in.has_value() && agent.logged_in != logged_in_);
    if (agent.logged_in) logged_in_ = agent.logged_in;
    // Another idle code is a change too: the CRM shows the code's name.
    bool state_changed =
        !agent.sub_status.empty() && (agent.sub_status != agent_state_ || agent.state_change_reason != agent_reason_ ||
                                      agent.aux_code_id != agent_aux_code_);
    if (!agent.sub_status.empty() && agent_id_.empty()) agent_id_ = agent.agent_id;
    if (state_changed) {
        agent_state_ = agent.sub_status;
        agent_reason_ = agent.state_change_reason;
        agent_aux_code_ = agent.aux_code_id;
    }
    if (state_changed || station_changed)
        out.push_back({std::string(agent_topic), std::string(agent_subtopic), agent_state_change(agent_view())});
}

std::vector<CallTracker::Call*> CallTracker::all_calls() {
    std::vector<Call*> all;
    if (unnamed_) all.push_back(&*unnamed_);
    for (auto& [id, call] : calls_) all.push_back(&call);
    return all;
}

void CallTracker::reconcile(const client::AgentSession& relogin, std::string_view text, std::vector<Outgoing>& out) {
    // A call Webex no longer lists ended while the socket was down: finish it now.
    const auto& listed = relogin.interaction_ids;
    for (Call* call : all_calls()) {
        if (listed && std::find(listed->begin(), listed->end(), call->id) != listed->end()) continue;
        std::vector<std::string> events;
        if (call->progress.answered && !call->progress.ended) events.emplace_back("eAgentContactEnded");
        call->progress.dropped = true;
        if (call->progress.failure_reason.empty()) call->progress.failure_reason = "ENDED_WHILE_DISCONNECTED";
        events.emplace_back(dropped_event);
        append_call_messages(*call, events, text, nullptr, out,
                             "the call ended while the notification socket was down");
    }
}

std::vector<Outgoing> CallTracker::shutdown(std::string_view reason) {
    std::vector<Outgoing> out;
    if (pending_)
        out.push_back(dropped_before_offer(*std::exchange(pending_, std::nullopt), std::string(reason), json(),
                                           "the plugin was deactivated"));
    for (Call* call : all_calls()) {
        call->progress.dropped = true;
        if (call->progress.failure_reason.empty()) call->progress.failure_reason = std::string(reason);
        append_call_messages(*call, {std::string(dropped_event)}, "{}", nullptr, out, "the plugin was deactivated");
    }
    return out;
}

}  // namespace webexcc::outbound
