#pragma once
// The agent's profile in the plugin (I/O shell): read from Webex when the notification socket
// welcomes the agent (its agentId; the organisation from the configuration or the token), handed
// to the CallTracker, and read again on demand when the last read failed. GetAgentProfile requests
// are answered from it, or wait for the read under way. Runs on the plugin's thread.

#include "call_tracker.hpp"

#include "webexcc/client/lifetime.hpp"
#include "webexcc/client/rest_client.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace webexcc::outbound {

class ProfileKeeper {
public:
    using Publish = std::function<void(const std::vector<Outgoing>&)>;
    ProfileKeeper(client::RestClient& rest, CallTracker& tracker, Publish publish, client::Logger log)
        : rest_(rest), tracker_(tracker), publish_(std::move(publish)), log_(std::move(log)) {}

    // A Welcome for `agent_id`: reads the profile unless it is known for that agent.
    void welcomed(const std::string& agent_id);
    // A GetAgentProfile request (JSON text): its one answer, now or when the read under way ends.
    void request(const std::string& request_text);

private:
    void read();
    void done(workspace::Result<client::AgentProfile> profile);
    void answer(const std::string& request_text);

    client::RestClient& rest_;
    CallTracker& tracker_;
    Publish publish_;
    client::Logger log_;
    std::string agent_id_;                       // the last Welcome's
    bool reading_ = false;                       // a read is under way
    std::optional<workspace::Problem> failure_;  // why the last read failed; empty after a good one
    std::vector<std::string> waiting_;           // GetAgentProfile requests the read under way answers
    client::Lifetime lifetime_;                  // the handlers of the reads use `this`
};

}  // namespace webexcc::outbound
