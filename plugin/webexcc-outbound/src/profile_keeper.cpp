#include "profile_keeper.hpp"

#include "webexcc/client/agent_profile.hpp"

namespace webexcc::outbound {

void ProfileKeeper::welcomed(const std::string& agent_id) {
    if (agent_id.empty()) return;
    bool known = tracker_.profile() && tracker_.profile()->agent_id == agent_id;
    agent_id_ = agent_id;
    if (!known) read();
}

void ProfileKeeper::request(const std::string& request_text) {
    // A failed read is tried again on demand; one under way answers this request too.
    if (!tracker_.profile() && !agent_id_.empty()) read();
    if (reading_) waiting_.push_back(request_text);
    else answer(request_text);
}

void ProfileKeeper::read() {
    if (reading_) return;
    reading_ = true;
    rest_.organization(lifetime_.guard([this](workspace::Result<std::string> org) {
        if (!org) return done(org.error());
        client::read_agent_profile(rest_, *org, agent_id_,
                                   lifetime_.guard([this](auto profile) { done(std::move(profile)); }));
    }));
}

void ProfileKeeper::done(workspace::Result<client::AgentProfile> profile) {
    reading_ = false;
    if (profile) {
        failure_.reset();
        log_(client::LogLevel::info, "agent profile read: " + std::to_string(profile->teams.size()) + " teams, " +
                                         std::to_string(profile->idle_codes.size()) + " idle codes, " +
                                         std::to_string(profile->wrap_up_codes.size()) + " wrap-up codes, " +
                                         std::to_string(profile->outdial_anis.size()) + " outdial ANIs");
        tracker_.set_profile(std::move(*profile));
    } else {
        failure_ = profile.error();
        log_(client::LogLevel::warning,
             "the agent profile could not be read: " + failure_->code + ": " + failure_->message);
    }
    for (const auto& waiting : std::exchange(waiting_, {})) answer(waiting);
}

void ProfileKeeper::answer(const std::string& request_text) {
    auto decision = answer_profile_request(request_text, tracker_.profile(), failure_);
    if (!decision.why_refused.empty())
        log_(client::LogLevel::warning, "GetAgentProfile refused: " + decision.why_refused);
    publish_(decision.messages);
}

}  // namespace webexcc::outbound
