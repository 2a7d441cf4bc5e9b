// The consult, transfer and conference notification names (@webex/contact-center 3.12.0
// services/config/types.ts ~28-81, CONTACT_MERGED) as TaskSteps. Pure.

#include "webexcc/client/notification.hpp"

#include <array>
#include <utility>

namespace webexcc::client {

namespace {

constexpr std::array<std::pair<std::string_view, TaskStep>, 27> steps{{
    {"AgentOfferConsult", TaskStep::consult_offered},
    {"AgentConsultCreated", TaskStep::consult_created},
    {"AgentConsulting", TaskStep::consulting},
    {"AgentConsultFailed", TaskStep::consult_failed},
    {"AgentCtqFailed", TaskStep::consult_to_queue_failed},
    {"AgentCtqCancelled", TaskStep::consult_to_queue_cancelled},
    {"AgentCtqCancelFailed", TaskStep::consult_to_queue_cancel_failed},
    {"AgentConsultEnded", TaskStep::consult_ended},
    {"AgentConsultEndFailed", TaskStep::consult_end_failed},
    {"AgentConsultTransferring", TaskStep::consult_transferring},
    {"AgentConsultTransferred", TaskStep::consult_transferred},
    {"AgentConsultTransferFailed", TaskStep::consult_transfer_failed},
    {"AgentBlindTransferred", TaskStep::blind_transferred},
    {"AgentBlindTransferFailed", TaskStep::blind_transfer_failed},
    {"AgentVteamTransferred", TaskStep::queue_transferred},
    {"AgentVteamTransferFailed", TaskStep::queue_transfer_failed},
    {"AgentConsultConferencing", TaskStep::conferencing},
    {"AgentConsultConferenced", TaskStep::conferenced},
    {"AgentConsultConferenceFailed", TaskStep::conference_failed},
    {"AgentConsultConferenceEnded", TaskStep::conference_ended},
    {"AgentConsultConferenceEndFailed", TaskStep::conference_end_failed},
    {"ParticipantJoinedConference", TaskStep::participant_joined},
    {"ParticipantLeftConference", TaskStep::participant_left},
    {"ParticipantLeftConferenceFailed", TaskStep::participant_left_failed},
    {"AgentConferenceTransferred", TaskStep::conference_transferred},
    {"AgentConferenceTransferFailed", TaskStep::conference_transfer_failed},
    {"ContactMerged", TaskStep::contact_merged},
}};

}  // namespace

// Exact names, as the SDK's TaskManager switch compares them.
TaskStep task_step_of(std::string_view data_type) {
    for (const auto& [name, step] : steps)
        if (name == data_type) return step;
    return TaskStep::none;
}

bool is_failure(TaskStep step) {
    switch (step) {
        case TaskStep::consult_failed:
        case TaskStep::consult_to_queue_failed:
        case TaskStep::consult_to_queue_cancel_failed:
        case TaskStep::consult_end_failed:
        case TaskStep::consult_transfer_failed:
        case TaskStep::blind_transfer_failed:
        case TaskStep::queue_transfer_failed:
        case TaskStep::conference_failed:
        case TaskStep::conference_end_failed:
        case TaskStep::participant_left_failed:
        case TaskStep::conference_transfer_failed: return true;
        default: return false;
    }
}

}  // namespace webexcc::client
