#pragma once
// Helpers of the pure-logic tests: the contract's sample notification as a frame factory, requests
// as the CRM publishes them, and a CallTracker that knows its agent and that the agent is Available.

#include "call_tracker.hpp"
#include "notification_mapper.hpp"
#include "outbound_messages.hpp"
#include "plugin_config.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace webexcc::outbound::testing {

using nlohmann::json;

inline const std::string agent = "22a3ff9b-c51c-4c6b-8b8a-ca98154240f1";
inline const std::string call_id = "982c6b08-5a55-471c-9dcb-4280359c66f7";  // the contract sample's interaction

inline json sample_response() {
    std::ifstream in(CONTRACT_SAMPLE);
    return json::parse(in);
}

// The frame as the client reads it off the socket.
inline webexcc::client::Frame frame(const json& notification, bool repeat = false) {
    auto read = webexcc::client::read_frame(notification.dump(), 1);
    REQUIRE(read.has_value());
    read->frame.repeat = repeat;
    return std::move(read->frame);
}

inline json routing(const std::string& type, json extra = json::object(), const std::string& state = "new") {
    json notification = sample_response()["message"]["call"]["ResponseActual"];
    notification["data"]["type"] = type;
    notification["data"]["interaction"]["state"] = state;
    if (extra.is_object()) notification["data"].update(extra);
    return notification;
}

inline Notification notification_of(const json& notification) { return frame(notification).notification; }

// A request as the CRM publishes it: no data when `data` is null, no requestId when `request_id` is
// empty, e.g. request("Consult", {{"to", queue}, {"destinationType", "queue"}}, "c-1").
inline json request(const std::string& subtopic, json data = nullptr, const std::string& request_id = "",
                    const std::string& topic = "OutboundCall") {
    json message = {{"channel", "Webexcc"}, {"topic", topic}, {"subtopic", subtopic}};
    if (!data.is_null()) message["data"] = std::move(data);
    if (!request_id.empty()) message["requestId"] = request_id;
    return message;
}

// The one message published (its envelope's message), e.g. the answer to a refused request.
inline json only_message(const std::vector<Outgoing>& messages) {
    REQUIRE(messages.size() == 1);
    return json::parse(messages[0].text)["message"];
}

inline PluginSettings settings() {
    return parse_plugin_config({{"apiBase", "http://127.0.0.1:1"},
                                {"accessTokenFile", "token"},
                                {"entryPointId", "ep-1"},
                                {"outdialAni", "1908603511"}},
                               "/etc/workspace");
}

inline std::vector<std::string> events_of(const std::vector<Outgoing>& messages) {
    std::vector<std::string> events;
    for (const auto& m : messages) {
        auto parsed = json::parse(m.text);
        if (parsed["message"].contains("call")) events.push_back(parsed["message"]["call"]["event"]);
        else if (parsed["message"].contains("error"))
            events.push_back("error:" + parsed["message"]["error"]["code"].get<std::string>());
        else events.push_back("agent:" + parsed["message"]["agent"]["state"].get<std::string>());
    }
    return events;
}

// A tracker that knows the agent (Welcome) and that it is Available.
struct ReadyTracker {
    PluginSettings config = settings();
    CallTracker tracker{config};
    ReadyTracker() {
        tracker.notification(frame({{"type", "Welcome"}, {"data", {{"agentId", agent}}}}));
        tracker.notification(
            frame({{"type", "AgentStateChange"}, {"data", {{"subStatus", "Available"}, {"agentId", agent}}}}));
    }
    std::uint64_t dial(const std::string& number = "917702779401", const std::string& request_id = "") {
        auto decision = tracker.make_call(request("MakeCall", number, request_id).dump(), true);
        REQUIRE(decision.outdial.has_value());
        return decision.attempt;
    }
    std::vector<std::string> feed(const json& notification) {
        return events_of(tracker.notification(frame(notification)));
    }
};

}  // namespace webexcc::outbound::testing
