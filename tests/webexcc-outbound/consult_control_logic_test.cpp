// The consult, transfer and conference requests (issue 21) in the pure CallTracker: their names, the
// checks before anything is sent, the REST request each builds, and Webex's refusals (REST error or
// ...Failed notification) as the request's one answer. Notifications in the shapes the simulator
// sends (test-servers/wxcc-sim/src/consult_frames.cpp).

#include "call_control.hpp"
#include "phone_number.hpp"
#include "tracker_fixture.hpp"

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;

namespace {

const std::string other_agent = "7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01";
const std::string support_queue = "1cdb8b2e-b83c-4c53-8279-0e3138d43fb9";

json to(const std::string& where, const std::string& type) { return {{"to", where}, {"destinationType", type}}; }

// The tracker's one answer to a refused request: the error message.
json refusal(const CallTracker::ControlDecision& decision) {
    CHECK_FALSE(decision.request.has_value());
    return only_message(decision.messages);
}

// Webex's REST refusal of a task action.
webexcc::client::ApiResponse refused(int status, const std::string& error_type) {
    webexcc::client::ApiResponse response;
    response.error = webexcc::client::error_from_http(
        status, R"({"errorType":")" + error_type + R"(","errorMessage":"refused"})", "t", "task action");
    return response;
}

// A consult, transfer or conference notification about `call` as the simulator sends it: the
// consulted party, the consult leg's media, and `extra` members of data.
json consult_step(const std::string& type, const std::string& call, json extra = json::object(),
                  const std::string& state = "consult") {
    json data = {{"interactionId", call},
                 {"consultMediaResourceId", "consult-media-1"},
                 {"destAgentId", other_agent},
                 {"destinationType", "agent"},
                 {"isConsulted", false}};
    if (extra.is_object()) data.update(extra);
    auto notification = routing(type, data, state);
    auto& interaction = notification["data"]["interaction"];
    interaction["participants"][other_agent] = {
        {"id", other_agent}, {"pType", "Agent"}, {"type", "Agent"}, {"hasLeft", false}, {"isConsulted", true}};
    interaction["media"]["consult-media-1"] = {{"mType", "consult"},
                                               {"mediaResourceId", "consult-media-1"},
                                               {"participants", json::array({agent, other_agent})}};
    return notification;
}

json failure(const std::string& type, const std::string& reason, int code, const std::string& call = "") {
    json data = {{"type", type}, {"reason", reason}, {"reasonCode", code}};
    if (!call.empty()) data["interactionId"] = call;
    return {{"type", "RoutingMessage"}, {"data", data}};
}

// A tracker with one connected outdial.
struct ConnectedCall : ReadyTracker {
    std::string id = routing("AgentOfferContact")["data"]["interactionId"];
    ConnectedCall() {
        dial();
        feed(routing("AgentOfferContact"));
        feed(routing("AgentContactAssigned", {}, "connected"));
    }
    CallTracker::ControlDecision ask(Action action, json data = nullptr, const std::string& request_id = "") {
        return tracker.control(action, request(std::string(request_name(action)), std::move(data), request_id).dump(),
                               true);
    }
    // A consult to the other agent, created and (when `answered`) answered.
    void consulting(bool answered = true) {
        REQUIRE(ask(Action::consult, to(other_agent, "agent"), "c-1").request);
        feed(consult_step("AgentConsultCreated", id));
        if (answered) feed(consult_step("AgentConsulting", id, {}, "consulting"));
    }
};

json body_of(const CallTracker::ControlDecision& decision) {
    REQUIRE(decision.request);
    CHECK(decision.request->replay == webexcc::client::Replay::never);
    CHECK(decision.messages.empty());
    return json::parse(decision.request->body);
}

}  // namespace

TEST_CASE("The consult, transfer and conference requests are named in any case, with their facts") {
    CHECK(action_named("Consult") == Action::consult);
    CHECK(action_named("setconsult") == Action::consult);
    CHECK(action_named("ACCEPTCONSULT") == Action::accept_consult);
    CHECK(action_named("ConsultDrop") == Action::consult_drop);
    CHECK(action_named("consulttransfer") == Action::consult_transfer);
    CHECK(action_named("Transfer") == Action::transfer);
    CHECK(action_named("Conference") == Action::conference);
    CHECK(action_named("ExitConference") == Action::exit_conference);
    CHECK(action_named("ConferenceTransfer") == Action::conference_transfer);
    for (auto subtopic : control_subtopics()) CHECK(action_named(subtopic));
    CHECK(error_type(Action::consult) == "CONSULT_CALL_FAILED");
    CHECK(error_type(Action::accept_consult) == "CONSULT_CALL_FAILED");
    CHECK(error_type(Action::consult_drop) == "CONSULT_DROP_FAILED");
    CHECK(error_type(Action::transfer) == "TRANSFER_CALL_FAILED");
    CHECK(error_type(Action::consult_transfer) == "TRANSFER_CALL_FAILED");
    CHECK(error_type(Action::conference_transfer) == "TRANSFER_CALL_FAILED");
    CHECK(error_type(Action::conference) == "CONFERENCE_CALL_FAILED");
    CHECK(error_type(Action::exit_conference) == "CONFERENCE_CALL_FAILED");

    CHECK(is_success_of(Action::consult, "AgentConsultCreated"));
    CHECK(is_success_of(Action::consult, "AgentCtqCancelled"));  // the SDK's notifCancel: nothing left to answer
    CHECK(is_success_of(Action::accept_consult, "AgentConsulting"));
    for (auto type : {"AgentConsultEnded", "AgentCtqCancelled", "AgentConsultConferenceEnded"})
        CHECK(is_success_of(Action::consult_drop, type));
    CHECK(is_success_of(Action::transfer, "AgentBlindTransferred"));
    CHECK(is_success_of(Action::transfer, "AgentVteamTransferred"));
    CHECK(is_success_of(Action::consult_transfer, "AgentConsultTransferred"));
    CHECK(is_success_of(Action::conference, "AgentConsultConferenced"));
    CHECK(is_success_of(Action::exit_conference, "ParticipantLeftConference"));
    CHECK(is_success_of(Action::conference_transfer, "AgentConferenceTransferred"));
    CHECK_FALSE(is_success_of(Action::consult, ""));

    CHECK(action_failed_by("AgentConsultFailed") == Action::consult);
    CHECK(action_failed_by("AgentCtqFailed") == Action::consult);
    CHECK(action_failed_by("AgentConsultEndFailed") == Action::consult_drop);
    CHECK(action_failed_by("AgentCtqCancelFailed") == Action::consult_drop);
    CHECK(action_failed_by("AgentBlindTransferFailed") == Action::transfer);
    CHECK(action_failed_by("AgentVteamTransferFailed") == Action::transfer);
    CHECK(action_failed_by("AgentConsultTransferFailed") == Action::consult_transfer);
    CHECK(action_failed_by("AgentConsultConferenceFailed") == Action::conference);
    CHECK(action_failed_by("ParticipantLeftConferenceFailed") == Action::exit_conference);
    CHECK(action_failed_by("AgentConferenceTransferFailed") == Action::conference_transfer);
    CHECK_FALSE(action_failed_by("AgentConsultConferenceEndFailed"));  // no request of ours asks for it
    CHECK_FALSE(is_failure_of(Action::accept_consult, "AgentConsultFailed"));
}

TEST_CASE("What each consult, transfer and conference request needs of the call") {
    CallProgress talking;
    talking.offered = talking.answered = true;
    CallProgress held = talking;
    held.held = true;
    CallProgress ringing;
    ringing.offered = true;
    CallProgress ended = talking;
    ended.ended = ended.in_wrap_up = true;
    CallProgress offered_consult = ringing;
    offered_consult.consulted = true;
    CallProgress in_consult = offered_consult;
    in_consult.answered = true;
    ConsultState leg{true, false, false};
    ConsultState answered_leg{true, true, false};
    ConsultState conference{false, false, true};

    for (auto action : {Action::consult, Action::transfer}) {
        CHECK(state_problem(action, talking).empty());
        CHECK(state_problem(action, ringing) == "the call is not connected yet");
        CHECK_THAT(state_problem(action, held), Catch::Contains("on hold"));
        CHECK_THAT(state_problem(action, ended), Catch::Contains("ended"));
        CHECK_THAT(state_problem(action, in_consult), Catch::Contains("joined the call as a consult"));
        CHECK_THAT(state_problem(action, talking, leg), Catch::Contains("ConsultDrop"));
    }
    CHECK(state_problem(Action::accept_consult, offered_consult).empty());
    CHECK(state_problem(Action::accept_consult, in_consult) == "the consult is already accepted");
    CHECK_FALSE(state_problem(Action::accept_consult, talking).empty());
    CHECK(state_problem(Action::consult_drop, talking, leg).empty());
    CHECK(state_problem(Action::consult_drop, in_consult).empty());  // the consulted agent leaves it
    CHECK(state_problem(Action::consult_drop, talking) == "the call has no consult to end");
    for (auto action : {Action::consult_transfer, Action::conference}) {
        CHECK(state_problem(action, talking, answered_leg).empty());
        CHECK_THAT(state_problem(action, talking, leg), Catch::Contains("not answered yet"));
        CHECK(state_problem(action, talking) == "the call has no consult");
    }
    for (auto action : {Action::exit_conference, Action::conference_transfer}) {
        CHECK(state_problem(action, talking, conference).empty());
        CHECK(state_problem(action, talking) == "the call is not in a conference");
        CHECK_THAT(state_problem(action, ended, conference), Catch::Contains("ended"));
    }
}

TEST_CASE("Consult sends the destination asked for and starts the leg") {
    ConnectedCall call;
    auto consult = call.ask(Action::consult, to(other_agent, "agent"), "c-1");
    CHECK(consult.request->path == "/v1/tasks/" + call.id + "/consult");
    CHECK(body_of(consult) == json{{"to", other_agent}, {"destinationType", "agent"}, {"holdParticipants", true}});
    // The leg exists from the request on: a second consult is refused, a leg's id names the call.
    CHECK_THAT(refusal(call.ask(Action::consult, to(support_queue, "queue")))["error"]["message"].get<std::string>(),
               Catch::Contains("already has a consult"));
    auto drop = call.ask(Action::consult_drop, {{"callId", call.id + "-consult-1"}});
    CHECK(drop.request->path == "/v1/tasks/" + call.id + "/consult/end");
    CHECK(body_of(drop) == json::object());

    // toAddress in any case, a dial number as MakeCall reads one, a destination type in any case.
    ConnectedCall dialled;
    auto number = dialled.ask(Action::consult, {{"TOADDRESS", "+1 (408) 555-0199"}, {"destinationType", "dialnumber"}});
    CHECK(body_of(number) ==
          json{{"to", "+14085550199"}, {"destinationType", "dialNumber"}, {"holdParticipants", true}});
    ConnectedCall entry_point;
    CHECK(body_of(entry_point.ask(Action::consult, to("ep-7", "entryPoint")))["destinationType"] == "entryPoint");
}

TEST_CASE("Consult and Transfer refuse a request without a valid destination before anything is sent") {
    ConnectedCall call;
    for (auto action : {Action::consult, Action::transfer}) {
        INFO(request_name(action));
        for (const json& data :
             {json(nullptr), json::object(), json{{"to", other_agent}}, json{{"destinationType", "agent"}},
              json{{"to", ""}, {"destinationType", "agent"}}, json{{"to", 42}, {"destinationType", "agent"}},
              to(other_agent, "supervisor"), json{{"to", other_agent}, {"destinationType", true}},
              to("call me maybe", "dialNumber"),
              json{{"to", other_agent}, {"destinationType", "agent"}, {"callId", 7}}}) {
            INFO(data.dump());
            auto error = refusal(call.ask(action, data, "r-1"));
            CHECK(error["error"]["code"] == "INVALID_REQUEST");
            CHECK(error["request"] == std::string(request_name(action)));
            CHECK(error["requestId"] == "r-1");
            CHECK(error["error"]["type"] == std::string(error_type(action)));
        }
    }
    auto entry_point = refusal(call.ask(Action::transfer, to("ep-7", "entryPoint")));
    CHECK(entry_point["error"]["code"] == "INVALID_REQUEST");
    CHECK_THAT(entry_point["error"]["message"].get<std::string>(), Catch::Contains("consults only"));
    CHECK(refusal(call.ask(Action::consult, to("not a number", "dialNumber")))["error"]["message"] ==
          "cannot dial this number: " + number_problem("not a number"));

    auto offline = call.tracker.control(Action::consult, request("Consult", to(other_agent, "agent")).dump(), false);
    CHECK(refusal(offline)["error"]["code"] == "NOT_CONNECTED");
    CHECK(refusal(call.ask(Action::consult, {{"callId", "nope"},
                                             {"to", support_queue},
                                             {"destinationType", "queue"}}))["error"]["code"] == "UNKNOWN_CALL");
    ReadyTracker idle;
    CHECK(refusal(idle.tracker.control(Action::transfer, request("Transfer", to(support_queue, "queue")).dump(),
                                       true))["error"]["code"] == "NO_ACTIVE_CALL");
}

TEST_CASE("Consult is refused on a held call, a ringing one and a call joined as a consult") {
    ConnectedCall call;
    call.feed(routing("AgentContactHeld", {}, "held"));
    auto held = refusal(call.ask(Action::consult, to(other_agent, "agent")));
    CHECK(held["error"]["code"] == "INVALID_STATE");
    CHECK(held["callId"] == call.id);
    CHECK(refusal(call.ask(Action::transfer, to(support_queue, "queue")))["error"]["code"] == "INVALID_STATE");

    ReadyTracker consulted;
    auto offer = consult_step("AgentOfferConsult", "consulted-1", {{"isConsulted", true}}, "consult");
    offer["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    consulted.feed(offer);
    auto consult =
        consulted.tracker.control(Action::consult, request("Consult", to(support_queue, "queue")).dump(), true);
    CHECK_THAT(refusal(consult)["error"]["message"].get<std::string>(),
               Catch::Contains("joined the call as a consult"));
}

TEST_CASE("A consult Webex refuses is the request's error and leaves no leg behind") {
    ConnectedCall call;
    auto consult = call.ask(Action::consult, to(support_queue, "queue"), "c-1");
    REQUIRE(consult.request);
    auto error = call.tracker.control_answered(consult.action_id, refused(409, "CONFLICT"));
    REQUIRE(error.size() == 1);
    auto message = json::parse(error[0].text)["message"];
    CHECK(message["source"] == "error");
    CHECK(message["request"] == "Consult");
    CHECK(message["requestId"] == "c-1");
    CHECK(message["callId"] == call.id);
    CHECK(message["error"]["type"] == "CONSULT_CALL_FAILED");
    CHECK(message["error"]["code"] == "CONFLICT");
    CHECK_THAT(message["error"]["message"].get<std::string>(), Catch::Contains("HTTP 409"));
    CHECK(call.tracker.control_answered(consult.action_id, refused(409, "CONFLICT")).empty());  // answered once

    // The leg went with the refusal: a new consult is accepted (a new leg number), and Webex's
    // AgentCtqFailed answers it with its reason, nothing published about a leg never shown.
    auto again = call.ask(Action::consult, to(support_queue, "queue"), "c-2");
    REQUIRE(again.request);
    auto failed = call.tracker.notification(frame(failure("AgentCtqFailed", "NO_QUEUE_CAPACITY", 1117, call.id)));
    REQUIRE(failed.size() == 1);
    message = json::parse(failed[0].text)["message"];
    CHECK(message["requestId"] == "c-2");
    CHECK(message["error"]["type"] == "CONSULT_CALL_FAILED");
    CHECK(message["error"]["code"] == "NO_QUEUE_CAPACITY");
    CHECK_THAT(message["error"]["message"].get<std::string>(), Catch::Contains("AgentCtqFailed"));
    CHECK_THAT(message["error"]["message"].get<std::string>(), Catch::Contains("1117"));
    CHECK(call.ask(Action::consult, to(other_agent, "agent")).request);  // no leg left behind
}

TEST_CASE("A consult failure after the leg was created answers no request: it is the leg's") {
    ConnectedCall call;
    call.consulting(false);  // AgentConsultCreated answered the Consult
    auto declined =
        call.feed(consult_step("AgentConsultFailed", call.id, {{"reason", "AGENT_DECLINED"}, {"reasonCode", 27}}));
    for (const auto& event : declined) CHECK(event.rfind("error:", 0) != 0);
    CHECK_FALSE(declined.empty());  // the call's mapping publishes it
}

TEST_CASE("ConsultDrop cancels a queue consult no agent took by naming the queue, else ends the leg") {
    ConnectedCall queued;
    REQUIRE(queued.ask(Action::consult, to(support_queue, "queue"), "c-1").request);
    CHECK(body_of(queued.ask(Action::consult_drop)) == json{{"queueId", support_queue}});
    // Cancelled, the queue consult answered both requests, and the leg never shown went quietly:
    // the next consult's failure answers the next consult.
    auto cancelled =
        consult_step("AgentCtqCancelled", queued.id, {{"destinationType", "queue"}, {"queueId", support_queue}});
    for (const auto& event : queued.feed(cancelled)) CHECK(event.rfind("error:", 0) != 0);
    queued.feed(routing("AgentContactUnheld", {}, "connected"));  // Webex left the customer on hold
    auto second = queued.ask(Action::consult, to(other_agent, "agent"), "c-2");
    REQUIRE(second.request);
    auto busy = queued.tracker.notification(frame(failure("AgentConsultFailed", "AGENT_BUSY", 2, queued.id)));
    REQUIRE(busy.size() == 1);
    CHECK(json::parse(busy[0].text)["message"]["requestId"] == "c-2");

    ConnectedCall call;
    CHECK(refusal(call.ask(Action::consult_drop))["error"]["code"] == "INVALID_STATE");
    call.consulting();
    auto drop = call.ask(Action::consult_drop, {{"callId", call.id}}, "d-1");
    CHECK(body_of(drop) == json::object());
    auto failed = call.tracker.notification(frame(failure("AgentConsultEndFailed", "MEDIA_GONE", 9, call.id)));
    REQUIRE(failed.size() == 1);
    auto message = json::parse(failed[0].text)["message"];
    CHECK(message["request"] == "ConsultDrop");
    CHECK(message["requestId"] == "d-1");
    CHECK(message["error"]["type"] == "CONSULT_DROP_FAILED");
    CHECK(message["error"]["code"] == "MEDIA_GONE");
    // The leg's id names its call for the consult requests only.
    CHECK(refusal(call.ask(Action::hold, {{"callId", call.id + "-consult-1"}}))["error"]["code"] == "INVALID_STATE");
    auto rest = call.ask(Action::consult_drop, {{"callId", call.id + "-consult-1"}});
    auto error = call.tracker.control_answered(rest.action_id, refused(500, "SERVER_ERROR"));
    REQUIRE(error.size() == 1);
    CHECK(json::parse(error[0].text)["message"]["error"]["type"] == "CONSULT_DROP_FAILED");
    CHECK(json::parse(error[0].text)["message"]["callId"] == call.id + "-consult-1");  // as the request named it
}

TEST_CASE("ConsultTransfer and Conference wait for the consulted party, then send the leg's destination") {
    ConnectedCall call;
    call.consulting(false);
    for (auto action : {Action::consult_transfer, Action::conference}) {
        auto error = refusal(call.ask(action, {{"callId", call.id + "-consult-1"}}, "early"));
        CHECK(error["callId"] == call.id + "-consult-1");  // the refusal names what the request named
        CHECK(error["error"]["code"] == "INVALID_STATE");
        CHECK_THAT(error["error"]["message"].get<std::string>(), Catch::Contains("not answered yet"));
    }
    call.feed(consult_step("AgentConsulting", call.id, {}, "consulting"));
    auto transfer = call.ask(Action::consult_transfer, nullptr, "t-1");
    CHECK(transfer.request->path == "/v1/tasks/" + call.id + "/consult/transfer");
    CHECK(body_of(transfer) == json{{"to", other_agent}, {"destinationType", "agent"}});
    auto failed = call.tracker.notification(frame(failure("AgentConsultTransferFailed", "PARTY_GONE", 3, call.id)));
    REQUIRE(failed.size() == 1);
    CHECK(json::parse(failed[0].text)["message"]["error"]["type"] == "TRANSFER_CALL_FAILED");
    CHECK(json::parse(failed[0].text)["message"]["request"] == "ConsultTransfer");
    CHECK(json::parse(failed[0].text)["message"]["callId"] == call.id);  // no callId named: the call's

    auto conference = call.ask(Action::conference, {{"callId", call.id + "-consult-1"}}, "f-1");
    CHECK(conference.request->path == "/v1/tasks/" + call.id + "/consult/conference");
    CHECK(body_of(conference) == json{{"agentId", agent}, {"to", other_agent}, {"destinationType", "agent"}});
    failed = call.tracker.notification(frame(failure("AgentConsultConferenceFailed", "TOO_MANY", 4)));
    REQUIRE(failed.size() == 1);  // no interaction id: the oldest conference of ours
    CHECK(json::parse(failed[0].text)["message"]["error"]["type"] == "CONFERENCE_CALL_FAILED");
    CHECK(json::parse(failed[0].text)["message"]["requestId"] == "f-1");
    CHECK(json::parse(failed[0].text)["message"]["callId"] == call.id + "-consult-1");  // as the request named it
}

TEST_CASE("A queue consult an agent took is transferred or conferenced to that agent") {
    ConnectedCall call;
    REQUIRE(call.ask(Action::consult, to(support_queue, "queue")).request);
    auto taken = consult_step("AgentConsultCreated", call.id, {{"destinationType", "queue"}});
    call.feed(taken);
    call.feed(consult_step("AgentConsulting", call.id, {{"destinationType", "queue"}}, "consulting"));
    CHECK(body_of(call.ask(Action::consult_transfer)) == json{{"to", other_agent}, {"destinationType", "agent"}});
    // Taken, the leg is created: ending it names no queue.
    CHECK(body_of(call.ask(Action::consult_drop)) == json::object());
}

TEST_CASE("Transfer sends the destination; refused with a consult under way or a held call") {
    ConnectedCall call;
    auto transfer = call.ask(Action::transfer, to(support_queue, "queue"), "x-1");
    CHECK(transfer.request->path == "/v1/tasks/" + call.id + "/transfer");
    CHECK(body_of(transfer) == json{{"to", support_queue}, {"destinationType", "queue"}});
    auto failed = call.tracker.notification(frame(failure("AgentVteamTransferFailed", "QUEUE_CLOSED", 5, call.id)));
    REQUIRE(failed.size() == 1);
    auto message = json::parse(failed[0].text)["message"];
    CHECK(message["request"] == "Transfer");
    CHECK(message["requestId"] == "x-1");
    CHECK(message["error"]["code"] == "QUEUE_CLOSED");
    CHECK(call.tracker.notification(frame(failure("AgentBlindTransferFailed", "LATE", 6, call.id))).empty());

    auto blind = call.ask(Action::transfer, {{"toAddress", "14085550199"}, {"destinationType", "dialNumber"}});
    CHECK(body_of(blind) == json{{"to", "14085550199"}, {"destinationType", "dialNumber"}});
    auto error = call.tracker.control_answered(blind.action_id, refused(400, "BAD_DESTINATION"));
    REQUIRE(error.size() == 1);
    CHECK(json::parse(error[0].text)["message"]["error"]["code"] == "BAD_DESTINATION");

    call.consulting();
    CHECK_THAT(refusal(call.ask(Action::transfer, to(other_agent, "agent")))["error"]["message"].get<std::string>(),
               Catch::Contains("ConsultTransfer"));
}

TEST_CASE("ExitConference and ConferenceTransfer need a conference") {
    ConnectedCall call;
    for (auto action : {Action::exit_conference, Action::conference_transfer})
        CHECK(refusal(call.ask(action))["error"]["message"] == "the call is not in a conference");
    call.consulting();
    REQUIRE(call.ask(Action::conference).request);
    call.feed(consult_step("AgentConsultConferenced", call.id, {{"isConferencing", true}}, "conference"));

    auto exit = call.ask(Action::exit_conference, nullptr, "e-1");
    CHECK(exit.request->path == "/v1/tasks/" + call.id + "/conference/exit");
    CHECK(body_of(exit) == json::object());
    auto failed = call.tracker.notification(frame(failure("ParticipantLeftConferenceFailed", "LAST_AGENT", 8)));
    REQUIRE(failed.size() == 1);
    CHECK(json::parse(failed[0].text)["message"]["error"]["type"] == "CONFERENCE_CALL_FAILED");

    auto handover = call.ask(Action::conference_transfer, nullptr, "h-1");
    CHECK(handover.request->path == "/v1/tasks/" + call.id + "/conference/transfer");
    CHECK(body_of(handover) == json::object());
    failed = call.tracker.notification(frame(failure("AgentConferenceTransferFailed", "NO_AGENT", 2, call.id)));
    REQUIRE(failed.size() == 1);
    auto message = json::parse(failed[0].text)["message"];
    CHECK(message["request"] == "ConferenceTransfer");
    CHECK(message["error"]["type"] == "TRANSFER_CALL_FAILED");
    auto rest = call.ask(Action::exit_conference);
    auto error = call.tracker.control_answered(rest.action_id, refused(409, "NOT_IN_CONFERENCE"));
    REQUIRE(error.size() == 1);
    CHECK(json::parse(error[0].text)["message"]["request"] == "ExitConference");
}

TEST_CASE("AcceptConsult accepts a consult offered to this agent, once") {
    ReadyTracker consulted;
    auto offer = consult_step("AgentOfferConsult", "consulted-1", {{"isConsulted", true}});
    offer["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    consulted.feed(offer);
    auto accept = consulted.tracker.control(Action::accept_consult,
                                            request("AcceptConsult", {{"callId", "consulted-1"}}).dump(), true);
    CHECK(accept.request->path == "/v1/tasks/consulted-1/consult/accept");
    CHECK(body_of(accept) == json::object());
    auto error = consulted.tracker.control_answered(accept.action_id, refused(404, "NOT_FOUND"));
    REQUIRE(error.size() == 1);
    CHECK(json::parse(error[0].text)["message"]["error"]["type"] == "CONSULT_CALL_FAILED");
    CHECK(json::parse(error[0].text)["message"]["request"] == "AcceptConsult");

    consulted.feed(consult_step("AgentConsulting", "consulted-1", {{"isConsulted", true}}, "consulting"));
    auto again = consulted.tracker.control(Action::accept_consult, request("AcceptConsult").dump(), true);
    CHECK(refusal(again)["error"]["message"] == "the consult is already accepted");
    // The consulted agent leaves the consult with ConsultDrop.
    CHECK(body_of(consulted.tracker.control(Action::consult_drop, request("ConsultDrop").dump(), true)) ==
          json::object());

    ConnectedCall own;
    CHECK(refusal(own.ask(Action::accept_consult))["error"]["message"] ==
          "no consult is offered to this agent on this call");
}

TEST_CASE("AgentContactAssignFailed refuses the AcceptConsult of the call it names and ends that offer") {
    ReadyTracker consulted;
    auto offer = consult_step("AgentOfferConsult", "consulted-1", {{"isConsulted", true}});
    offer["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    consulted.feed(offer);
    auto accept =
        consulted.tracker.control(Action::accept_consult, request("AcceptConsult", nullptr, "a-1").dump(), true);
    REQUIRE(accept.request);
    // Unnamed, it may be any offer's: it answers no request.
    CHECK(consulted.tracker.notification(frame(failure("AgentContactAssignFailed", "X", 1))).empty());

    auto refused_offer = consult_step("AgentContactAssignFailed", "consulted-1",
                                      {{"isConsulted", true}, {"reason", "AGENT_NOT_FOUND"}, {"reasonCode", 1100}});
    auto out = consulted.tracker.notification(frame(refused_offer));
    REQUIRE(out.size() == 3);
    auto error = json::parse(out[0].text)["message"];
    CHECK(error["request"] == "AcceptConsult");
    CHECK(error["requestId"] == "a-1");
    CHECK(error["error"]["type"] == "CONSULT_CALL_FAILED");
    CHECK(error["error"]["code"] == "AGENT_NOT_FOUND");
    CHECK(error["callId"] == "consulted-1");
    CHECK(events_of(out) == std::vector<std::string>{"error:AGENT_NOT_FOUND", "eAgentContactAssignFailed", "DROPPED"});
    CHECK(refusal(consulted.tracker.control(Action::accept_consult, request("AcceptConsult").dump(),
                                            true))["error"]["code"] == "NO_ACTIVE_CALL");
}

TEST_CASE("A consult leg is not a second call: without callId the one call is meant") {
    ConnectedCall call;
    call.consulting();
    CHECK(call.ask(Action::conference).request);
    auto inbound = routing("AgentOfferContact");
    inbound["data"]["interactionId"] = "inbound-1";
    inbound["data"]["interaction"]["contactDirection"]["type"] = "INBOUND";
    call.feed(inbound);
    CHECK(refusal(call.ask(Action::consult_drop))["error"]["code"] == "CALL_ID_REQUIRED");
    CHECK(call.ask(Action::consult_drop, {{"callId", call.id + "-consult-1"}}).request);
    CHECK(refusal(call.ask(Action::consult_drop, {{"callId", call.id + "-consult-2"}}))["error"]["code"] ==
          "UNKNOWN_CALL");
}
