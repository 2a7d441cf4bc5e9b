// The events of consult, transfer and conference (issue 21), pure: this agent's consult leg followed
// as a call of its own ("<call>-consult-<n>", parentCallId, destinationType), the main call's end
// after a hand-over, the consulted agent's side, and StateSync's legs. The frames have the shapes
// wxcc-sim sends (test-servers/wxcc-sim/src/consult_frames.cpp, consult_routes.cpp, conference.cpp):
// every consult notification names the MAIN call's interaction. In every scenario each id the CRM
// saw ends in exactly one DROPPED, last, and no event of an id is published twice.

#include "call_control.hpp"
#include "tracker_fixture.hpp"

#include <map>

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;

namespace {

const std::string leg_id = call_id + "-consult-1";
const std::string customer = "+917702779401";
const std::string buddy = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01";  // the agent consulted
const std::string other_owner = "c0175017-0000-4000-8000-000000000001";
const std::string sales_queue = "5c3f2a10-queue-sales";

// Where the other party is in a frame: on the consult's media entry, in the main call (a
// conference, a transfer), or nowhere yet (a consult waiting in a queue, or gone).
enum class Party { on_leg, in_main_call, none };

// A frame about the agent's main call and its consult, as the simulator builds it: the main media
// held while the agent consults, the other party among the participants.
json consult(const std::string& type, const std::string& state, Party party = Party::on_leg,
             json extra = json::object()) {
    json n = routing(type,
                     {{"consultMediaResourceId", "m-consult"},
                      {"destAgentId", buddy},
                      {"destinationType", "agent"},
                      {"isConsulted", false}},
                     state);
    auto& interaction = n["data"]["interaction"];
    auto& main = interaction["media"][call_id];
    main["participants"] = {customer, agent};
    main["isHold"] = state == "consult" || state == "consulting" || state == "held";
    interaction["participants"][buddy] = {{"id", buddy}, {"pType", "Agent"}, {"type", "Agent"}, {"hasLeft", false}};
    if (party == Party::on_leg)
        interaction["media"]["m-consult"] = {
            {"mType", "consult"}, {"mediaResourceId", "m-consult"}, {"participants", {agent, buddy}}};
    if (party == Party::in_main_call) main["participants"].push_back(buddy);
    n["data"].update(extra);
    return n;
}

json with_reason(json n, const std::string& reason, int code) {
    n["data"]["reason"] = reason;
    n["data"]["reasonCode"] = code;
    return n;
}

// Everything published, by id, with what the checks read.
struct Seen {
    std::string id, parent, event, topic, request_id, to, destination_type, state, reason;
    json reason_code;
};

struct ConsultTracker : ReadyTracker {
    std::vector<Seen> seen;

    std::vector<std::string> take(const std::vector<Outgoing>& out) {
        std::vector<std::string> events;
        for (const auto& m : out) {
            auto message = json::parse(m.text)["message"];
            if (!message.contains("call")) {
                events.push_back(message.contains("error") ? "error:" + message["error"]["code"].get<std::string>()
                                                           : "agent");
                continue;
            }
            const auto& call = message["call"];
            Seen s{call["id"],
                   call.value("parentCallId", ""),
                   call["event"],
                   m.topic,
                   message.value("requestId", ""),
                   call["ResponseFields"]["toAddress"],
                   call.value("destinationType", ""),
                   call["ResponseFields"]["CallState"],
                   call.value("reason", ""),
                   call.value("reasonCode", json())};
            events.push_back((s.id == call_id ? "" : s.id == leg_id ? "leg:" : s.id + ":") + s.event);
            seen.push_back(std::move(s));
        }
        return events;
    }
    std::vector<std::string> feed(const json& n) { return take(tracker.notification(frame(n))); }
    CallTracker::ControlDecision ask(Action action, json data, const std::string& request_id = "") {
        return tracker.control(action, request(std::string(request_name(action)), std::move(data), request_id).dump(),
                               true);
    }
    std::string refused(Action action, json data = json::object()) {
        auto decision = ask(action, std::move(data));
        if (decision.request || decision.messages.size() != 1) return "accepted";
        return json::parse(decision.messages[0].text)["message"]["error"]["code"];
    }
    void answered_outdial() {
        dial();
        feed(routing("AgentOfferContact"));
        feed(routing("AgentContactAssigned", {}, "connected"));
    }
    // Consult `buddy`: the request, then the simulator's AgentConsultCreated and AgentConsulting.
    void consulting() {
        REQUIRE(ask(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}, "r-consult").request);
        REQUIRE(feed(consult("AgentConsultCreated", "consult")) ==
                std::vector<std::string>{"eAgentConsultCreated", "leg:eAgentConsultCreated"});
        REQUIRE(feed(consult("AgentConsulting", "consulting")) ==
                std::vector<std::string>{"eAgentConsulting", "leg:eAgentConsulting"});
    }
    // `unanswered`: requests Webex never answered, each answered CALL_ENDED before the DROPPED.
    void wrap_up_after_hand_over(int unanswered = 0) {
        CHECK(feed(routing("AgentWrapup", {{"agentsPendingWrapUp", {agent}}}, "wrapUp")) ==
              std::vector<std::string>{"acw"});
        std::vector<std::string> last(unanswered, "error:CALL_ENDED");
        last.emplace_back("DROPPED");
        CHECK(feed(routing("AgentWrappedUp", {}, "wrapUp")) == last);
    }
    // Every id seen ends in exactly one DROPPED, its last message, after at most one acw; a leg has
    // no event twice.
    void check_each_dropped_once() const {
        std::map<std::string, std::vector<std::string>> by_id;
        for (const auto& s : seen) by_id[s.id].push_back(s.event);
        CHECK_FALSE(by_id.empty());
        for (const auto& [id, events] : by_id) {
            INFO(id);
            CHECK(std::count(events.begin(), events.end(), "DROPPED") == 1);
            CHECK(events.back() == "DROPPED");
            CHECK(std::count(events.begin(), events.end(), "acw") <= 1);
            if (id == call_id) continue;  // a call may consult twice: its consult events come again
            for (const auto& event : events) CHECK(std::count(events.begin(), events.end(), event) == 1);
        }
    }
    std::vector<Seen> of(const std::string& id) const {
        std::vector<Seen> found;
        for (const auto& s : seen)
            if (s.id == id) found.push_back(s);
        return found;
    }
};

}  // namespace

TEST_CASE("A consult leg is a call of its own: created, answered, ended, each after its request") {
    ConsultTracker t;
    t.answered_outdial();
    t.consulting();
    auto leg = t.of(leg_id);
    REQUIRE(leg.size() == 2);
    for (const auto& s : leg) {
        CHECK(s.parent == call_id);
        CHECK(s.topic == "outbound");
        CHECK(s.destination_type == "agent");
        CHECK(s.to == buddy);
        CHECK(s.request_id == "r-consult");
    }
    CHECK(leg[0].state == "consult");
    CHECK(leg[1].state == "consulting");
    CHECK(t.of(call_id).back().parent.empty());  // the main call's own messages have no parent
    CHECK(t.of(call_id).back().destination_type.empty());
    // Webex holds the customer during the consult: a hold is refused, a second consult too.
    CHECK(t.refused(Action::hold) == "INVALID_STATE");
    CHECK(t.refused(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}) == "INVALID_STATE");

    auto sync = json::parse(t.tracker.state_sync(R"({"requestId":"s"})")[0].text)["message"]["calls"];
    REQUIRE(sync.size() == 2);
    CHECK(sync[0]["id"] == call_id);
    CHECK_FALSE(sync[0].contains("parentCallId"));
    CHECK(sync[1] == json{{"id", leg_id},
                          {"event", "eAgentConsulting"},
                          {"CallState", "consulting"},
                          {"OutBoundType", "manualdial"},
                          {"CallType", "OUTBOUND"},
                          {"parentCallId", call_id},
                          {"destinationType", "agent"}});

    CHECK(t.feed(consult("AgentConsultEnded", "held", Party::none)) ==
          std::vector<std::string>{"eAgentConsultEnded", "leg:eAgentConsultEnded", "leg:DROPPED"});
    CHECK(json::parse(t.tracker.state_sync("{}")[0].text)["message"]["calls"].size() == 1);
    // The customer is still held after the consult, as Webex says: resume is what the agent can do.
    CHECK(t.refused(Action::hold) == "INVALID_STATE");
    CHECK(t.ask(Action::resume, json::object()).request);
    CHECK(t.feed(routing("AgentWrapup", {{"agentsPendingWrapUp", {agent}}}, "wrapUp")) ==
          std::vector<std::string>{"eAgentContactEnded", "acw"});
    // The call ended before Webex answered the Resume: that is the Resume's one answer.
    CHECK(t.feed(routing("AgentWrappedUp", {}, "wrapUp")) == std::vector<std::string>{"error:CALL_ENDED", "DROPPED"});
    t.check_each_dropped_once();
}

TEST_CASE("A consult declined ends its leg with Webex's reason, both ways the simulator plays it") {
    for (std::string refusal : {"AgentConsultFailed", "AgentConsultEnded"}) {
        INFO(refusal);
        ConsultTracker t;
        t.answered_outdial();
        REQUIRE(t.ask(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}, "r-1").request);
        t.feed(consult("AgentConsultCreated", "consult"));
        std::string end = refusal == "AgentConsultFailed" ? "eAgentConsultFailed" : "eAgentConsultEnded";
        CHECK(t.feed(with_reason(consult(refusal, "held", Party::none), "USER_DECLINED", 156)) ==
              std::vector<std::string>{end, "leg:" + end, "leg:DROPPED"});
        for (const auto& s : t.of(leg_id)) {
            if (s.event == "eAgentConsultCreated") continue;
            CHECK(s.reason == "USER_DECLINED");
            CHECK(s.reason_code == 156);
            CHECK(s.request_id == "r-1");
        }
        // The leg is gone: once the customer is resumed (Webex leaves it held), another consult may
        // start, as leg 2.
        CHECK(t.refused(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}) == "INVALID_STATE");
        CHECK(t.feed(routing("AgentContactUnheld", {}, "connected")) ==
              std::vector<std::string>{"eAgentContactUnHeld"});
        REQUIRE(t.ask(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}).request);
        CHECK(t.feed(consult("AgentConsultCreated", "consult")) ==
              std::vector<std::string>{"eAgentConsultCreated", call_id + "-consult-2:eAgentConsultCreated"});
        CHECK(t.take(t.tracker.shutdown("stopping")) ==
              std::vector<std::string>{call_id + "-consult-2:DROPPED", "DROPPED"});
        t.check_each_dropped_once();
    }
}

TEST_CASE("A consult to a queue is shown when an agent takes it; its transfer goes to that agent") {
    ConsultTracker t;
    t.answered_outdial();
    REQUIRE(t.ask(Action::consult, {{"to", sales_queue}, {"destinationType", "queue"}}, "r-q").request);
    json created = consult("AgentConsultCreated", "consult", Party::on_leg, {{"destinationType", "queue"}});
    CHECK(t.feed(created) == std::vector<std::string>{"eAgentConsultCreated", "leg:eAgentConsultCreated"});
    for (const auto& s : t.of(leg_id)) {  // the leg is the consult the CRM asked for
        CHECK(s.destination_type == "queue");
        CHECK(s.to == sales_queue);
    }
    t.feed(consult("AgentConsulting", "consulting", Party::on_leg, {{"destinationType", "queue"}}));
    // The consult transfer names the agent who took it, as a consult transfer must.
    auto transfer = t.ask(Action::consult_transfer, json::object());
    REQUIRE(transfer.request);
    CHECK(json::parse(transfer.request->body) == json{{"to", buddy}, {"destinationType", "agent"}});
    CHECK(t.feed(consult("AgentConsultTransferred", "connected", Party::in_main_call)) ==
          std::vector<std::string>{"eConsultTransfer", "leg:eConsultTransfer", "leg:DROPPED"});
    CHECK(t.refused(Action::hold) == "INVALID_STATE");  // the call is someone else's now
    t.wrap_up_after_hand_over();
    t.check_each_dropped_once();
}

TEST_CASE("A consult to a queue cancelled before anyone took it shows no leg at all") {
    ConsultTracker t;
    t.answered_outdial();
    REQUIRE(t.ask(Action::consult, {{"to", sales_queue}, {"destinationType", "queue"}}).request);
    auto drop = t.ask(Action::consult_drop, json::object());
    REQUIRE(drop.request);
    CHECK(json::parse(drop.request->body) == json{{"queueId", sales_queue}});
    CHECK(t.feed(consult("AgentCtqCancelled", "held", Party::none, {{"queueId", sales_queue}})) ==
          std::vector<std::string>{"eAgentCtqCancelled"});
    CHECK(t.of(leg_id).empty());
    t.feed(routing("AgentContactUnheld", {}, "connected"));
    CHECK(t.ask(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}).request);  // no leg left
    t.tracker.shutdown("stopping");
}

TEST_CASE("A consult merged into a conference ends its leg; the agent exits and wraps up") {
    ConsultTracker t;
    t.answered_outdial();
    t.consulting();
    CHECK(t.refused(Action::exit_conference) == "INVALID_STATE");
    REQUIRE(t.ask(Action::conference, json::object()).request);
    CHECK(t.feed(consult("AgentConsultConferencing", "conference", Party::in_main_call)) ==
          std::vector<std::string>{"eAgentConsultConferencing"});
    CHECK(t.feed(consult("AgentConsultConferenced", "conference", Party::in_main_call)) ==
          std::vector<std::string>{"eAgentConsultConferenced", "leg:eAgentConsultConferenced", "leg:DROPPED"});
    CHECK(t.feed(consult("ParticipantJoinedConference", "conference", Party::in_main_call,
                         {{"participantId", buddy}})) == std::vector<std::string>{"eParticipantJoinedConference"});
    CHECK(t.refused(Action::hold) == "accepted");  // everyone is on the line in a conference
    REQUIRE(t.ask(Action::exit_conference, json::object()).request);
    CHECK(t.feed(consult("ParticipantLeftConference", "connected", Party::in_main_call, {{"participantId", agent}})) ==
          std::vector<std::string>{"eParticipantLeftConference"});
    // Webex did not say whether a wrap-up follows: the grace period waits for it, DROPPED never before acw.
    auto timers = t.tracker.take_timers();
    CHECK(std::any_of(timers.begin(), timers.end(), [](const auto& r) { return r.kind == TimerKind::wrap_up_grace; }));
    CHECK(t.refused(Action::exit_conference) == "INVALID_STATE");
    t.wrap_up_after_hand_over(1);  // the hold sent in the conference
    CHECK(t.tracker.timer_expired(call_id, TimerKind::wrap_up_grace).messages.empty());
    t.check_each_dropped_once();
}

TEST_CASE("The other party leaving the conference leaves the agent with its customer") {
    ConsultTracker t;
    t.answered_outdial();
    t.consulting();
    t.ask(Action::conference, json::object());
    t.feed(consult("AgentConsultConferenced", "conference", Party::in_main_call));
    CHECK(t.feed(consult("ParticipantLeftConference", "connected", Party::none, {{"participantId", buddy}})) ==
          std::vector<std::string>{"eParticipantLeftConference"});
    CHECK(t.refused(Action::exit_conference) == "INVALID_STATE");
    CHECK(t.refused(Action::hold) == "accepted");  // still the agent's call
    CHECK(t.feed(routing("ContactEnded", {{"agentsPendingWrapUp", json::array()}}, "connected")) ==
          std::vector<std::string>{"eAgentContactEnded", "error:CALL_ENDED", "DROPPED"});
    t.check_each_dropped_once();
}

TEST_CASE("A consult transferred hands the call over: acw, then the one DROPPED after wrap-up") {
    ConsultTracker t;
    t.answered_outdial();
    t.consulting();
    REQUIRE(t.ask(Action::consult_transfer, json::object()).request);
    json transferred = consult("AgentConsultTransferred", "connected", Party::in_main_call);
    CHECK(t.feed(transferred) == std::vector<std::string>{"eConsultTransfer", "leg:eConsultTransfer", "leg:DROPPED"});
    t.wrap_up_after_hand_over();
    t.check_each_dropped_once();
}

TEST_CASE("A consult transferred with no wrap-up for the agent: the leg ends first, then the call") {
    ConsultTracker t;
    t.answered_outdial();
    t.consulting();
    CHECK(t.feed(consult("AgentConsultTransferred", "connected", Party::in_main_call,
                         {{"agentsPendingWrapUp", json::array()}})) ==
          std::vector<std::string>{"leg:eConsultTransfer", "leg:DROPPED", "eConsultTransfer", "DROPPED"});
    t.check_each_dropped_once();
}

TEST_CASE("A blind or queue transfer is over for the agent after its wrap-up, or when Webex says none follows") {
    SECTION("blind, then wrap-up") {
        ConsultTracker t;
        t.answered_outdial();
        REQUIRE(t.ask(Action::transfer, {{"to", buddy}, {"destinationType", "agent"}}).request);
        json transferred =
            routing("AgentBlindTransferred", {{"destAgentId", buddy}, {"destinationType", "agent"}}, "connected");
        CHECK(t.feed(transferred) == std::vector<std::string>{"eAgentblindTransferred"});
        CHECK(t.refused(Action::hold) == "INVALID_STATE");  // Webex's grace pending: not the agent's call
        t.take(t.tracker.shutdown("stopping"));
        t.check_each_dropped_once();
    }
    SECTION("blind, the wrap-up said to follow") {
        ConsultTracker t;
        t.answered_outdial();
        CHECK(t.feed(routing("AgentBlindTransferred", {{"agentsPendingWrapUp", {agent}}}, "connected")) ==
              std::vector<std::string>{"eAgentblindTransferred"});
        CHECK(t.refused(Action::hold) == "INVALID_STATE");
        CHECK(t.refused(Action::disconnect) == "INVALID_STATE");
        t.wrap_up_after_hand_over();
        t.check_each_dropped_once();
    }
    SECTION("to a queue, no wrap-up pending for the agent") {
        ConsultTracker t;
        t.answered_outdial();
        CHECK(t.feed(routing("AgentVteamTransferred", {{"agentsPendingWrapUp", json::array()}}, "connected")) ==
              std::vector<std::string>{"eAgentvteamTransfer", "DROPPED"});
        t.check_each_dropped_once();
    }
    SECTION("to a queue, Webex silent about the wrap-up: the grace period ends it") {
        ConsultTracker t;
        t.answered_outdial();
        CHECK(t.feed(routing("AgentVteamTransferred", {}, "connected")) ==
              std::vector<std::string>{"eAgentvteamTransfer"});
        CHECK(t.take(t.tracker.timer_expired(call_id, TimerKind::wrap_up_grace).messages) ==
              std::vector<std::string>{"DROPPED"});
        t.check_each_dropped_once();
    }
}

TEST_CASE("A conference handed over is over for the agent once, however many steps say so") {
    ConsultTracker t;
    t.answered_outdial();
    t.consulting();
    t.ask(Action::conference, json::object());
    t.feed(consult("AgentConsultConferenced", "conference", Party::in_main_call));
    REQUIRE(t.ask(Action::conference_transfer, json::object()).request);
    CHECK(t.feed(consult("AgentConferenceTransferred", "connected", Party::in_main_call)) ==
          std::vector<std::string>{"eAgentConferenceTransferred"});
    CHECK(t.feed(consult("ParticipantLeftConference", "connected", Party::in_main_call, {{"participantId", agent}})) ==
          std::vector<std::string>{"eParticipantLeftConference"});
    t.wrap_up_after_hand_over();
    t.check_each_dropped_once();
}

TEST_CASE("The call ending mid-consult drops the leg first, whatever ends it") {
    SECTION("the customer hangs up, no wrap-up") {
        ConsultTracker t;
        t.answered_outdial();
        t.consulting();
        CHECK(t.feed(routing("ContactEnded", {{"agentsPendingWrapUp", json::array()}}, "consulting")) ==
              std::vector<std::string>{"eAgentContactEnded", "leg:DROPPED", "DROPPED"});
        t.check_each_dropped_once();
    }
    SECTION("the wrap-up grace runs out") {
        ConsultTracker t;
        t.answered_outdial();
        t.consulting();
        CHECK(t.feed(routing("ContactEnded", {}, "consulting")) == std::vector<std::string>{"eAgentContactEnded"});
        CHECK(t.take(t.tracker.timer_expired(call_id, TimerKind::wrap_up_grace).messages) ==
              std::vector<std::string>{"leg:DROPPED", "DROPPED"});
        t.check_each_dropped_once();
    }
    SECTION("the plugin stops") {
        ConsultTracker t;
        t.answered_outdial();
        t.consulting();
        CHECK(t.take(t.tracker.shutdown("PLUGIN_STOPPED")) == std::vector<std::string>{"leg:DROPPED", "DROPPED"});
        CHECK(t.of(leg_id).back().reason == "PLUGIN_STOPPED");
        t.check_each_dropped_once();
    }
    SECTION("Webex no longer lists the call after a reconnect") {
        ConsultTracker t;
        t.answered_outdial();
        t.consulting();
        json relogin = {{"type", "AgentReloginSuccess"},
                        {"data", {{"agentId", agent}, {"subStatus", "Available"}, {"interactionIds", json::array()}}}};
        auto events = t.take(t.tracker.notification(frame(relogin)));
        CHECK(std::vector<std::string>(events.end() - 3, events.end()) ==
              std::vector<std::string>{"eAgentContactEnded", "leg:DROPPED", "DROPPED"});
        t.check_each_dropped_once();
    }
}

TEST_CASE("A consult started from another desktop of the agent is followed from its AgentConsultCreated") {
    ConsultTracker t;
    t.answered_outdial();
    CHECK(t.feed(consult("AgentConsultCreated", "consult", Party::on_leg,
                         {{"destAgentId", "+14155550111"}, {"destinationType", "dialNumber"}})) ==
          std::vector<std::string>{"eAgentConsultCreated", "leg:eAgentConsultCreated"});
    auto leg = t.of(leg_id);
    CHECK(leg[0].destination_type == "dialNumber");
    CHECK(leg[0].to == "+14155550111");
    CHECK(leg[0].request_id.empty());
    CHECK(t.refused(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}) == "INVALID_STATE");
    CHECK(t.feed(consult("AgentConsultEnded", "held", Party::none)) ==
          std::vector<std::string>{"eAgentConsultEnded", "leg:eAgentConsultEnded", "leg:DROPPED"});
    t.tracker.shutdown("stopping");
}

TEST_CASE("An inbound call's consult leg is published on the Inbound topic") {
    ConsultTracker t;
    auto inbound = [](json n) {
        n["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
        n["data"]["interaction"]["outboundType"] = nullptr;
        return n;
    };
    t.feed(inbound(routing("AgentOfferContact")));
    t.feed(inbound(routing("AgentContactAssigned", {}, "connected")));
    CHECK(t.feed(inbound(consult("AgentConsultCreated", "consult"))) ==
          std::vector<std::string>{"eAgentConsultCreated", "leg:eAgentConsultCreated"});
    CHECK(t.of(leg_id)[0].topic == "Inbound");
    CHECK(t.of(leg_id)[0].parent == call_id);
    CHECK(t.take(t.tracker.shutdown("stopping")) == std::vector<std::string>{"leg:DROPPED", "DROPPED"});
    t.check_each_dropped_once();
}

namespace {

// The consulted agent's view: another agent's inbound call, this agent on its consult leg.
json offered_consult(const std::string& type, const std::string& state, bool owns = false, json extra = {}) {
    json n = routing(type, {{"destAgentId", owns ? agent : other_owner}}, state);
    auto& interaction = n["data"]["interaction"];
    interaction["contactDirection"]["type"] = "INBOUND";
    interaction["outboundType"] = nullptr;
    interaction["owner"] = owns ? agent : other_owner;
    n["data"]["owner"] = interaction["owner"];
    interaction["media"][call_id]["participants"] = owns ? json{customer, agent} : json{customer};
    if (!owns)
        interaction["media"]["m-consult"] = {
            {"mType", "consult"}, {"mediaResourceId", "m-consult"}, {"participants", {other_owner, agent}}};
    if (extra.is_object()) n["data"].update(extra);
    return n;
}

}  // namespace

TEST_CASE("The consulted agent follows the call until the consult ends, and keeps it when transferred to it") {
    SECTION("the consult ends") {
        ConsultTracker t;
        CHECK(t.feed(offered_consult("AgentOfferConsult", "consult")) ==
              std::vector<std::string>{"eAgentOfferConsult"});
        CHECK(t.seen.back().topic == "Inbound");
        CHECK(t.ask(Action::accept_consult, json::object()).request);
        CHECK(t.feed(offered_consult("AgentConsulting", "consulting")) == std::vector<std::string>{"eAgentConsulting"});
        CHECK(t.refused(Action::consult, {{"to", buddy}, {"destinationType", "agent"}}) == "INVALID_STATE");
        CHECK(t.feed(offered_consult("AgentConsultEnded", "held")) ==
              std::vector<std::string>{"eAgentConsultEnded", "DROPPED"});
        t.check_each_dropped_once();
    }
    SECTION("the consult is transferred to it") {
        ConsultTracker t;
        t.feed(offered_consult("AgentOfferConsult", "consult"));
        t.feed(offered_consult("AgentConsulting", "consulting"));
        CHECK(t.feed(offered_consult("AgentConsultTransferred", "connected", true)) ==
              std::vector<std::string>{"eConsultTransfer"});
        CHECK(t.feed(offered_consult("AgentConsultEnded", "connected", true)) ==
              std::vector<std::string>{"eAgentConsultEnded"});  // its call now: it goes on
        CHECK(t.refused(Action::hold) == "accepted");
        CHECK(t.feed(offered_consult("ContactEnded", "connected", true, {{"agentsPendingWrapUp", {agent}}})) ==
              std::vector<std::string>{"eAgentContactEnded"});
        t.wrap_up_after_hand_over(1);  // the hold sent once the call was its own
        t.check_each_dropped_once();
    }
    SECTION("it joins the conference, then leaves it") {
        ConsultTracker t;
        t.feed(offered_consult("AgentOfferConsult", "consult"));
        t.feed(offered_consult("AgentConsulting", "consulting"));
        CHECK(t.feed(offered_consult("AgentConsultConferenced", "conference", true)) ==
              std::vector<std::string>{"eAgentConsultConferenced"});
        CHECK(t.feed(offered_consult("ParticipantLeftConference", "conference", true, {{"participantId", agent}})) ==
              std::vector<std::string>{"eParticipantLeftConference"});
        t.wrap_up_after_hand_over();
        t.check_each_dropped_once();
    }
}
