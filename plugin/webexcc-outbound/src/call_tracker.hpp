#pragma once
// The state of the agent and of its outbound calls: decides what a MakeCall does and which messages
// each notification produces. No I/O and no clock: the plugin feeds it requests, REST answers,
// frames and timeouts, and publishes what it returns. Tested directly.

#include "notification_mapper.hpp"
#include "plugin_config.hpp"
#include "webexcc/client/notification_channel.hpp"
#include "webexcc/client/requests.hpp"
#include "webexcc/client/rest_client.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <unordered_set>
#include <utility>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace webexcc::outbound {

// One message to publish on channel Webexcc.
struct Outgoing {
    std::string topic;
    std::string subtopic;
    std::string text;
};

class CallTracker {
public:
    explicit CallTracker(const PluginSettings& settings) : settings_(settings) {}

    struct MakeCallDecision {
        std::vector<Outgoing> messages;                 // a rejection, when rejected
        std::optional<client::OutdialRequest> outdial;  // set when accepted: POST it
        std::uint64_t attempt = 0;                      // identifies the accepted request
        std::string number;                             // normalized, for logs
    };
    // A MakeCall bus message (its JSON text). `connected`: the notification socket is up.
    MakeCallDecision make_call(std::string_view request_text, bool connected);

    // The answer to the outdial POST of `attempt`.
    std::vector<Outgoing> outdial_answered(std::uint64_t attempt, const client::ApiResponse& response);
    // No offer for `attempt` in time.
    std::vector<Outgoing> offer_timed_out(std::uint64_t attempt);
    // A notification frame (agent state and call events).
    std::vector<Outgoing> notification(const client::Frame& frame);
    // The plugin stops: DROPPED for every call not yet over.
    std::vector<Outgoing> shutdown(std::string_view reason);

    // Why frames were skipped as malformed since the last call, oldest first; the plugin logs
    // each and asks Webex for the state again (a skipped frame may have ended a call).
    std::vector<std::string> take_rejections() { return std::exchange(rejected_, {}); }

    bool placing() const { return pending_.has_value(); }
    std::size_t open_calls() const { return calls_.size(); }
    const std::string& agent_id() const { return agent_id_; }
    bool ready() const { return agent_state_ == "Available"; }
    const std::string& agent_state() const { return agent_state_; }

private:
    struct Pending {
        std::uint64_t attempt;
        std::string number;
        std::string request_id;
    };
    struct Call {
        std::string id;
        std::string number;
        std::string request_id;
        CallProgress progress;
    };

    void agent_update(const CallSnapshot& agent, std::vector<Outgoing>& out);
    void reconcile(const CallSnapshot& relogin, std::string_view text, std::vector<Outgoing>& out);
    // Appends the messages of `events` for `call` to `out`; a DROPPED finishes the call.
    void append_call_messages(Call& call, const std::vector<std::string>& events, std::string_view text,
                              const CallSnapshot* snapshot, std::vector<Outgoing>& out,
                              std::string_view reason_message = {});
    void finish(std::string id);
    Outgoing dropped_before_offer(const Pending& pending, const std::string& reason, const nlohmann::json& code,
                                  const std::string& message);

    const PluginSettings& settings_;
    std::optional<Pending> pending_;
    std::map<std::string, Call> calls_;
    // Interactions already DROPPED, newest last: their late frames are ignored. A few hundred
    // calls cover any reconnect replay many times over.
    static constexpr std::size_t remembered_finished_calls = 512;
    std::unordered_set<std::string> finished_;
    std::deque<std::string> finished_order_;
    std::uint64_t attempts_ = 0;
    std::string agent_id_;
    std::string agent_state_;
    std::string agent_reason_;
    std::vector<std::string> rejected_;
};

}  // namespace webexcc::outbound
