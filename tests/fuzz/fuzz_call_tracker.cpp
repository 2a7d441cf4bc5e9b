// The call tracker fed a fuzzed sequence of MakeCalls, call-control requests, REST answers,
// timeouts, expired timers (the auto wrap-up's too) and notification frames (well-formed ones built
// from fuzzed choices, and raw fuzzed text). Checked on every message: strict JSON; a control request
// is only ever sent for a call the tracker follows. Checked per call at the end (after shutdown): an
// accepted MakeCall, and every call followed without one (campaign, inbound, consult; by the id the
// CRM was shown: a preview's call under a new id keeps its reservation's), ends in exactly one
// DROPPED, nothing follows it, no lifecycle event twice; a rejected MakeCall has none. Replaying a
// finding with FUZZ_DEBUG=1 prints each frame and message.

#include "../support/lifecycle_events.hpp"
#include "call_tracker.hpp"
#include "plugin_config.hpp"
#include "workspace/json/json_scan.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace webexcc::outbound;
using nlohmann::json;

namespace {

const std::string agent = "agent-1";

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return at_ >= size_; }
    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
    template <class T>
    const T& pick(const std::vector<T>& from) {
        return from[byte() % from.size()];
    }
    std::string text() {
        std::size_t length = byte() % 64;
        std::string out;
        while (length-- > 0 && !empty()) out += char(byte());
        return out;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

json frame_from(Input& in) {
    static const std::vector<std::string> types = {"AgentOfferContact",
                                                   "AgentContactAssigned",
                                                   "ContactEnded",
                                                   "AgentWrapup",
                                                   "AgentWrappedUp",
                                                   "AgentOutboundFailed",
                                                   "AgentOfferContactRona",
                                                   "AgentContactAssignFailed",
                                                   "AgentContactHeld",
                                                   "AgentContactUnheld",
                                                   "AgentContact",
                                                   "AgentContactReserved",
                                                   "SomethingNew",
                                                   "AgentOfferCampaignReservation",
                                                   "AgentOfferConsult",
                                                   "AgentConsulting",
                                                   "AgentConsultEnded",
                                                   "AgentContactHoldFailed",
                                                   "AgentWrapupFailed",
                                                   "ContactRecordingPaused",
                                                   "ContactRecordingResumed",
                                                   "AgentContactEndFailed",
                                                   "CampaignPreviewAcceptFailed"};
    static const std::vector<std::string> ids = {"i-1", "i-2", "i-3", ""};
    static const std::vector<std::string> states = {"new", "connected", "held", "wrapUp", "ended", ""};
    static const std::vector<std::string> numbers = {"917702779401", "15550001001", "+917702779401", "1"};
    json data = {{"type", in.pick(types)}, {"interactionId", in.pick(ids)}, {"orgId", "org"}};
    json interaction = {{"state", in.pick(states)},
                        {"contactDirection", {{"type", in.byte() % 4 ? "OUTBOUND" : "INBOUND"}}},
                        {"outboundType", in.byte() % 4 ? "OUTDIAL" : "PREVIEW"},
                        {"owner", in.byte() % 4 ? agent : "someone-else"},
                        {"callProcessingDetails",
                         {{"dnis", in.pick(numbers)}, {"ani", "1908603511"}, {"recordingStarted", in.byte() % 2 == 0}}},
                        {"participants", {{agent, {{"isWrapUp", in.byte() % 2 == 0}}}}}};
    switch (in.byte() % 8) {  // a field missing: Webex may not send it
        case 0: interaction.erase("contactDirection"); break;
        case 1: interaction.erase("outboundType"); break;
        case 2: interaction["participants"][agent].erase("isWrapUp"); break;
        default: break;
    }
    data["interaction"] = interaction;
    if (in.byte() % 3 == 0) data["reason"] = "CUSTOMER_BUSY", data["reasonCode"] = 1022;
    if (in.byte() % 5 == 0) data["agentsPendingWrapUp"] = json::array({agent});
    if (in.byte() % 6 == 0) data["reservationInteractionId"] = in.pick(ids);
    if (in.byte() % 4 == 0) data["campaignId"] = "Campaign A/1";
    return {{"type", "RoutingMessage"}, {"trackingId", "t"}, {"data", data}};
}

// A REST answer: success, or a network error, as the input chooses.
webexcc::client::ApiResponse rest_answer(Input& in) {
    webexcc::client::ApiResponse answer;
    if (in.byte() % 2) answer.error = workspace::Problem("NETWORK_ERROR", "x");
    return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PluginSettings settings = parse_plugin_config({{"apiBase", "http://127.0.0.1:1"},
                                                                {"accessTokenFile", "t"},
                                                                {"entryPointId", "ep"},
                                                                {"outdialAni", "1908603511"},
                                                                {"defaultWrapUpCodeId", "wc"}},
                                                               "/");
    static const std::vector<std::string> call_ids = {"i-1", "i-2", "i-3", "", "nobody"};
    CallTracker tracker(settings);
    if (size > 0 && data[0] % 2)  // the profile's auto wrap-up, cancellable or not, on a fixed clock
    {
        webexcc::client::AgentProfile profile;
        profile.auto_wrap_up = {true, 5, data[0] % 4 == 1};
        profile.default_wrap_up_code = webexcc::client::NamedItem{"wc", "Sale"};
        tracker.set_profile(profile);
        tracker.set_wall_clock([] { return std::chrono::system_clock::time_point(std::chrono::hours(1)); });
    }
    Input in(data, size);
    std::map<std::string, std::vector<std::string>> events;  // by requestId, or "call <id>" for calls nobody placed
    std::set<std::string> accepted;
    std::vector<std::uint64_t> attempts, actions;
    std::vector<TimerRequest> timers;
    int requests = 0;

    auto take = [&](const std::vector<Outgoing>& messages) {
        for (const auto& m : messages) {
            if (!workspace::json_scan::check(m.text)) std::abort();  // not strict JSON
            auto parsed = json::parse(m.text);
            const auto& message = parsed["message"];
            if (!message.contains("call")) continue;
            auto request = message.value("requestId", std::string());
            auto key = request.empty() ? "call " + message["call"].value("id", "") : request;
            const auto& actual = message["call"]["ResponseActual"];
            events[key].push_back(message["call"]["event"]);
            if (std::getenv("FUZZ_DEBUG"))
                std::fprintf(stderr, "  %s %s <- %s\n", key.c_str(),
                             message["call"]["event"].get<std::string>().c_str(), actual.dump().substr(0, 300).c_str());
        }
        for (auto& asked : tracker.take_timers()) {
            if (!asked.cancel) timers.push_back(asked);
            else  // as the plugin: a cancelled timer never expires
                std::erase_if(timers,
                              [&](const auto& t) { return t.call_id == asked.call_id && t.kind == asked.kind; });
        }
    };
    // As the notification channel does: a frame the client's reader refuses never reaches the tracker.
    auto feed = [&](const std::string& text) {
        if (std::getenv("FUZZ_DEBUG")) std::fprintf(stderr, "frame %s\n", text.substr(0, 400).c_str());
        if (auto read = webexcc::client::read_frame(text, 1)) take(tracker.notification(read->frame));
    };

    feed(R"({"type":"Welcome","data":{"agentId":"agent-1"}})");
    feed(R"({"type":"AgentStateChange","data":{"subStatus":"Available"}})");
    while (!in.empty()) {
        switch (in.byte() % 11) {
            case 0: {
                auto id = "r" + std::to_string(++requests);
                json request = {{"channel", "Webexcc"},
                                {"topic", "OutboundCall"},
                                {"subtopic", "MakeCall"},
                                {"data", in.byte() % 4   ? json("917702779401")
                                         : in.byte() % 2 ? json(in.text())
                                                         : json()},
                                {"requestId", id}};
                auto decision =
                    tracker.make_call(request.dump(-1, ' ', false, json::error_handler_t::replace), in.byte() % 8 != 0);
                take(decision.messages);
                if (decision.outdial) accepted.insert(id), attempts.push_back(decision.attempt);
                if (decision.accept) actions.push_back(decision.action_id);  // a preview's accept
                break;
            }
            case 1:
                if (!attempts.empty()) {
                    auto answer = rest_answer(in);  // before the index: one order of reading the input
                    take(tracker.outdial_answered(attempts[in.byte() % attempts.size()], answer));
                }
                break;
            case 2:
                if (!attempts.empty()) take(tracker.offer_timed_out(attempts[in.byte() % attempts.size()]));
                break;
            case 3: feed(in.text()); break;  // raw bytes as a frame
            case 4: {
                json relogin = {{"type", "AgentReloginSuccess"},
                                {"data", {{"subStatus", "Available"}, {"interactionIds", json::array({"i-1"})}}}};
                feed(relogin.dump());
                break;
            }
            case 5: {
                auto action = static_cast<Action>(in.byte() % 8);  // the control requests, CancelAutoWrapUp last
                json request = {{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", request_name(action)}};
                if (in.byte() % 2) request["data"] = {{"callId", in.pick(call_ids)}, {"wrapup", "wc-1"}};
                auto decision = tracker.control(action, in.byte() % 4 ? request.dump() : in.text(), in.byte() % 8 != 0);
                take(decision.messages);
                // Sent, or answered at once (refused, or a cancelled auto wrap-up): one of them.
                if (decision.request.has_value() == !decision.messages.empty()) std::abort();
                if (decision.request) {
                    if (decision.request->path.find("/v1/tasks//") != std::string::npos)
                        std::abort();  // a call with no id
                    actions.push_back(decision.action_id);
                }
                break;
            }
            case 6:
                if (!actions.empty()) {
                    auto answer = rest_answer(in);
                    take(tracker.control_answered(actions[in.byte() % actions.size()], answer));
                }
                break;
            case 7:
                if (!timers.empty()) {
                    auto at = in.byte() % timers.size();
                    auto timer = timers[at];
                    timers.erase(timers.begin() + long(at));
                    {
                        auto decision = tracker.timer_expired(timer.call_id, timer.kind);
                        take(decision.messages);
                        if (decision.request) actions.push_back(decision.action_id);
                    }
                }
                break;
            default: feed(frame_from(in).dump()); break;
        }
    }
    take(tracker.shutdown("PLUGIN_DEACTIVATED"));

    const auto& lifecycle = workspace_tests::lifecycle_events();
    if (std::getenv("FUZZ_DEBUG"))
        for (const auto& [key, list] : events) {
            std::fprintf(stderr, "%s:", key.c_str());
            for (const auto& e : list) std::fprintf(stderr, " %s", e.c_str());
            std::fprintf(stderr, "\n");
        }
    for (const auto& [key, list] : events) {
        if (key.rfind("call ", 0) != 0 && !accepted.count(key)) std::abort();  // a MakeCall nobody made
        if (list.empty() || list.back() != "DROPPED") std::abort();
        std::set<std::string> seen;
        for (const auto& event : list)
            if (lifecycle.count(event) && !seen.insert(event).second) std::abort();  // twice, or after DROPPED
    }
    for (const auto& request : accepted)
        if (!events.count(request)) std::abort();  // an accepted MakeCall without its DROPPED
    return 0;
}
