#pragma once
// The lists a consult or transfer picker shows (topic Agent): GetBuddyAgents, GetQueues,
// GetEntryPoints and GetAddressBook. Requests are read and checked before anything is sent; each
// has one answer on the list's own subtopic (BuddyAgents, Queues, EntryPoints, AddressBook):
// {source "event", requestId?, ...} or {source "error", request, requestId?, error {type, code,
// message}}. Pure: no I/O, no clock (time is passed in).
//
// Dial numbers (a buddy's dn, an address book entry's number) are personal data: the answers carry
// them, logs never do.

#include "outbound_messages.hpp"

#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/directory.hpp"
#include "webexcc/client/notification.hpp"
#include "webexcc/client/requests.hpp"
#include "webexcc/client/rest_client.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::outbound {

enum class PickerList { buddy_agents, queues, entry_points, address_book };
inline constexpr std::array<PickerList, 4> picker_lists{PickerList::buddy_agents, PickerList::queues,
                                                        PickerList::entry_points, PickerList::address_book};

std::string_view request_subtopic(PickerList list);   // "GetBuddyAgents", "GetQueues", ...
std::string_view answer_subtopic(PickerList list);    // "BuddyAgents", "Queues", ...
std::string_view picker_error_type(PickerList list);  // "GET_BUDDY_AGENTS_FAILED", ...

// The buddy list comes as a notification after the POST's 202; this long without it is TIMEOUT.
inline constexpr std::chrono::seconds buddy_answer_timeout{10};

// A picker request read and checked: the REST request to send, or its one refusal.
struct PickerDecision {
    std::vector<Outgoing> messages;             // the refusal, when refused
    std::optional<client::ApiRequest> request;  // set when accepted: send it, once
    std::string request_id;
    client::ListQuery query;  // the page asked (the three configuration lists)
    std::string why_refused;  // for the log; never quotes the request
};

// GetBuddyAgents {state?: "Available" | "Idle"}: the profile's agentProfileId, telephony; it needs
// the notification socket (NOT_CONNECTED). GetQueues / GetEntryPoints / GetAddressBook {search?,
// page? (from 0), pageSize? (1-1000)}: the profile's organisation (and addressBookId: none is
// NOT_CONFIGURED). Malformed: INVALID_REQUEST; no profile read yet: PROFILE_UNAVAILABLE.
PickerDecision decide_picker_request(PickerList list, std::string_view request_text, bool connected,
                                     const std::optional<client::AgentProfile>& profile);

// A configuration list's GET answered: the page Webex sent (page and pageSize as its meta says,
// else as asked; total when it says), or the error: Webex's refusal with its code, or
// INVALID_LIST when the answer cannot be read.
Outgoing list_answered(PickerList list, std::string_view request_id, const client::ListQuery& asked,
                       const client::ApiResponse& response);

// Agent / BuddyAgents: {source "event", requestId?, agents [{agentId, name, state, teamId, dn}]}.
Outgoing buddy_agents_answer(std::string_view request_id, const std::vector<client::BuddyAgent>& agents);

// Agent / <answer subtopic>: {source "error", request, requestId?, error {type, code, message}}.
Outgoing picker_error(PickerList list, std::string_view request_id, std::string_view code, std::string_view message);

// The GetBuddyAgents requests waiting for their list, oldest first. Webex's notification names no
// request, and two POSTs may be answered in either order, so one is sent at a time: the next when
// the one before is answered. Each request gets exactly one answer: the list, Webex's refusal, or
// TIMEOUT when Webex sends no list within buddy_answer_timeout of its POST.
class BuddyWaits {
public:
    using Clock = std::chrono::steady_clock;

    // What to do now: the answers to publish, and the next request's POST to send (its ticket names
    // it to rest_answered()).
    struct Step {
        std::vector<Outgoing> messages;
        std::optional<client::ApiRequest> send;
        std::uint64_t ticket = 0;
    };

    // A GetBuddyAgents accepted: sent at once when no other is waiting. `now` (here and below) is
    // when a POST the step asks for is sent.
    Step add(std::string request_id, client::ApiRequest request, Clock::time_point now);
    // The POST's answer: a refusal answers that request (if still waiting); a 202 nothing.
    Step rest_answered(std::uint64_t ticket, const client::ApiResponse& response, Clock::time_point now);
    // A BuddyAgents notification (any other answers nothing): the request sent is answered.
    Step notification(const client::Notification& notification, Clock::time_point now);
    // TIMEOUT for the request sent, when its time is up at `now`.
    Step expired(Clock::time_point now);
    // The error `code` for every request still waiting (the plugin stops).
    std::vector<Outgoing> abandon(std::string_view code, std::string_view message);
    // When the request sent times out; nullopt when none waits.
    std::optional<Clock::time_point> next_deadline() const;
    std::size_t waiting() const { return waits_.size(); }

private:
    struct Wait {
        std::uint64_t ticket;
        std::string request_id;
        client::ApiRequest request;
        std::optional<Clock::time_point> deadline;  // set when sent
    };
    // The oldest request, answered: `answer`, then the next one's POST when one waits.
    Step answer_oldest(Outgoing answer, Clock::time_point now);
    Step send_next(Step step, Clock::time_point now);

    std::deque<Wait> waits_;
    std::uint64_t tickets_ = 0;
};

}  // namespace webexcc::outbound
