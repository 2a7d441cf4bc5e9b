#pragma once
// The state of the agent and of its calls (its own outdials, campaign and inbound calls): decides
// what a MakeCall, a call-control or an agent-state request does and which messages each
// notification produces.
// No I/O and no clock: the plugin feeds it requests, REST answers, frames and expired timers, arms
// the timers it asks for, and publishes what it returns. Tested directly.

#include "agent_session.hpp"
#include "agent_state.hpp"
#include "call_control.hpp"
#include "notification_mapper.hpp"
#include "outbound_messages.hpp"
#include "plugin_config.hpp"
#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/notification.hpp"
#include "webexcc/client/requests.hpp"
#include "webexcc/client/rest_client.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace webexcc::outbound {

// A timer the tracker asks the plugin to arm; when it expires the plugin calls timer_expired().
enum class TimerKind {
    wrap_up_grace,       // an ended call that did not say whether wrap-up follows
    reservation_expiry,  // a preview reservation not yet followed by its call
    auto_wrap_up,        // the profile's auto wrap-up time for a call in wrap-up
};
struct TimerRequest {
    std::string call_id;
    TimerKind kind;
    std::chrono::milliseconds after;
    bool cancel = false;  // stop the armed timers of this call and kind instead (`after` unused)
};

// The wall clock the auto wrap-up's time (autoWrapUpAt, epoch ms) is told in; tests give a fake one.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

// How the plugin came to follow a call.
enum class CallKind { manual, campaign, inbound };

class CallTracker {
public:
    explicit CallTracker(const PluginSettings& settings) : settings_(settings) {}

    struct MakeCallDecision {
        std::vector<Outgoing> messages;                 // a rejection, when rejected
        std::optional<client::OutdialRequest> outdial;  // set when accepted: POST it
        std::uint64_t attempt = 0;                      // identifies the accepted request
        std::string number;                             // normalized, for logs
        // A MakeCall with no number accepts the preview reservation offered: send this instead,
        // and give its answer to control_answered(action_id).
        std::optional<client::ApiRequest> accept;
        std::uint64_t action_id = 0;
    };
    // A MakeCall bus message (its JSON text). `connected`: the notification socket is up.
    MakeCallDecision make_call(std::string_view request_text, bool connected);

    // The answer to the outdial POST of `attempt`.
    std::vector<Outgoing> outdial_answered(std::uint64_t attempt, const client::ApiResponse& response);
    // No offer for `attempt` in time.
    std::vector<Outgoing> offer_timed_out(std::uint64_t attempt);
    // A notification frame, as the client read it (agent state and call events).
    std::vector<Outgoing> notification(const client::Frame& frame);
    // The plugin stops: DROPPED for every call not yet over.
    std::vector<Outgoing> shutdown(std::string_view reason);

    struct ControlDecision {
        std::vector<Outgoing> messages;             // a refusal, when refused
        std::optional<client::ApiRequest> request;  // set when accepted: send it
        std::uint64_t action_id = 0;                // identifies the accepted request
    };
    // A call-control request (`action`, from its subtopic) as JSON text. Checked against what the
    // tracker knows; nothing is sent for a refused one.
    ControlDecision control(Action action, std::string_view request_text, bool connected);
    // The REST answer to the request of `action_id`: an error message when Webex refused it.
    std::vector<Outgoing> control_answered(std::uint64_t action_id, const client::ApiResponse& response);

    // A SetReadyState / SetNotReadyState request (JSON text): the change to send, or a refusal.
    AgentStateDecision agent_state_request(AgentStateChange change, std::string_view request_text,
                                           bool connected) const;
    // Webex's answer to an accepted one: its refusal, when refused (success is the
    // AgentStateChange notification).
    std::vector<Outgoing> agent_state_answered(AgentStateChange change, std::string_view request_id,
                                               const client::ApiResponse& response) const;

    // The answer to a StateSync request; nothing for a StateSync answer (ours or another's).
    std::vector<Outgoing> state_sync(std::string_view request_text) const;

    // The agent's session beside other clients (call_tracker_session.cpp). Another client took it:
    // SessionTakenOver and AgentStateChange, once (nothing when it is taken already). The
    // notification socket connected: AgentStateChange with session "active" when it was taken.
    std::vector<Outgoing> session_taken_over(std::string_view reason);
    std::vector<Outgoing> session_connected();
    struct TakeOverDecision {
        std::vector<Outgoing> messages;  // the answer when there is nothing to take back
        bool take_over = false;          // subscribe again; the answer is session_connected()'s
        std::string request_id;          // echoed if taking it back fails
    };
    // A TakeOverSession request (JSON text). When the session is not taken over, the answer is
    // the current AgentStateChange (asking twice is not an error).
    TakeOverDecision take_over_request(std::string_view request_text) const;
    // Taking it back failed: the request's one answer, SESSION_FAILED.
    Outgoing take_over_failed(std::string_view request_id, const workspace::Problem& problem) const;
    Session session() const { return session_; }

    // Timers asked for (or to cancel) since the last call, in order; and one of them expiring: the
    // messages it causes, and for the auto wrap-up the wrap-up to send (its answer goes to
    // control_answered(action_id)). An expiry the tracker no longer wants changes nothing.
    std::vector<TimerRequest> take_timers() { return std::exchange(timers_, {}); }
    ControlDecision timer_expired(const std::string& call_id, TimerKind kind);

    // The profile's auto wrap-up (call_tracker_wrap_up.cpp) needs the wall clock: none without it.
    void set_wall_clock(WallClock clock) { clock_ = std::move(clock); }

    // Why frames were skipped as malformed since the last call, oldest first; the plugin logs
    // each and asks Webex for the state again (a skipped frame may have ended a call).
    std::vector<std::string> take_rejections() { return std::exchange(rejected_, {}); }

    // The agent's profile (webexcc/client/agent_profile.hpp: codes with names, outdial ANIs, dial
    // plans, auto wrap-up): the plugin reads it when it connects and hands it here; nullopt until then.
    void set_profile(client::AgentProfile profile) { profile_ = std::move(profile); }
    const std::optional<client::AgentProfile>& profile() const { return profile_; }

    // StationLogin / StationLogout (call_tracker_station.cpp), checked against the profile and the
    // calls followed; then Webex's answer to an accepted one (`attempt`): its refusal when refused
    // (success is the AgentStateChange its notification brings, or the ...Failed notification's
    // refusal). No notification within stationAnswerTimeoutMs: refused with TIMEOUT, and a late
    // notification only updates the agent's state (one answer per request).
    SessionDecision station_request(std::string_view subtopic, std::string_view request_text, bool connected);
    std::vector<Outgoing> station_answered(std::uint64_t attempt, const client::ApiResponse& response);
    std::vector<Outgoing> station_timed_out(std::uint64_t attempt);

    bool placing() const { return pending_.has_value(); }
    std::size_t open_calls() const { return calls_.size() + (unnamed_ ? 1 : 0); }
    bool ready() const { return agent_state_ == "Available" && logged_in_ != false; }
    const std::string& agent_state() const { return agent_state_; }

private:
    struct Pending {
        std::uint64_t attempt;
        std::string number;
        std::string request_id;
        std::string ani;  // the outdial ANI sent as origin
    };
    // The consult leg of a call, from the Consult request sent to Webex until the leg
    // ends, merges into a conference or is transferred. The CRM knows it by `id`; Webex by the
    // call's interaction id (every consult notification names the main call's).
    struct ConsultLeg {
        std::string id;              // "<the call's shown id>-consult-<n>", n counting from 1
        client::TaskDestination to;  // the request's; a notification's destAgentId refines it
        // Where the consult was asked to go, as the leg's events say (toAddress, destinationType):
        // `to` before a queue's consult became the agent who took it. Set with the leg's first event.
        client::TaskDestination shown;
        std::string request_id;  // the Consult request's, echoed on the leg's events
        bool created = false;    // AgentConsultCreated came: the leg's first event is out
        bool answered = false;   // AgentConsulting: the other party is on the leg
        std::string last_event;  // the last event published on the leg; with its DROPPED the leg is forgotten
    };
    struct Call {
        std::string id;  // the interaction id Webex knows the call by now
        // The id the CRM knows it by, when not `id`: a preview reservation's call comes under a new
        // interaction id, and the CRM keeps following the reservation's (one call, one DROPPED).
        std::string shown_id;
        std::string campaign_id;  // a preview reservation's campaign name, for its accept
        CallKind kind = CallKind::manual;
        std::string to;             // toAddress when a notification lacks it (the number dialled)
        std::string from;           // fromAddress when a notification lacks it
        std::string request_id;     // the MakeCall's, echoed
        std::string outbound_type;  // ResponseFields.OutBoundType
        std::string call_state;     // the last interaction.state seen
        std::string last_event;     // the last event published
        std::string hold_media;     // mediaResourceId for hold
        std::string unhold_media;   // the main call's mediaResourceId, for unhold
        bool grace_armed = false;
        std::int64_t auto_wrap_up_at = 0;  // epoch ms while the auto wrap-up is armed; 0 otherwise
        CallProgress progress;
        // This agent's consult on the call (issue 21): Webex keeps one interaction, the consult is a
        // second media leg of it; the CRM follows the leg as a call of its own (ConsultLeg).
        std::optional<ConsultLeg> consult;
        int consults_started = 0;    // numbers the legs: "<shown id>-consult-<n>"
        bool in_conference = false;  // AgentConsultConferenced until the conference ends or is left
    };
    // A call-control request sent to Webex and not yet answered by a notification.
    struct PendingAction {
        std::uint64_t id;
        Action action;
        std::string call_id;
        std::string request_id;
        std::string named_leg{};  // the consult leg the request named its call by: the answer names it too
    };

    // The call followed under `id`: the unnamed one for "", null when none.
    Call* find_call(const std::string& id);
    // The call the CRM names `id`: by the id it was shown, else by Webex's.
    Call* shown_call(const std::string& id);
    static const std::string& shown_id(const Call& call) { return call.shown_id.empty() ? call.id : call.shown_id; }
    // Starts the call's next consult leg, to `to` (its id counts the call's legs from 1).
    static void start_leg(Call& call, client::TaskDestination to, std::string request_id = {});
    // A MakeCall with no number: the accept of the reservation it names, or of the one offered.
    MakeCallDecision accept_preview(const std::string& call_id, const std::string& request_id, bool connected);
    // A preview reservation's call arriving under a new id that names it: the reservation, moved.
    Call* follow_reservation(const Notification& notification);
    // The reservation's expiry: stopped while its accept is under way (or done), armed afresh when
    // Webex refuses the accept, and what it does when it runs out.
    void accept_refused(const PendingAction& accept);
    void reservation_expired(Call& call, std::vector<Outgoing>& out);
    // Arms the auto wrap-up of `call`, which just entered wrap-up; its time, 0 when not armed.
    std::int64_t arm_auto_wrap_up(Call& call);
    ControlDecision auto_wrap_up_due(Call& call);
    // CancelAutoWrapUp, accepted: the timer is forgotten and the CRM told.
    void cancel_auto_wrap_up(Call& call, std::vector<Outgoing>& out);
    workspace::Result<client::ApiRequest> wrap_up_for(Action action, const ControlRequest& request, Call& call);
    // Every call followed, the unnamed one first.
    std::vector<Call*> all_calls();
    // The call a notification about an interaction not yet followed starts, if it starts one.
    Call* follow(const Notification& notification);
    Call* follow_outdial(const Notification& notification);
    void call_notification(Call& call, const Notification& notification, std::string_view text,
                           std::vector<Outgoing>& out);
    // The consult leg's events (call_tracker_legs.cpp): what a consult, transfer or conference
    // notification does to the call's leg and conference; the leg's first event; its DROPPED before
    // its call's; its messages; its entry in StateSync.
    void leg_notification(Call& call, const Notification& notification, std::string_view text,
                          std::vector<Outgoing>& out);
    void show_leg(Call& call, const Notification& notification, std::string_view text, std::vector<Outgoing>& out);
    void drop_leg(Call& call, std::string_view text, const Notification* notification, std::vector<Outgoing>& out,
                  std::string_view reason_message);
    void publish_leg(Call& call, std::string_view event, std::string_view text, const Notification* notification,
                     std::vector<Outgoing>& out, std::string_view reason = {},
                     const nlohmann::json& reason_code = nullptr, std::string_view reason_message = {});
    void list_leg(const Call& call, std::vector<CallSummary>& calls) const;
    // The call a control request names (or the one call, when it names none); a refusal otherwise.
    std::variant<Call*, Outgoing> control_target(Action action, const ControlRequest& request);
    // A ...Failed answering a pending request of ours: its refusal; false when it answers none.
    bool action_failed(const Notification& failure, std::vector<Outgoing>& out);
    // The consult, transfer and conference requests (call_tracker_consult.cpp): the call whose consult
    // leg is `leg_id`; what a request sends (a Consult's leg starts here); a Consult refused before
    // its leg was created leaves nothing behind.
    Call* leg_owner(const std::string& leg_id);
    workspace::Result<client::ApiRequest> consult_request(Action action, const ControlRequest& request, Call& call);
    void consult_refused(const PendingAction& consult);
    Outgoing refusal(const PendingAction& action, std::string_view code, const std::string& message) const;
    void agent_update(const client::AgentSession& agent, std::vector<Outgoing>& out);
    AgentView agent_view() const;
    // The station and idle code name, for agent_view(); the station from a session notification
    // (true when it changed); the answer a StationLogin / Logout notification gives a request.
    void add_station(AgentView& view) const;
    bool take_station(const client::AgentSession& agent);
    void station_notification(const Notification& notification, std::vector<Outgoing>& out);
    void reconcile(const client::AgentSession& relogin, std::string_view text, std::vector<Outgoing>& out);
    // Appends the messages of `events` for `call` to `out`; a DROPPED finishes the call.
    void append_call_messages(Call& call, const std::vector<std::string>& events, std::string_view text,
                              const Notification* notification, std::vector<Outgoing>& out,
                              std::string_view reason_message = {});
    // The message of one event of `call`.
    Outgoing event_message(const Call& call, std::string_view event, std::string_view text,
                           const Notification* notification, std::string_view request_id, bool with_reason,
                           std::string_view reason_message, std::int64_t auto_wrap_up_at) const;
    // The call's requests still waiting for Webex: each answered CALL_ENDED, before its DROPPED.
    void answer_unanswered(const Call& call, std::vector<Outgoing>& out);
    void finish(std::string id);
    // Remembers `id` as over without publishing anything (a reservation renamed by its call).
    void finish_quietly(const std::string& id);
    Outgoing dropped_before_offer(const Pending& pending, const std::string& reason, const nlohmann::json& code,
                                  const std::string& message);

    const PluginSettings& settings_;
    WallClock clock_;
    std::optional<Pending> pending_;
    std::map<std::string, Call> calls_;  // by interaction id
    // A failed outdial Webex never named (a bare AgentOutboundFailed): no id finds or controls it,
    // yet it is the agent's call until its wrap-up is decided.
    std::optional<Call> unnamed_;
    // Interactions already DROPPED, newest last: their late frames are ignored. A few hundred
    // calls cover any reconnect replay many times over.
    static constexpr std::size_t remembered_finished_calls = 512;
    std::unordered_set<std::string> finished_;
    std::deque<std::string> finished_order_;
    std::uint64_t attempts_ = 0;
    std::vector<PendingAction> actions_;
    std::uint64_t action_ids_ = 0;
    std::vector<TimerRequest> timers_;
    std::string agent_id_;
    std::string agent_state_;
    std::string agent_reason_;
    std::string agent_aux_code_;
    Session session_ = Session::active;
    std::optional<bool> logged_in_;  // in a station, once a notification said
    std::vector<std::string> rejected_;
    std::optional<client::AgentProfile> profile_;
    struct Station {
        std::string team_id, login_option, dial_number;
    };
    Station station_;  // while logged in, as the last session notification said
    struct PendingStation {
        std::string subtopic, request_id;
        Station asked;  // a login's station, for what its notification does not say (deviceType)
        std::uint64_t attempt = 0;
    };
    std::uint64_t station_attempts_ = 0;
    std::optional<PendingStation> station_pending_;  // a StationLogin / Logout Webex has not answered
};

}  // namespace webexcc::outbound
