#include "picker_requests.hpp"

namespace webexcc::outbound {

void PickerRequests::request(PickerList list, const std::string& request_text, bool connected) {
    auto decision = decide_picker_request(list, request_text, connected, tracker_.profile());
    auto name = std::string(request_subtopic(list));
    publish_(decision.messages);
    if (!decision.request) return log_(client::LogLevel::warning, name + " refused: " + decision.why_refused);
    if (list == PickerList::buddy_agents)
        return take(buddies_.add(decision.request_id, *decision.request, std::chrono::steady_clock::now()));
    // The search is not logged: an address book is searched by number too.
    log_(client::LogLevel::info, name + ": page " + std::to_string(decision.query.page) + " asked of Webex CC");
    rest_.send(*decision.request, lifetime_.guard([this, list, name, request_id = decision.request_id,
                                                   query = decision.query](client::ApiResponse response) {
        auto answer = list_answered(list, request_id, query, response);
        if (!response.ok()) log_(client::LogLevel::warning, name + " refused by Webex CC: " + response.error->message);
        publish_({answer});
    }));
}

void PickerRequests::take(BuddyWaits::Step step) {
    publish_(step.messages);
    if (step.send) {
        log_(client::LogLevel::info, "GetBuddyAgents: the buddy list asked of Webex CC");
        rest_.send(*step.send, lifetime_.guard([this, ticket = step.ticket](client::ApiResponse response) {
            if (!response.ok())
                log_(client::LogLevel::warning, "GetBuddyAgents refused by Webex CC: " + response.error->message);
            take(buddies_.rest_answered(ticket, response, std::chrono::steady_clock::now()));
        }));
    }
    arm_timer();
}

void PickerRequests::on_frame(const client::Frame& frame) {
    auto step = buddies_.notification(frame.notification, std::chrono::steady_clock::now());
    if (step.messages.empty()) return;
    // The names are Webex's, the dial numbers personal: only the count is logged.
    if (frame.notification.buddy_agents)
        log_(client::LogLevel::info,
             "GetBuddyAgents answered: " + std::to_string(frame.notification.buddy_agents->size()) + " agents");
    take(std::move(step));
}

void PickerRequests::stop() {
    timer_.cancel();
    publish_(buddies_.abandon("PLUGIN_DEACTIVATED", "the plugin stopped before Webex Contact Center answered"));
}

// One timer for the request sent; re-armed whenever another is sent.
void PickerRequests::arm_timer() {
    auto deadline = buddies_.next_deadline();
    if (!deadline) return void(timer_.cancel());
    if (timer_.expiry() == *deadline) return;
    timer_.expires_at(*deadline);
    timer_.async_wait(lifetime_.guard([this](boost::system::error_code error) {
        if (error) return;
        auto step = buddies_.expired(std::chrono::steady_clock::now());
        if (!step.messages.empty()) log_(client::LogLevel::warning, "no buddy list from Webex CC in time: TIMEOUT");
        take(std::move(step));
    }));
}

}  // namespace webexcc::outbound
