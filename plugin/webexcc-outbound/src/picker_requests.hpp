#pragma once
// The picker's lists in the plugin (I/O shell around picker_lists): GetQueues, GetEntryPoints and
// GetAddressBook become one GET each, answered from its answer; GetBuddyAgents a POST whose list
// arrives later as a BuddyAgents notification (on_frame): one POST at a time, the waiting requests
// answered in order, TIMEOUT buddy_answer_timeout after its POST. Runs on the plugin's thread.

#include "call_tracker.hpp"
#include "picker_lists.hpp"

#include "webexcc/client/lifetime.hpp"
#include "webexcc/client/rest_client.hpp"

#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <vector>

namespace webexcc::outbound {

class PickerRequests {
public:
    using Publish = std::function<void(const std::vector<Outgoing>&)>;
    PickerRequests(boost::asio::any_io_executor executor, client::RestClient& rest, const CallTracker& tracker,
                   Publish publish, client::Logger log)
        : timer_(std::move(executor)),
          rest_(rest),
          tracker_(tracker),
          publish_(std::move(publish)),
          log_(std::move(log)) {}

    // A request of `list` (JSON text): its one answer, now or when Webex answers.
    void request(PickerList list, const std::string& request_text, bool connected);
    // Every notification: a buddy list answers the oldest GetBuddyAgents waiting.
    void on_frame(const client::Frame& frame);
    // The plugin stops: each GetBuddyAgents still waiting is answered PLUGIN_DEACTIVATED.
    void stop();

private:
    // Publishes the step's answers, sends its POST, and re-arms the timer for the oldest request.
    void take(BuddyWaits::Step step);
    void arm_timer();

    boost::asio::steady_timer timer_;  // the deadline of the GetBuddyAgents sent
    client::RestClient& rest_;
    const CallTracker& tracker_;
    Publish publish_;
    client::Logger log_;
    BuddyWaits buddies_;
    client::Lifetime lifetime_;  // the handlers of the requests and the timer use `this`
};

}  // namespace webexcc::outbound
