#include "picker_lists.hpp"

#include "call_control.hpp"

#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>
#include <limits>

namespace webexcc::outbound {

namespace {

using nlohmann::json;

struct ListFacts {
    PickerList list;
    std::string_view request, answer, error_type, example;
};
constexpr std::array<ListFacts, 4> facts{{
    {PickerList::buddy_agents, "GetBuddyAgents", "BuddyAgents", "GET_BUDDY_AGENTS_FAILED", R"({"state": "Available"})"},
    {PickerList::queues, "GetQueues", "Queues", "GET_QUEUES_FAILED",
     R"({"search": "sup", "page": 0, "pageSize": 100})"},
    {PickerList::entry_points, "GetEntryPoints", "EntryPoints", "GET_ENTRY_POINTS_FAILED",
     R"({"search": "sup", "page": 0, "pageSize": 100})"},
    {PickerList::address_book, "GetAddressBook", "AddressBook", "GET_ADDRESS_BOOK_FAILED",
     R"({"search": "sup", "page": 0, "pageSize": 100})"},
}};
const ListFacts& facts_of(PickerList list) { return facts[static_cast<std::size_t>(list)]; }

// Far beyond any real list: a page past it is a mistake, not a request to honour.
constexpr std::int64_t max_page = 1000000;
constexpr std::int64_t max_page_size = 1000;
constexpr std::size_t max_search = 200;

std::string on_own_key(PickerList list, json message) {
    return workspace::to_text({{"channel", channel},
                               {"topic", agent_topic},
                               {"subtopic", answer_subtopic(list)},
                               {"message", std::move(message)}});
}

Outgoing answer(PickerList list, json message) {
    return {std::string(agent_topic), std::string(answer_subtopic(list)), on_own_key(list, std::move(message))};
}

PickerDecision refused(PickerDecision decision, PickerList list, std::string_view code, std::string message) {
    decision.messages.push_back(picker_error(list, decision.request_id, code, message));
    decision.why_refused = std::move(message);
    decision.request.reset();
    return decision;
}

// data.<name> as a whole number in [low, high]; `fallback` when absent or null; nullopt otherwise.
std::optional<int> whole_member(const json& data, const char* name, int fallback, std::int64_t low, std::int64_t high) {
    const json* value = data.is_object() ? workspace::message::find_key(data, name) : nullptr;
    if (value == nullptr || value->is_null()) return fallback;
    if (!value->is_number_integer()) return std::nullopt;
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(high))
        return std::nullopt;
    auto number = value->get<std::int64_t>();
    if (number < low || number > high) return std::nullopt;
    return static_cast<int>(number);
}

// {search?, page?, pageSize?} into decision.query; the problem, or "" when well-formed.
std::string read_list_query(const json& data, client::ListQuery& query) {
    auto search = data.is_object() ? text_member(data, "search") : std::optional<std::string>("");
    if (!search || search->size() > max_search)
        return "\"data.search\" must be a string of at most " + std::to_string(max_search) + " bytes";
    auto page = whole_member(data, "page", 0, 0, max_page);
    if (!page) return "\"data.page\" must be a whole number from 0 (the first page)";
    auto page_size = whole_member(data, "pageSize", 100, 1, max_page_size);
    if (!page_size) return "\"data.pageSize\" must be a whole number from 1 to " + std::to_string(max_page_size);
    query = {*page, *page_size, *search};
    return {};
}

// "Available" / "Idle" in any case, as Webex spells them; "" for any state; nullopt otherwise.
std::optional<std::string> read_buddy_state(const json& data) {
    auto state = data.is_object() ? text_member(data, "state") : std::optional<std::string>("");
    if (!state || state->empty()) return state;
    for (const char* known : {"Available", "Idle"})
        if (std::equal(state->begin(), state->end(), known, known + std::char_traits<char>::length(known),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(b); }))
            return std::string(known);
    return std::nullopt;
}

client::ApiRequest list_request(PickerList list, const client::AgentProfile& profile, const client::ListQuery& query) {
    if (list == PickerList::queues) return client::get_queues(profile.org_id, query);
    if (list == PickerList::entry_points) return client::get_entry_points(profile.org_id, query);
    return client::get_address_book_entries(profile.org_id, profile.address_book_id, query);
}

}  // namespace

std::string_view request_subtopic(PickerList list) { return facts_of(list).request; }
std::string_view answer_subtopic(PickerList list) { return facts_of(list).answer; }
std::string_view picker_error_type(PickerList list) { return facts_of(list).error_type; }

PickerDecision decide_picker_request(PickerList list, std::string_view request_text, bool connected,
                                     const std::optional<client::AgentProfile>& profile) {
    auto fields = read_request_fields(request_text, facts_of(list).example);
    PickerDecision decision;
    decision.request_id = fields.request_id;
    if (!fields.problem.empty()) return refused(decision, list, "INVALID_REQUEST", fields.problem);
    std::optional<std::string> state;
    if (list == PickerList::buddy_agents) {
        state = read_buddy_state(fields.data);
        if (!state) return refused(decision, list, "INVALID_REQUEST", "\"data.state\" must be Available or Idle");
    } else if (auto problem = read_list_query(fields.data, decision.query); !problem.empty()) {
        return refused(decision, list, "INVALID_REQUEST", problem);
    }
    if (!profile)
        return refused(decision, list, "PROFILE_UNAVAILABLE",
                       "the agent's profile has not been read from Webex Contact Center yet");
    if (list == PickerList::buddy_agents) {
        // The list comes back on the notification socket only.
        if (!connected) return refused(decision, list, "NOT_CONNECTED", "not connected to Webex Contact Center");
        decision.request = client::get_buddy_agents(profile->agent_profile_id, "telephony", *state);
        return decision;
    }
    if (list == PickerList::address_book && profile->address_book_id.empty())
        return refused(decision, list, "NOT_CONFIGURED", "the agent's desktop profile names no address book");
    decision.request = list_request(list, *profile, decision.query);
    return decision;
}

Outgoing list_answered(PickerList list, std::string_view request_id, const client::ListQuery& asked,
                       const client::ApiResponse& response) {
    if (!response.ok()) return picker_error(list, request_id, response.error->code, response.error->message);
    auto kind = list == PickerList::queues         ? client::DirectoryList::queues
                : list == PickerList::entry_points ? client::DirectoryList::entry_points
                                                   : client::DirectoryList::address_book;
    auto page = client::read_directory_page(response.body, kind);
    if (!page) return picker_error(list, request_id, page.error().code, page.error().message);
    json items = json::array();
    for (const auto& entry : page->items) {
        json item = {{"id", entry.id}, {"name", entry.name}};
        if (list == PickerList::address_book) item["number"] = entry.number;
        items.push_back(std::move(item));
    }
    json message = {{"source", "event"},
                    {"page", page->page.value_or(asked.page)},
                    {"pageSize", page->page_size.value_or(asked.page_size)}};
    if (!request_id.empty()) message["requestId"] = request_id;
    if (page->total) message["total"] = *page->total;
    message["items"] = std::move(items);
    return answer(list, std::move(message));
}

Outgoing buddy_agents_answer(std::string_view request_id, const std::vector<client::BuddyAgent>& agents) {
    json list = json::array();
    for (const auto& agent : agents)
        list.push_back({{"agentId", agent.agent_id},
                        {"name", agent.name},
                        {"state", agent.state},
                        {"teamId", agent.team_id},
                        {"dn", agent.dn}});
    json message = {{"source", "event"}};
    if (!request_id.empty()) message["requestId"] = request_id;
    message["agents"] = std::move(list);
    return answer(PickerList::buddy_agents, std::move(message));
}

Outgoing picker_error(PickerList list, std::string_view request_id, std::string_view code, std::string_view message) {
    json body = {{"source", "error"},
                 {"request", request_subtopic(list)},
                 {"error", {{"type", picker_error_type(list)}, {"code", code}, {"message", message}}}};
    if (!request_id.empty()) body["requestId"] = request_id;
    return answer(list, std::move(body));
}

BuddyWaits::Step BuddyWaits::add(std::string request_id, client::ApiRequest request, Clock::time_point now) {
    waits_.push_back({++tickets_, std::move(request_id), std::move(request), std::nullopt});
    return send_next({}, now);
}

BuddyWaits::Step BuddyWaits::send_next(Step step, Clock::time_point now) {
    if (waits_.empty() || waits_.front().deadline) return step;
    waits_.front().deadline = now + buddy_answer_timeout;
    step.send = waits_.front().request;
    step.ticket = waits_.front().ticket;
    return step;
}

BuddyWaits::Step BuddyWaits::answer_oldest(Outgoing answer, Clock::time_point now) {
    waits_.pop_front();
    return send_next({{std::move(answer)}, std::nullopt, 0}, now);
}

BuddyWaits::Step BuddyWaits::rest_answered(std::uint64_t ticket, const client::ApiResponse& response,
                                           Clock::time_point now) {
    // Answered already (its notification came first, or it timed out): nothing more.
    if (response.ok() || waits_.empty() || waits_.front().ticket != ticket) return {};
    return answer_oldest(picker_error(PickerList::buddy_agents, waits_.front().request_id, response.error->code,
                                      response.error->message),
                         now);
}

BuddyWaits::Step BuddyWaits::notification(const client::Notification& notification, Clock::time_point now) {
    bool list = notification.type == "BuddyAgents";
    bool failed = notification.type == "BuddyAgentsRetrieveFailed";
    if ((!list && !failed) || waits_.empty() || !waits_.front().deadline) return {};
    const auto& request_id = waits_.front().request_id;
    if (!notification.malformed.empty())
        return answer_oldest(
            picker_error(PickerList::buddy_agents, request_id, "INVALID_NOTIFICATION",
                         "Webex Contact Center's buddy list could not be read: " + notification.malformed),
            now);
    if (failed)
        return answer_oldest(
            picker_error(PickerList::buddy_agents, request_id,
                         notification.reason.empty() ? "BuddyAgentsRetrieveFailed" : notification.reason,
                         "Webex Contact Center refused the buddy list (BuddyAgentsRetrieveFailed)"),
            now);
    return answer_oldest(
        buddy_agents_answer(request_id, notification.buddy_agents.value_or(std::vector<client::BuddyAgent>{})), now);
}

BuddyWaits::Step BuddyWaits::expired(Clock::time_point now) {
    if (waits_.empty() || !waits_.front().deadline || *waits_.front().deadline > now) return {};
    return answer_oldest(picker_error(PickerList::buddy_agents, waits_.front().request_id, "TIMEOUT",
                                      "Webex Contact Center sent no buddy list within " +
                                          std::to_string(buddy_answer_timeout.count()) + " s"),
                         now);
}

std::vector<Outgoing> BuddyWaits::abandon(std::string_view code, std::string_view message) {
    std::vector<Outgoing> out;
    for (const auto& wait : waits_)
        out.push_back(picker_error(PickerList::buddy_agents, wait.request_id, code, message));
    waits_.clear();
    return out;
}

std::optional<BuddyWaits::Clock::time_point> BuddyWaits::next_deadline() const {
    if (waits_.empty()) return std::nullopt;
    return waits_.front().deadline;  // the oldest is always the one sent
}

}  // namespace webexcc::outbound
