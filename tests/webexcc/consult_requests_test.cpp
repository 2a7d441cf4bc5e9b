// Consult, transfer and conference requests, the buddy list and the picker's lists: each path and
// body as the official SDK (@webex/contact-center 3.12.0) builds it; the file:line of the SDK source
// is in each check's comment.

#include "webexcc/client/requests.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace webexcc::client;
using nlohmann::json;

namespace {

void check_task_action(const ApiRequest& request, const std::string& path, const json& body) {
    CHECK(request.method == Method::post);
    CHECK(request.path == path);
    CHECK(json::parse(request.body) == body);
    CHECK(request.replay == Replay::never);  // each changes a live call: never sent twice
}

}  // namespace

TEST_CASE("A consult goes to an agent, a queue, a dial number or an entry point (task/contact.ts:154-156)") {
    // task/types.ts:1022-1029 ConsultPayload; task/index.ts:1168-1171 sends the caller's payload as is.
    check_task_action(consult_task("i-1", {"agent-2", Destination::agent}), "/v1/tasks/i-1/consult",
                      {{"to", "agent-2"}, {"destinationType", "agent"}, {"holdParticipants", true}});
    check_task_action(consult_task("i-1", {"q-1", Destination::queue}), "/v1/tasks/i-1/consult",
                      {{"to", "q-1"}, {"destinationType", "queue"}, {"holdParticipants", true}});
    check_task_action(consult_task("i-1", {"+14155550100", Destination::dial_number}), "/v1/tasks/i-1/consult",
                      {{"to", "+14155550100"}, {"destinationType", "dialNumber"}, {"holdParticipants", true}});
    check_task_action(consult_task("i-1", {"ep-1", Destination::entry_point}), "/v1/tasks/i-1/consult",
                      {{"to", "ep-1"}, {"destinationType", "entryPoint"}, {"holdParticipants", true}});
    CHECK(consult_task("i-1", {"agent-2", Destination::agent}).action == "consult");
}

TEST_CASE("A consult ends with /consult/end; a queueId cancels a consult to a queue (task/contact.ts:192-203)") {
    // types.ts:1062-1065 ConsultEndAPIPayload: only the queueId ever goes out.
    check_task_action(end_consult("i-1", ""), "/v1/tasks/i-1/consult/end", json::object());
    check_task_action(end_consult("i-1", "q-1"), "/v1/tasks/i-1/consult/end", {{"queueId", "q-1"}});
    CHECK(end_consult("i-1", "").action == "end consult");
    CHECK(end_consult("i-1", "q-1").action == "cancel consult to queue");
    // contact.ts:238-240 consultAccept.
    check_task_action(accept_consult("i-1"), "/v1/tasks/i-1/consult/accept", json::object());
}

TEST_CASE("A blind transfer and a transfer to a queue share one path and body (task/index.ts:1351-1362)") {
    // contact.ts:262-264 blindTransfer and 286-288 vteamTransfer; types.ts:1000-1005 TransferPayLoad.
    check_task_action(transfer_task("i-1", {"agent-2", Destination::agent}), "/v1/tasks/i-1/transfer",
                      {{"to", "agent-2"}, {"destinationType", "agent"}});
    check_task_action(transfer_task("i-1", {"q-1", Destination::queue}), "/v1/tasks/i-1/transfer",
                      {{"to", "q-1"}, {"destinationType", "queue"}});
    check_task_action(transfer_task("i-1", {"+14155550100", Destination::dial_number}), "/v1/tasks/i-1/transfer",
                      {{"to", "+14155550100"}, {"destinationType", "dialNumber"}});
    CHECK(transfer_task("i-1", {"q-1", Destination::queue}).action == "transfer to queue");
    CHECK(transfer_task("i-1", {"agent-2", Destination::agent}).action == "blind transfer");
}

TEST_CASE("Consult transfer, conference, exit and conference transfer (task/contact.ts:310-313, 435-505)") {
    // task/index.ts:1465-1473: {to: the consulted party, destinationType}.
    check_task_action(consult_transfer("i-1", {"agent-2", Destination::agent}), "/v1/tasks/i-1/consult/transfer",
                      {{"to", "agent-2"}, {"destinationType", "agent"}});
    check_task_action(consult_transfer("i-1", {"ep-1", Destination::entry_point}), "/v1/tasks/i-1/consult/transfer",
                      {{"to", "ep-1"}, {"destinationType", "entryPoint"}});
    // task/index.ts:1559-1575 ConsultConferenceData {agentId: this agent, to, destinationType}.
    check_task_action(consult_conference("i-1", "agent-1", {"agent-2", Destination::agent}),
                      "/v1/tasks/i-1/consult/conference",
                      {{"agentId", "agent-1"}, {"to", "agent-2"}, {"destinationType", "agent"}});
    // task/index.ts:1663-1665 and 1749-1751: no body but {}.
    check_task_action(exit_conference("i-1"), "/v1/tasks/i-1/conference/exit", json::object());
    check_task_action(transfer_conference("i-1"), "/v1/tasks/i-1/conference/transfer", json::object());
}

TEST_CASE("An interaction id is one path segment, whatever it holds") {
    CHECK(consult_task("a/../b?x", {"agent-2", Destination::agent}).path == "/v1/tasks/a%2F..%2Fb%3Fx/consult");
    CHECK(exit_conference("i 1").path == "/v1/tasks/i%201/conference/exit");
}

TEST_CASE("The buddy list is a POST answered by a notification (services/agent/index.ts:127-131)") {
    // cc.ts:679-681 adds the profile's agentProfileId; agent/types.ts:355-360 BuddyAgents.
    auto all = get_buddy_agents("profile-1", "telephony", "");
    CHECK(all.method == Method::post);
    CHECK(all.path == "/v1/agents/buddyList");
    CHECK(json::parse(all.body) == json{{"agentProfileId", "profile-1"}, {"mediaType", "telephony"}});
    CHECK(all.replay == Replay::safe);
    CHECK(json::parse(get_buddy_agents("profile-1", "telephony", "Available").body) ==
          json{{"agentProfileId", "profile-1"}, {"mediaType", "telephony"}, {"state", "Available"}});
}

TEST_CASE("Queues, entry points and address book entries by page and search (config/constants.ts:258-284)") {
    // Queue.ts:165-174: page, pageSize, then search when given; no sortOrder unless asked.
    auto queues = get_queues("org 1", {});
    CHECK(queues.method == Method::get);
    CHECK(queues.replay == Replay::safe);
    CHECK(queues.path == "/organization/org%201/v2/contact-service-queue?page=0&pageSize=100");
    CHECK(get_queues("org-1", {2, 25, "Sales & support"}).path ==
          "/organization/org-1/v2/contact-service-queue?page=2&pageSize=25&search=Sales%20%26%20support");
    // EntryPoint.ts:93, 140-146: sortOrder "asc" by default, always sent.
    CHECK(get_entry_points("org-1", {}).path == "/organization/org-1/v2/entry-point?page=0&pageSize=100&sortOrder=asc");
    CHECK(get_entry_points("org-1", {1, 10, "EP"}).path ==
          "/organization/org-1/v2/entry-point?page=1&pageSize=10&sortOrder=asc&search=EP");
    // AddressBook.ts:185-194: the book in the path.
    CHECK(get_address_book_entries("org-1", "book/1", {0, 100, "Jo"}).path ==
          "/organization/org-1/v2/address-book/book%2F1/entry?page=0&pageSize=100&search=Jo");
}
