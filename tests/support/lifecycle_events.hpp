#pragma once
// The Workspace events that happen at most once in a call's life (the fuzzer and the soak check
// that none comes twice, nor after DROPPED). Held, resumed and recording-paused may repeat.

#include <set>
#include <string>

namespace workspace_tests {

inline const std::set<std::string>& lifecycle_events() {
    static const std::set<std::string> events = {"eAgentOfferContact",
                                                 "CustAnswered",
                                                 "eCallRecordingStarted",
                                                 "eAgentContactEnded",
                                                 "acw",
                                                 "DROPPED",
                                                 "connected",
                                                 "eAgentContactAssigned",
                                                 "eCallRecordingstarted",
                                                 "eAgentOfferCampaignReserved"};
    return events;
}

}  // namespace workspace_tests
