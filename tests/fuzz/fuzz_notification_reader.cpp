// The client's notification reader fed any bytes as a WebSocket frame: read or refused with a
// Problem (BAD_JSON, INVALID_NOTIFICATION), never a crash. A frame read is strict JSON and every
// text read from it valid UTF-8; a consult, transfer or conference step (not a ...Failed) without its call, or a
// buddy list with an agent lacking its id, is never passed on as sound (it is malformed).

#include "webexcc/client/notification.hpp"
#include "workspace/json/json_scan.hpp"
#include "workspace/json/utf8.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace webexcc::client;

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

void check_texts(const Notification& n) {
    const auto& i = n.interaction;
    for (const auto* text : {&n.type, &n.org_id, &n.reason, &i.id, &i.state, &n.consult.dest_agent_id,
                             &n.consult.participant_id, &n.consult.child_interaction_id})
        require(workspace::utf8::valid(*text));
    for (const auto& p : i.participants)
        require(workspace::utf8::valid(p.id) && workspace::utf8::valid(p.p_type) && workspace::utf8::valid(p.ep_id));
    for (const auto& media : i.media)
        for (const auto& id : media.participants) require(workspace::utf8::valid(id));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto read = read_frame(text, 1);
    if (!read) {
        require(read.error().code == "BAD_JSON" || read.error().code == "INVALID_NOTIFICATION");
        return 0;
    }
    require(workspace::json_scan::check(read->frame.text).has_value());
    const auto& n = read->frame.notification;
    check_texts(n);
    require(n.step == task_step_of(n.type));
    if (n.step != TaskStep::none && !is_failure(n.step) && n.interaction.id.empty()) require(!n.malformed.empty());
    if (n.buddy_agents && n.malformed.empty())
        for (const auto& agent : *n.buddy_agents) require(!agent.agent_id.empty());
    return 0;
}
