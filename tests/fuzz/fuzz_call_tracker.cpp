// The call tracker fed a fuzzed sequence of MakeCalls, REST answers, timeouts and notification
// frames (well-formed ones built from fuzzed choices, and raw fuzzed text). Checked on every
// message: strict JSON. Checked per MakeCall at the end (after shutdown): an accepted request ends
// in exactly one DROPPED, nothing follows it, no lifecycle event twice; a rejected one has none.

#include "call_tracker.hpp"
#include "plugin_config.hpp"
#include "workspace/message/json_scan.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
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
    const T& pick(const std::vector<T>& from) { return from[byte() % from.size()]; }
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
    static const std::vector<std::string> types = {
        "AgentOfferContact", "AgentContactAssigned", "ContactEnded", "AgentWrapup", "AgentWrappedUp",
        "AgentOutboundFailed", "AgentOfferContactRona", "AgentContactAssignFailed", "AgentContactHeld",
        "AgentContactUnheld", "AgentContact", "AgentContactReserved", "SomethingNew"};
    static const std::vector<std::string> ids = {"i-1", "i-2", "i-3", ""};
    static const std::vector<std::string> states = {"new", "connected", "held", "wrapUp", "ended", ""};
    static const std::vector<std::string> numbers = {"917702779401", "15550001001", "+917702779401", "1"};
    json data = {{"type", in.pick(types)}, {"interactionId", in.pick(ids)}, {"orgId", "org"}};
    json interaction = {{"state", in.pick(states)},
                        {"contactDirection", {{"type", in.byte() % 4 ? "OUTBOUND" : "INBOUND"}}},
                        {"outboundType", in.byte() % 4 ? "OUTDIAL" : "CAMPAIGN"},
                        {"owner", in.byte() % 4 ? agent : "someone-else"},
                        {"callProcessingDetails",
                         {{"dnis", in.pick(numbers)}, {"ani", "1908603511"}, {"recordingStarted", in.byte() % 2 == 0}}},
                        {"participants", {{agent, {{"isWrapUp", in.byte() % 2 == 0}}}}}};
    data["interaction"] = interaction;
    if (in.byte() % 3 == 0) data["reason"] = "CUSTOMER_BUSY", data["reasonCode"] = 1022;
    if (in.byte() % 5 == 0) data["agentsPendingWrapUp"] = json::array({agent});
    return {{"type", "RoutingMessage"}, {"trackingId", "t"}, {"data", data}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PluginSettings settings = parse_plugin_config(
        {{"apiBase", "http://127.0.0.1:1"}, {"accessTokenFile", "t"}, {"entryPointId", "ep"}, {"outdialAni", "1908603511"}}, "/");
    CallTracker tracker(settings);
    Input in(data, size);
    std::map<std::string, std::vector<std::string>> events;  // by requestId
    std::set<std::string> accepted;
    std::vector<std::uint64_t> attempts;
    int requests = 0;

    auto take = [&](const std::vector<Outgoing>& messages) {
        for (const auto& m : messages) {
            if (!workspace::message::json_scan::check(m.text)) std::abort();  // not strict JSON
            auto parsed = json::parse(m.text);
            const auto& message = parsed["message"];
            if (message.contains("call")) events[message.value("requestId", std::string())].push_back(message["call"]["event"]);
        }
    };
    auto feed = [&](const std::string& text) { take(tracker.notification({text, "RoutingMessage", false, 1})); };

    take(tracker.notification({R"({"type":"Welcome","data":{"agentId":"agent-1"}})", "Welcome", false, 1}));
    take(tracker.notification({R"({"type":"AgentStateChange","data":{"subStatus":"Available"}})", "AgentStateChange", false, 1}));
    while (!in.empty()) {
        switch (in.byte() % 8) {
            case 0: {
                auto id = "r" + std::to_string(++requests);
                json request = {{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"},
                                {"data", in.byte() % 4 ? "917702779401" : in.text()}, {"requestId", id}};
                auto decision = tracker.make_call(request.dump(-1, ' ', false, json::error_handler_t::replace), in.byte() % 8 != 0);
                take(decision.messages);
                if (decision.outdial) accepted.insert(id), attempts.push_back(decision.attempt);
                break;
            }
            case 1:
                if (!attempts.empty()) {
                    webexcc::client::ApiResponse answer;
                    if (in.byte() % 2) answer.error = webexcc::client::ApiError::make(webexcc::client::ErrorKind::network, "x");
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
                take(tracker.notification({relogin.dump(), "AgentReloginSuccess", false, 1}));
                break;
            }
            default: feed(frame_from(in).dump()); break;
        }
    }
    take(tracker.shutdown("PLUGIN_DEACTIVATED"));

    static const std::set<std::string> lifecycle = {"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                                    "eAgentContactEnded", "acw", "DROPPED"};
    for (const auto& [request, list] : events) {
        if (!accepted.count(request)) std::abort();  // a call nobody asked for
        if (list.empty() || list.back() != "DROPPED") std::abort();
        std::set<std::string> seen;
        for (const auto& event : list)
            if (lifecycle.count(event) && !seen.insert(event).second) std::abort();  // twice, or after DROPPED
    }
    for (const auto& request : accepted)
        if (!events.count(request)) std::abort();  // an accepted MakeCall without its DROPPED
    return 0;
}
