#include "picker_requests.hpp"

namespace webexcc::outbound {

void PickerRequests::request(PickerList list, const std::string& request_text, bool connected) {
    auto decision = decide_picker_request(list, request_text, connected, tracker_.profile());
    auto name = std::string(request_subtopic(list));
    publish_(decision.messages);
    if (!decision.request) return log_(client::LogLevel::warning, name + " refused: " + decision.why_refused);
    if (list == PickerList::buddy_agents) return ask_buddies(*decision.request, decision.request_id);
    // The search is not logged: an address book is searched by number too.
    log_(client::LogLevel::info, name + ": page " + std::to_string(decision.query.page) + " asked of Webex CC");
    rest_.send(*decision.request, lifetime_.guard([this, list, name, request_id = decision.request_id,
                                                   query = decision.query](client::ApiResponse response) {
        auto answer = list_answered(list, request_id, query, response);
        if (!response.ok()) log_(client::LogLevel::warning, name + " refused by Webex CC: " + response.error->message);
        publish_({answer});
    }));
}

void PickerRequests::ask_buddies(const client::ApiRequest& request, std::string request_id) {
    log_(client::LogLevel::info, "GetBuddyAgents: the buddy list asked of Webex CC");
    auto ticket = buddies_.add(std::move(request_id), std::chrono::steady_clock::now());
    rest_.send(request, lifetime_.guard([this, ticket](client::ApiResponse response) {
        if (!response.ok())
            log_(client::LogLevel::warning, "GetBuddyAgents refused by Webex CC: " + response.error->message);
        publish_(buddies_.rest_answered(ticket, response));
        arm_timer();
    }));
    arm_timer();
}

void PickerRequests::on_frame(const client::Frame& frame) {
    auto answers = buddies_.notification(frame.notification);
    if (answers.empty()) return;
    // The names are Webex's, the dial numbers personal: only the count is logged.
    if (frame.notification.buddy_agents)
        log_(client::LogLevel::info,
             "GetBuddyAgents answered: " + std::to_string(frame.notification.buddy_agents->size()) + " agents");
    publish_(answers);
    arm_timer();
}

void PickerRequests::stop() {
    timer_.cancel();
    publish_(buddies_.abandon("PLUGIN_DEACTIVATED", "the plugin stopped before Webex Contact Center answered"));
}

// One timer for the oldest request waiting; re-armed whenever the oldest changes.
void PickerRequests::arm_timer() {
    auto deadline = buddies_.next_deadline();
    if (!deadline) return void(timer_.cancel());
    if (timer_.expiry() == *deadline) return;
    timer_.expires_at(*deadline);
    timer_.async_wait(lifetime_.guard([this](boost::system::error_code error) {
        if (error) return;
        auto timed_out = buddies_.expired(std::chrono::steady_clock::now());
        if (!timed_out.empty()) log_(client::LogLevel::warning, "no buddy list from Webex CC in time: TIMEOUT");
        publish_(timed_out);
        arm_timer();
    }));
}

}  // namespace webexcc::outbound
