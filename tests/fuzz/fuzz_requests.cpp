// Bus requests as any peer could send them (MakeCall by number, as {toAddress, ani} or with none to
// accept a preview, every call-control request with CancelAutoWrapUp, the consult, transfer and
// conference requests, StateSync, the agent-state requests, StationLogin, StationLogout,
// GetAgentProfile, TakeOverSession, the picker's GetBuddyAgents, GetQueues, GetEntryPoints and
// GetAddressBook), in every agent, connection, session, call and consult state,
// with and without the agent's profile. Every answer is strict JSON and an answer (it carries
// `message`, so a request subscription never takes it back for a request); one request gets one
// answer or one request to Webex, and Webex's refusal of it one answer; only a dialable number is
// ever dialled or consulted, with the configured ANI or one of the profile's; a task action is only
// ever sent for a call the tracker follows; a transfer never goes to an entry point; a station login
// only for a team of the profile; a picker list only asked of the profile's organisation, book and
// desktop profile, and answered once whatever Webex answers.

#include "agent_session.hpp"
#include "agent_state.hpp"
#include "call_tracker.hpp"
#include "phone_number.hpp"
#include "picker_lists.hpp"
#include "plugin_config.hpp"
#include "workspace/json/json_scan.hpp"
#include "workspace/message/envelope.hpp"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace webexcc::outbound;

namespace {

const std::string agent = "agent-1";

// A frame as the client reads it off the socket (these texts are all valid).
webexcc::client::Frame frame_of(const std::string& text) { return webexcc::client::read_frame(text, 1).value().frame; }

// `details`: more members of callProcessingDetails; `extra`: of the interaction.
std::string routing(const std::string& type, const std::string& id, const std::string& state,
                    const std::string& extra = "", const std::string& details = "") {
    return R"({"type":"RoutingMessage","data":{"type":")" + type + R"(","interactionId":")" + id +
           R"(","interaction":{"state":")" + state + R"(","owner":"agent-1",)" + extra +
           R"("callProcessingDetails":{)" + details + R"("dnis":"917702779401"}}}})";
}

// An answered outdial "i-1" to 917702779401; in wrap-up (its auto wrap-up armed) when `ended`.
void start_call(CallTracker& tracker, bool ended) {
    if (!tracker.make_call(R"({"data":"917702779401"})", true).outdial) return;
    for (const char* type : {"AgentOfferContact", "AgentContactAssigned"})
        tracker.notification(frame_of(routing(type, "i-1", "connected")));
    if (ended) tracker.notification(frame_of(routing("AgentWrapup", "i-1", "wrapUp")));
}

// A profile as the plugin reads it: one team, codes with a default wrap-up code, an outdial ANI,
// the US dial plan and a cancellable auto wrap-up.
webexcc::client::AgentProfile agent_profile() {
    webexcc::client::AgentProfile profile;
    profile.teams = {{"team-1", "Team 1"}};
    profile.idle_codes = {{"idle-1", "Break"}};
    profile.wrap_up_codes = {{"wc-1", "Sale"}, {"wc-2", "No sale"}};
    profile.default_wrap_up_code = profile.wrap_up_codes[0];
    profile.outdial_anis = {{"+18005550100", "Main line"}};
    profile.dial_plans = {{"US", "1[0-9]{3}[2-9][0-9]{6}", "", ""}};
    profile.auto_wrap_up = {true, 30, true};
    profile.org_id = "org-1";
    profile.agent_profile_id = "desk-1";
    profile.address_book_id = "book-1";
    return profile;
}

}  // namespace

namespace {

void check_answers(const std::vector<Outgoing>& messages) {
    for (const auto& m : messages)
        if (!workspace::json_scan::check(m.text) || !workspace::message::is_answer(m.text)) std::abort();
}

// MakeCall, as a number, {toAddress, ani} or with none (accepting the preview offered, if any).
void make_call(CallTracker& tracker, const std::string& request, bool connected) {
    auto decision = tracker.make_call(request, connected);
    check_answers(decision.messages);
    if (decision.outdial) {
        if (!normalize_number(decision.outdial->destination)) std::abort();
        const auto& ani = decision.outdial->origin;
        const auto& profile = tracker.profile();
        if (ani != "1908603511" && !(profile && profile->outdial_ani(ani))) std::abort();
    }
    if (decision.accept && decision.accept->path.rfind("/v1/dialer/campaign/", 0) != 0) std::abort();
    if (decision.messages.size() + (decision.outdial ? 1 : 0) + (decision.accept ? 1 : 0) > 1) std::abort();
}

// StationLogin, StationLogout (kind 11, 12) and GetAgentProfile: one answer, or one request.
void session_request(CallTracker& tracker, unsigned kind, const std::string& request, bool connected) {
    SessionDecision decision;
    if (kind == 13) decision = answer_profile_request(request, tracker.profile(), std::nullopt);
    else
        decision =
            tracker.station_request(kind == 11 ? station_login_subtopic : station_logout_subtopic, request, connected);
    check_answers(decision.messages);
    if (decision.messages.size() + (decision.request ? 1 : 0) != 1) std::abort();
    if (!decision.request) return;
    if (kind == 13) std::abort();  // the profile is answered from what the plugin holds
    if (kind == 12 && tracker.open_calls() != 0) std::abort();
    if (kind == 11 && !(tracker.profile() && tracker.profile()->team(decision.login.team_id))) std::abort();
}

// The consult, transfer and conference requests (kind 15). The request's first byte picks one
// (bits 0-2) and what the call went through first (bit 3 a consult to an agent created, bit 4 its
// party answered, bit 5 conferenced, bit 6 a consult offered to this agent on "i-2").
void consult_request(CallTracker& tracker, const std::string& input, bool connected) {
    if (input.empty()) return;
    auto setup = static_cast<std::uint8_t>(input[0]);
    auto feed = [&](const char* type, const char* id, const char* state, const std::string& extra = "") {
        check_answers(tracker.notification(frame_of(routing(
            type, id, state, R"("contactDirection":{"type":"INBOUND"},)" + extra, R"("ctqInProgress":"false",)"))));
    };
    if (setup & 8) {
        tracker.control(Action::consult, R"({"data":{"to":"agent-2","destinationType":"agent"}})", true);
        feed("AgentConsultCreated", "i-1", "consult");
    }
    if (setup & 16) feed("AgentConsulting", "i-1", "consulting");
    if (setup & 32) feed("AgentConsultConferenced", "i-1", "conference");
    if (setup & 64) feed("AgentOfferConsult", "i-2", "consult");
    auto action = static_cast<Action>(static_cast<unsigned>(Action::consult) + setup % 8);
    auto decision = tracker.control(action, input.substr(1), connected);
    check_answers(decision.messages);
    if (decision.messages.size() + (decision.request ? 1 : 0) != 1) std::abort();  // one answer, or one request
    if (!decision.request) return;
    const auto& path = decision.request->path;
    if (path.rfind("/v1/tasks/i-1/", 0) != 0 && path.rfind("/v1/tasks/i-2/", 0) != 0) std::abort();
    auto body = nlohmann::json::parse(decision.request->body);
    auto type = body.value("destinationType", "");
    if (type == "dialNumber" && normalize_number(body["to"].get<std::string>()) != body["to"]) std::abort();
    if (action == Action::transfer && type == "entryPoint") std::abort();
    webexcc::client::ApiResponse refused;
    refused.error = webexcc::client::error_from_http(409, input, "", "task action");
    auto answer = tracker.control_answered(decision.action_id, refused);
    check_answers(answer);
    if (answer.size() != 1 || !tracker.control_answered(decision.action_id, refused).empty()) std::abort();
}

// The picker's lists (kind 13 when the request's first byte is 1-4: GetBuddyAgents, GetQueues,
// GetEntryPoints, GetAddressBook; no JSON text starts with such a byte). The request runs to the
// first newline; what follows is what Webex answers: the GET's body, or the buddy list's frame.
// Bit 0: the profile names no address book.
void picker_request(const CallTracker& tracker, std::uint8_t choice, const std::string& input, bool connected) {
    auto list = picker_lists.at(static_cast<std::size_t>(input[0] - 1));
    auto cut = input.find('\n');
    auto request = input.substr(1, cut == std::string::npos ? std::string::npos : cut - 1);
    auto webex = cut == std::string::npos ? request : input.substr(cut + 1);
    auto profile = tracker.profile();
    if (profile && (choice & 1)) profile->address_book_id.clear();
    auto decision = decide_picker_request(list, request, connected, profile);
    check_answers(decision.messages);
    if (decision.messages.size() + (decision.request ? 1 : 0) != 1) std::abort();  // one answer, or one request
    if (!decision.request) return;
    if (!profile) std::abort();
    const auto& path = decision.request->path;
    if (list == PickerList::buddy_agents) {
        if (!connected || path != "/v1/agents/buddyList" ||
            nlohmann::json::parse(decision.request->body)["agentProfileId"] != "desk-1")
            std::abort();
        BuddyWaits waits;
        auto now = BuddyWaits::Clock::time_point{};
        if (!waits.add(decision.request_id, *decision.request, now).send) std::abort();
        auto frame = webexcc::client::read_frame(webex, 1);
        auto answers =
            waits.notification(frame ? frame->frame.notification : webexcc::client::Notification{}, now).messages;
        auto late = waits.expired(now + buddy_answer_timeout).messages;
        answers.insert(answers.end(), late.begin(), late.end());
        check_answers(answers);
        if (answers.size() != 1 || waits.waiting() != 0) std::abort();
        return;
    }
    // The profile's organisation (and book); the search percent-encoded, nothing else in the query.
    auto prefix = std::string("/organization/org-1/v2/");
    if (path.rfind(prefix, 0) != 0 || (list == PickerList::address_book && profile->address_book_id.empty()))
        std::abort();
    for (char c : path)
        if (!std::isalnum(static_cast<unsigned char>(c)) &&
            std::string_view("/-._~%?&=").find(c) == std::string_view::npos)
            std::abort();
    webexcc::client::ApiResponse served{200, webex, {}, {}, std::nullopt, {}};
    webexcc::client::ApiResponse refused{403, webex, {}, {}, webexcc::client::error_from_http(403, webex, "", "list"),
                                         {}};
    check_answers({list_answered(list, decision.request_id, decision.query, served),
                   list_answered(list, decision.request_id, decision.query, refused)});
}

// SetReadyState / SetNotReadyState: the plugin's own decision and answers, with and without a
// configured idle code; Webex's refusal reads the fuzzed text as its body.
void agent_state(std::uint8_t choice, const std::string& request, bool connected) {
    auto change = choice & 4 ? AgentStateChange::ready : AgentStateChange::not_ready;
    auto decision = decide_agent_state(change, request, connected, choice & 1 ? "idle-1" : "", "agent-1");
    check_answers(decision.messages);
    if (decision.messages.size() + (decision.request ? 1 : 0) != 1) std::abort();  // one answer, or one PUT
    auto refused = webexcc::client::error_from_http(400 + choice % 200, request, "", "agent state change");
    check_answers({agent_state_refused(change, decision.request_id, refused)});
}

}  // namespace

// Byte 0: bit 0 Available (and, for TakeOverSession, the session taken by another client; for a
// picker list, no address book), bit 1 connected, bit 2 a call in progress; bits 3-6 the request
// (13: GetAgentProfile, or a picker list; 15: consult, transfer, conference);
// bit 7 the profile read (then the call is in wrap-up, and without a call a preview reservation is
// offered). The rest is the request.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PluginSettings settings = parse_plugin_config({{"apiBase", "http://127.0.0.1:1"},
                                                                {"accessTokenFile", "t"},
                                                                {"entryPointId", "ep"},
                                                                {"outdialAni", "1908603511"}},
                                                               "/");
    if (size == 0) return 0;
    std::uint8_t choice = data[0];
    std::string request(reinterpret_cast<const char*>(data) + 1, size - 1);
    bool with_profile = choice & 0x80;
    CallTracker tracker(settings);
    tracker.set_wall_clock([] { return std::chrono::system_clock::time_point(std::chrono::hours(500'000)); });
    if (with_profile) tracker.set_profile(agent_profile());
    tracker.notification(frame_of(R"({"type":"Welcome","data":{"agentId":"agent-1"}})"));
    if (choice & 1) tracker.notification(frame_of(R"({"type":"AgentStateChange","data":{"subStatus":"Available"}})"));
    if (choice & 4) start_call(tracker, with_profile);
    else if (with_profile)
        tracker.notification(frame_of(routing("AgentOfferCampaignReservation", "res-1", "new",
                                              R"("outboundType":"PREVIEW",)", R"("campaignId":"Spring Sale",)")));
    bool connected = choice & 2;

    unsigned kind = (choice >> 3) % 16;
    if (kind == 0) {
        make_call(tracker, request, connected);
    } else if (kind <= 7 || kind == 10) {  // the call-control requests; 10: CancelAutoWrapUp
        auto action = kind == 10 ? Action::cancel_auto_wrap_up : static_cast<Action>(kind - 1);
        auto decision = tracker.control(action, request, connected);
        check_answers(decision.messages);
        // Only the call followed: the outdial, or the preview reservation offered (ending it declines it).
        bool followed = decision.request && (decision.request->path.rfind("/v1/tasks/i-1/", 0) == 0 ||
                                             decision.request->path.rfind("/v1/tasks/res-1/", 0) == 0);
        if (decision.request && !followed) std::abort();
    } else if (kind == 8) {
        check_answers(tracker.state_sync(request));
    } else if (kind == 9) {
        agent_state(choice, request, connected);
    } else if (kind == 13 && !request.empty() && request[0] >= 1 && request[0] <= 4) {
        picker_request(tracker, choice, request, connected);
    } else if (kind <= 13) {
        session_request(tracker, kind, request, connected);
    } else if (kind == 15) {
        consult_request(tracker, request, connected);
    } else {  // TakeOverSession: the current state as the answer, or subscribe again when taken
        if (choice & 1) check_answers(tracker.session_taken_over("another client"));
        auto decision = tracker.take_over_request(request);
        check_answers(decision.messages);
        if (decision.messages.size() + (decision.take_over ? 1 : 0) != 1) std::abort();
        if (decision.take_over != (tracker.session() == Session::taken_over)) std::abort();
    }
    return 0;
}
