// Bus requests as any peer could send them (MakeCall, every call-control request, StateSync, the
// agent-state requests), in every agent, connection and call state. Every answer is strict JSON
// and an answer (it carries `message`, so a request subscription never takes it back for a
// request); only a dialable number is ever dialled; a task action is only ever sent for the call
// the tracker follows.

#include "agent_state.hpp"
#include "call_tracker.hpp"
#include "phone_number.hpp"
#include "plugin_config.hpp"
#include "workspace/json/json_scan.hpp"
#include "workspace/message/envelope.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace webexcc::outbound;

namespace {

const std::string agent = "agent-1";

// An answered outdial "i-1" to 917702779401.
// A frame as the client reads it off the socket (these texts are all valid).
webexcc::client::Frame frame_of(const std::string& text) { return webexcc::client::read_frame(text, 1).value().frame; }

void start_call(CallTracker& tracker) {
    if (!tracker.make_call(R"({"data":"917702779401"})", true).outdial) return;
    for (const char* type : {"AgentOfferContact", "AgentContactAssigned"}) {
        std::string frame = std::string(R"({"type":"RoutingMessage","data":{"type":")") + type +
                            R"(","interactionId":"i-1","interaction":{"state":"connected","owner":"agent-1",)"
                            R"("callProcessingDetails":{"dnis":"917702779401"}}}})";
        tracker.notification(frame_of(frame));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PluginSettings settings = parse_plugin_config({{"apiBase", "http://127.0.0.1:1"},
                                                                {"accessTokenFile", "t"},
                                                                {"entryPointId", "ep"},
                                                                {"outdialAni", "1908603511"}},
                                                               "/");
    if (size == 0) return 0;
    std::uint8_t choice = data[0];
    std::string request(reinterpret_cast<const char*>(data) + 1, size - 1);
    CallTracker tracker(settings);
    tracker.notification(frame_of(R"({"type":"Welcome","data":{"agentId":"agent-1"}})"));
    if (choice & 1) tracker.notification(frame_of(R"({"type":"AgentStateChange","data":{"subStatus":"Available"}})"));
    if (choice & 4) start_call(tracker);
    bool connected = choice & 2;
    auto check = [](const std::vector<Outgoing>& messages) {
        for (const auto& m : messages)
            if (!workspace::json_scan::check(m.text) || !workspace::message::is_answer(m.text)) std::abort();
    };

    unsigned kind = (choice >> 3) % 10;
    if (kind == 0) {
        auto decision = tracker.make_call(request, connected);
        check(decision.messages);
        if (decision.outdial && !normalize_number(decision.outdial->destination)) std::abort();
    } else if (kind <= 7) {
        auto decision = tracker.control(static_cast<Action>(kind - 1), request, connected);
        check(decision.messages);
        if (decision.request && decision.request->path.rfind("/v1/tasks/i-1/", 0) != 0) std::abort();
    } else if (kind == 8) {
        check(tracker.state_sync(request));
    } else {
        // The plugin's own decision and answers, with and without a configured idle code; Webex's
        // refusal reads the fuzzed text as its body.
        auto change = choice & 4 ? AgentStateChange::ready : AgentStateChange::not_ready;
        auto decision = decide_agent_state(change, request, connected, choice & 1 ? "idle-1" : "", "agent-1");
        check(decision.messages);
        if (decision.messages.size() + (decision.request ? 1 : 0) != 1) std::abort();  // one answer, or one PUT
        auto refused = webexcc::client::error_from_http(400 + choice % 200, request, "", "agent state change");
        check({agent_state_refused(change, decision.request_id, refused)});
    }
    return 0;
}
