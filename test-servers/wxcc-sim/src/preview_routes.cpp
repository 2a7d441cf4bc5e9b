// A preview campaign's accept, as the official SDK 3.12.0 sends it (services/task/dialer.ts ~71-105):
// POST /v1/dialer/campaign/{campaignId}/preview-task/{interactionId}/accept, the campaign's NAME
// URL-encoded, body {}. The SDK waits for AgentContactAssigned naming the reservation in
// reservationInteractionId (or ContactEnded of the reservation), and fails on
// CampaignPreviewAcceptFailed naming the campaign.

#include "sim_server.hpp"

namespace wxcc_sim {

namespace {

// "%20" and the like, as encodeURIComponent writes them; nullopt for a broken escape.
std::optional<std::string> percent_decoded(const std::string& text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            return std::nullopt;
        decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return decoded;
}

// {campaign (still encoded), interaction id} of ".../campaign/{c}/preview-task/{id}/accept".
std::optional<std::pair<std::string, std::string>> accept_target(const std::string& path) {
    const std::string head = "/v1/dialer/campaign/", middle = "/preview-task/", tail = "/accept";
    if (path.rfind(head, 0) != 0 || path.size() < head.size() + tail.size() ||
        path.compare(path.size() - tail.size(), tail.size(), tail) != 0)
        return std::nullopt;
    auto inner = path.substr(head.size(), path.size() - head.size() - tail.size());
    auto split = inner.find(middle);
    if (split == std::string::npos || split == 0 || split + middle.size() >= inner.size()) return std::nullopt;
    auto id = inner.substr(split + middle.size());
    if (id.find('/') != std::string::npos) return std::nullopt;
    return std::pair{inner.substr(0, split), id};
}

}  // namespace

Response Simulator::Impl::preview_accept(const Request& request, const std::string& path, const json& body) {
    auto target = accept_target(path);
    if (!target) return error(request, http::status::not_found, "NOT_FOUND", "no such resource " + path, 404);
    task_actions.push_back({{"path", path}, {"body", body}});
    if (task_actions.size() > 64) task_actions.pop_front();
    auto campaign = percent_decoded(target->first);
    if (!campaign)
        return error(request, http::status::bad_request, "BAD_REQUEST", "the campaign id is not URL-encoded", 400);
    const auto& id = target->second;
    auto found = calls.find(id);
    auto waiting = [&](const Call& call) {
        const auto& steps = find_scenario(call.scenario)->steps;
        return call.next_step < steps.size() && steps[call.next_step] == Step::wait_for_accept;
    };
    if (found == calls.end() || !waiting(found->second))
        return error(request, http::status::not_found, "NOT_FOUND", "no preview reservation " + id + " to accept", 404);
    Call& call = found->second;
    if (call.campaign_id != *campaign)
        return error(request, http::status::bad_request, "BAD_REQUEST",
                     "reservation " + id + " is not in campaign " + *campaign, 400);
    // A failed accept leaves the reservation waiting (its time still running).
    if (fail_injected("accept", id, {{"campaignId", call.campaign_id}}))
        return reply(request, http::status::accepted, json::object());
    ++call.next_step;
    schedule(id, options.step);  // voids the reservation's time-out
    return reply(request, http::status::accepted, json::object());
}

}  // namespace wxcc_sim
