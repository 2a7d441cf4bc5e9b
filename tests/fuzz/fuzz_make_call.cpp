// MakeCall requests as any bus peer could send them, in every agent and connection state. Every
// answer is strict JSON, and only a dialable number is ever sent to Webex.

#include "call_tracker.hpp"
#include "phone_number.hpp"
#include "plugin_config.hpp"
#include "workspace/message/json_scan.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace webexcc::outbound;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PluginSettings settings = parse_plugin_config(
        {{"apiBase", "http://127.0.0.1:1"}, {"accessTokenFile", "t"}, {"entryPointId", "ep"}, {"outdialAni", "1908603511"}}, "/");
    if (size == 0) return 0;
    std::string request(reinterpret_cast<const char*>(data) + 1, size - 1);
    CallTracker tracker(settings);
    if (data[0] & 1)
        tracker.notification({R"({"type":"AgentStateChange","data":{"subStatus":"Available"}})", "AgentStateChange", false, 1});
    auto decision = tracker.make_call(request, data[0] & 2);
    for (const auto& m : decision.messages)
        if (!workspace::message::json_scan::check(m.text)) std::abort();
    if (decision.outdial && !normalize_number(decision.outdial->destination)) std::abort();
    return 0;
}
