// The picker's lists without sockets: requests read and checked (what is sent, what is refused and
// why), Webex's answers turned into the bus's, and the buddy list's waits answered in order, once
// each, by the notification, Webex's refusal or TIMEOUT.

#include "picker_lists.hpp"
#include "tracker_fixture.hpp"

using namespace webexcc::outbound;
using namespace webexcc::outbound::testing;
using nlohmann::json;
using webexcc::client::ApiResponse;
using webexcc::client::BuddyAgent;
using webexcc::client::Notification;

namespace {

webexcc::client::AgentProfile picker_profile() {
    webexcc::client::AgentProfile profile;
    profile.org_id = "org-1";
    profile.agent_id = "agent-1";
    profile.agent_profile_id = "desk-1";
    profile.address_book_id = "book-1";
    return profile;
}

PickerDecision decide(PickerList list, json data, bool connected = true,
                      std::optional<webexcc::client::AgentProfile> profile = picker_profile()) {
    return decide_picker_request(
        list, request(std::string(request_subtopic(list)), std::move(data), "r1", "Agent").dump(), connected, profile);
}

// The one refusal's message; the envelope's subtopic is the list's answer.
json refusal(const PickerDecision& decision, PickerList list) {
    CHECK_FALSE(decision.request);
    REQUIRE(decision.messages.size() == 1);
    auto envelope = json::parse(decision.messages[0].text);
    CHECK(envelope["topic"] == "Agent");
    CHECK(envelope["subtopic"] == answer_subtopic(list));
    CHECK(envelope["message"]["source"] == "error");
    CHECK(envelope["message"]["request"] == request_subtopic(list));
    CHECK(envelope["message"]["requestId"] == "r1");
    CHECK(envelope["message"]["error"]["type"] == picker_error_type(list));
    return envelope["message"];
}

json message_of(const Outgoing& outgoing) { return json::parse(outgoing.text)["message"]; }

ApiResponse ok(std::string body) { return {200, std::move(body), {}, {}, std::nullopt, {}}; }

Notification buddy_list(std::vector<BuddyAgent> agents) {
    Notification notification;
    notification.type = "BuddyAgents";
    notification.buddy_agents = std::move(agents);
    return notification;
}

}  // namespace

TEST_CASE("each list is asked of Webex as the SDK asks: the profile's organisation, book and desktop profile") {
    auto queues = decide(PickerList::queues, {{"search", "sup port"}, {"page", 2}, {"pageSize", 25}});
    REQUIRE(queues.request);
    CHECK(queues.messages.empty());
    CHECK(queues.request->path == "/organization/org-1/v2/contact-service-queue?page=2&pageSize=25&search=sup%20port");
    auto entry_points = decide(PickerList::entry_points, nullptr);  // no data: page 0 of 100
    REQUIRE(entry_points.request);
    CHECK(entry_points.request->path == "/organization/org-1/v2/entry-point?page=0&pageSize=100&sortOrder=asc");
    auto book = decide(PickerList::address_book, {{"SEARCH", "+1415"}});  // keys in any case
    REQUIRE(book.request);
    CHECK(book.request->path == "/organization/org-1/v2/address-book/book-1/entry?page=0&pageSize=100&search=%2B1415");
    auto buddies = decide(PickerList::buddy_agents, {{"state", "idle"}});
    REQUIRE(buddies.request);
    CHECK(buddies.request->path == "/v1/agents/buddyList");
    CHECK(json::parse(buddies.request->body) ==
          json{{"agentProfileId", "desk-1"}, {"mediaType", "telephony"}, {"state", "Idle"}});
    auto all = decide(PickerList::buddy_agents, json::object());
    REQUIRE(all.request);
    CHECK_FALSE(json::parse(all.request->body).contains("state"));
}

TEST_CASE("a malformed picker request is refused INVALID_REQUEST before anything is sent") {
    auto invalid = [](PickerList list, json data, const std::string& fragment) {
        auto message = refusal(decide(list, std::move(data)), list);
        CHECK(message["error"]["code"] == "INVALID_REQUEST");
        CHECK_THAT(message["error"]["message"].get<std::string>(), Catch::Contains(fragment));
    };
    invalid(PickerList::queues, "support", "\"data\" must be an object");
    invalid(PickerList::queues, {{"search", 5}}, "data.search");
    invalid(PickerList::entry_points, {{"search", std::string(201, 'a')}}, "data.search");
    invalid(PickerList::queues, {{"page", -1}}, "data.page");
    invalid(PickerList::queues, {{"page", 1.5}}, "data.page");
    invalid(PickerList::address_book, {{"page", "1"}}, "data.page");
    invalid(PickerList::queues, {{"page", 18446744073709551615ULL}}, "data.page");
    invalid(PickerList::queues, {{"pageSize", 0}}, "data.pageSize");
    invalid(PickerList::queues, {{"pageSize", 1001}}, "data.pageSize");
    invalid(PickerList::buddy_agents, {{"state", "Busy"}}, "data.state");
    invalid(PickerList::buddy_agents, {{"state", true}}, "data.state");
    invalid(PickerList::buddy_agents, json::array(), "\"data\" must be an object");
}

TEST_CASE("a picker request the plugin cannot serve yet is refused with the reason") {
    CHECK(refusal(decide(PickerList::queues, nullptr, true, std::nullopt), PickerList::queues)["error"]["code"] ==
          "PROFILE_UNAVAILABLE");
    CHECK(refusal(decide(PickerList::buddy_agents, nullptr, false), PickerList::buddy_agents)["error"]["code"] ==
          "NOT_CONNECTED");
    // The configuration lists are REST alone: they need no notification socket.
    CHECK(decide(PickerList::queues, nullptr, false).request);
    auto no_book = picker_profile();
    no_book.address_book_id.clear();
    CHECK(refusal(decide(PickerList::address_book, nullptr, true, no_book),
                  PickerList::address_book)["error"]["code"] == "NOT_CONFIGURED");
}

TEST_CASE("Webex's page becomes the list's answer; its refusal or an unreadable page the list's error") {
    webexcc::client::ListQuery asked{3, 2, "x"};
    auto book = message_of(
        list_answered(PickerList::address_book, "r1", asked,
                      ok(R"({"data": [{"id": "b-1", "name": "Billing", "number": "+14155550161", "version": 2}],
               "meta": {"page": 0, "pageSize": 100, "totalPages": 1, "totalRecords": 1}})")));
    CHECK(book == json{{"source", "event"},
                       {"requestId", "r1"},
                       {"page", 0},
                       {"pageSize", 100},
                       {"total", 1},
                       {"items", {{{"id", "b-1"}, {"name", "Billing"}, {"number", "+14155550161"}}}}});
    // Without meta: the page as asked, no total; queues carry no number.
    auto queues =
        message_of(list_answered(PickerList::queues, "", asked, ok(R"({"data": [{"id": "q", "name": "Q"}]})")));
    CHECK(queues == json{{"source", "event"}, {"page", 3}, {"pageSize", 2}, {"items", {{{"id", "q"}, {"name", "Q"}}}}});
    ApiResponse refused{403, R"({"errorType": "FORBIDDEN"})", {}, {}, workspace::Problem("FORBIDDEN", "HTTP 403"), {}};
    auto error = message_of(list_answered(PickerList::entry_points, "r1", asked, refused));
    CHECK(error["error"] == json{{"type", "GET_ENTRY_POINTS_FAILED"}, {"code", "FORBIDDEN"}, {"message", "HTTP 403"}});
    CHECK(error["request"] == "GetEntryPoints");
    auto unreadable = message_of(list_answered(PickerList::queues, "r1", asked, ok(R"({"data": [{"id": 5}]})")));
    CHECK(unreadable["error"]["code"] == "INVALID_LIST");
}

TEST_CASE("buddy list requests are sent one at a time and answered in order, once each") {
    BuddyWaits waits;
    auto start = BuddyWaits::Clock::time_point{};
    auto post = [](const std::string& state) {
        return webexcc::client::get_buddy_agents("desk-1", "telephony", state);
    };
    auto first = waits.add("b1", post(""), start);
    REQUIRE(first.send);  // none before it: sent at once
    CHECK(first.messages.empty());
    // The next ones wait: Webex's notification names no request, and POSTs may be answered in any order.
    CHECK_FALSE(waits.add("b2", post("Idle"), start + std::chrono::seconds(1)).send);
    CHECK_FALSE(waits.add("b3", post(""), start + std::chrono::seconds(2)).send);
    CHECK(waits.next_deadline() == start + buddy_answer_timeout);
    CHECK(waits.rest_answered(first.ticket, ok("{}"), start).messages.empty());  // 202: the list comes later
    Notification other;
    other.type = "AgentStateChange";
    CHECK(waits.notification(other, start).messages.empty());

    // Names and dial numbers Webex sends are published as they are (valid UTF-8: the reader checked).
    auto answered =
        waits.notification(buddy_list({{"a-1", "Alex Rivera", "Available", "t-1", "+14085550101", "s"}}), start);
    REQUIRE(answered.messages.size() == 1);
    CHECK(json::parse(answered.messages[0].text)["subtopic"] == "BuddyAgents");
    CHECK(message_of(answered.messages[0]) == json{{"source", "event"},
                                                   {"requestId", "b1"},
                                                   {"agents",
                                                    {{{"agentId", "a-1"},
                                                      {"name", "Alex Rivera"},
                                                      {"state", "Available"},
                                                      {"teamId", "t-1"},
                                                      {"dn", "+14085550101"}}}}});
    REQUIRE(answered.send);  // the second goes now, with its own state
    CHECK(json::parse(answered.send->body)["state"] == "Idle");
    CHECK(waits.rest_answered(first.ticket, ok("{}"), start).messages.empty());

    // The second's POST refused: answered with Webex's error, and the third is sent.
    ApiResponse refused{500, "", {}, {}, workspace::Problem("HTTP_500", "server error"), {}};
    auto second = waits.rest_answered(answered.ticket, refused, start);
    REQUIRE(second.messages.size() == 1);
    CHECK(message_of(second.messages[0])["requestId"] == "b2");
    CHECK(message_of(second.messages[0])["error"]["code"] == "HTTP_500");
    REQUIRE(second.send);
    CHECK(waits.rest_answered(answered.ticket, refused, start).messages.empty());  // never twice

    // A failure answers the request sent with Webex's reason.
    Notification failed;
    failed.type = "BuddyAgentsRetrieveFailed";
    failed.reason = "AGENT_NOT_FOUND";
    auto third = waits.notification(failed, start);
    REQUIRE(third.messages.size() == 1);
    CHECK(message_of(third.messages[0])["requestId"] == "b3");
    CHECK(message_of(third.messages[0])["error"]["code"] == "AGENT_NOT_FOUND");
    CHECK_FALSE(third.send);
    CHECK(waits.waiting() == 0);
    CHECK(waits.notification(buddy_list({}), start).messages.empty());  // a late list answers no one
}

TEST_CASE("a buddy list Webex does not send within 10 s of its POST is TIMEOUT, the next request then sent") {
    BuddyWaits waits;
    auto start = BuddyWaits::Clock::time_point{};
    auto post = webexcc::client::get_buddy_agents("desk-1", "telephony", "");
    waits.add("b1", post, start);
    waits.add("b2", post, start + std::chrono::seconds(5));
    CHECK(waits.expired(start + std::chrono::seconds(9)).messages.empty());
    auto timed_out = waits.expired(start + buddy_answer_timeout);
    REQUIRE(timed_out.messages.size() == 1);
    CHECK(message_of(timed_out.messages[0])["requestId"] == "b1");
    CHECK(message_of(timed_out.messages[0])["error"]["code"] == "TIMEOUT");
    CHECK(timed_out.send);  // the second goes now, and has its own 10 s from now
    CHECK(waits.next_deadline() == start + std::chrono::seconds(20));
    CHECK(waits.expired(start + std::chrono::seconds(15)).messages.empty());
    auto left = waits.abandon("PLUGIN_DEACTIVATED", "stopped");
    REQUIRE(left.size() == 1);
    CHECK(message_of(left[0])["requestId"] == "b2");
    CHECK_FALSE(waits.next_deadline());
}

TEST_CASE("a malformed buddy list answers its request with INVALID_NOTIFICATION, not a list") {
    BuddyWaits waits;
    waits.add("b1", webexcc::client::get_buddy_agents("desk-1", "telephony", ""), {});
    auto start = BuddyWaits::Clock::time_point{};
    auto bad = buddy_list({});
    bad.malformed = "data.agentList[0].agentId";
    auto answered = waits.notification(bad, start);
    REQUIRE(answered.messages.size() == 1);
    CHECK(message_of(answered.messages[0])["error"]["code"] == "INVALID_NOTIFICATION");
}
