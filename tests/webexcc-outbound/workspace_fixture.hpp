#pragma once
// The Workspace of the end-to-end tests: a host with the webexcc-outbound plugin enabled, a bus
// observer that checks every message against the contract's JSON Schemas, and a simulator.

#include "../host/test_plugin_folder.hpp"
#include "../webexcc/client_fixture.hpp"
#include "schema_check.hpp"

#include "workspace/files/private_file.hpp"
#include "workspace/host/plugin_host.hpp"
#include "workspace/message/envelope.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace webexcc::testing {

using namespace workspace::host;
using namespace std::chrono_literals;
using nlohmann::json;

// Each of the contract's schemas, loaded once.
inline const SchemaCheck& schema(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<SchemaCheck>> loaded;
    std::lock_guard lock(mutex);
    auto& check = loaded[name];
    if (!check) check = std::make_unique<SchemaCheck>(SCHEMA_DIR "/" + name + ".schema.json");
    return *check;
}
inline const SchemaCheck& request_schema() { return schema("make-call-request"); }
inline const SchemaCheck& call_schema() { return schema("call-state-change"); }
inline const SchemaCheck& agent_schema() { return schema("agent-state"); }
inline const SchemaCheck& control_schema() { return schema("call-control-request"); }
inline const SchemaCheck& state_sync_schema() { return schema("state-sync"); }

// A call-control request, e.g. control_request("SetHold", {{"callId", id}}).
inline json control_request(const std::string& subtopic, json data = nullptr,
                            const std::string& topic = "OutboundCall") {
    json request = {{"channel", "Webexcc"}, {"topic", topic}, {"subtopic", subtopic}};
    if (!data.is_null()) request["data"] = std::move(data);
    return request;
}

// An agent request with its requestId, e.g. agent_request("StationLogout", {{"reason", "Lunch"}}).
inline json agent_request(const std::string& subtopic, json data = nullptr, const std::string& request_id = "r1") {
    auto request = control_request(subtopic, std::move(data), "Agent");
    request["requestId"] = request_id;
    return request;
}

inline json make_call(const std::string& number, const std::string& request_id = "") {
    json request = {{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"Subtopic", "MakeCall"}, {"data", number}};
    if (!request_id.empty()) request["requestId"] = request_id;
    return request;
}

// A Workspace with the plugin enabled, pointed at a simulator.
class Workspace {
public:
    explicit Workspace(json plugin_overrides = json::object(),
                       wxcc_sim::Options sim_options = webexcc::testing::fast_simulator())
        : sim_(webexcc::testing::started_simulator(std::move(sim_options))) {
        folder_.install("webexcc-outbound");
        std::ofstream(folder_.root() / "token") << "wxcc-sim-token\n";
        json plugin_config = {{"apiBase", sim_->url()},
                              {"accessTokenFile", "token"},
                              {"entryPointId", "ep-1"},
                              {"outdialAni", "1908603511"}};
        plugin_config.merge_patch(plugin_overrides);
        config_ = workspace::testing::host_config(workspace_version_, {"webexcc-outbound"});
        config_["plugins"][0]["config"] = plugin_config;
        bus_.subscribe_all([this](const BusMessage& message) { observe(message); }, "test-observer");
    }

    // The organisation id in the configuration (the simulator's token has not the <a>_<b>_<orgId>
    // shape), so the plugin reads the agent's profile when it connects.
    Workspace& with_profile() {
        config_["plugins"][0]["config"]["orgId"] = sim_->control({{"status", true}})["orgId"];
        return *this;
    }

    // The sign-in route instead of the token file: tokenStore + oauth against the simulator's
    // OAuth endpoints, the client secret in a 0600 file. Returns the host configuration's path
    // (for wxcc-login).
    std::filesystem::path use_sign_in() {
        auto& plugin = config_["plugins"][0]["config"];
        plugin.erase("accessTokenFile");
        plugin["tokenStore"] = "tokens.json";
        plugin["oauth"] = {{"clientId", "wxcc-sim-client"},
                           {"clientSecretFile", "client-secret"},
                           {"tokenUrl", sim_->url() + "/v1/access_token"},
                           {"authorizeUrl", sim_->url() + "/v1/authorize"},
                           {"redirectUri", "http://127.0.0.1:0/callback"}};
        auto secret = folder_.root() / "client-secret";
#ifdef _WIN32
        // A mode is not how Windows keeps a file private: an owner-only DACL is.
        REQUIRE(workspace::files::write_private_file(secret, "wxcc-sim-secret\n").has_value());
#else
        std::ofstream(secret) << "wxcc-sim-secret\n";
        std::filesystem::permissions(secret, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
#endif
        return folder_.write_config(config_);
    }
    const std::filesystem::path& root() const { return folder_.root(); }

    Workspace& on_workspace(std::string version) {
        config_["workspace"]["version"] = std::move(version);
        return *this;
    }

    bool start() {
        host_ = std::make_unique<PluginHost>(load_host_config(folder_.write_config(config_)), bus_,
                                             [this](LogLevel, std::string_view source, std::string_view text) {
                                                 std::lock_guard lock(mutex_);
                                                 logs_.push_back(std::string(source) + ": " + std::string(text));
                                             });
        return host_->load_enabled().at(0).active();
    }

    // Starts and waits until the plugin is connected and knows the agent is Available.
    void start_ready() {
        REQUIRE(start());
        REQUIRE(wait([&] { return !agent_states().empty() && agent_states().back() == "Available"; }));
    }

    // A well-formed MakeCall: checked against the request schema, then published.
    void make_call_request(const std::string& number, const std::string& request_id = "") {
        auto message = make_call(number, request_id);
        CHECK(request_schema().problems(message).empty());
        request(message);
    }

    // A well-formed call-control request: checked against its schema, then published.
    void control(const std::string& subtopic, json data = nullptr, const std::string& topic = "OutboundCall") {
        auto message = control_request(subtopic, std::move(data), topic);
        CHECK(control_schema().problems(message).empty());
        request(message);
    }

    void request(const json& message) {
        auto key = workspace::message::routing_key_of(message).value();
        bus_.publish({key.channel, key.topic, key.subtopic, message.dump(), "test"});
    }

    bool wait(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(2ms);
        }
        return true;
    }
    bool wait_for_event(const std::string& event, std::chrono::milliseconds limit = 5s,
                        const std::string& topic = "outbound", const std::string& call_id = "") {
        return wait(
            [&] {
                auto all = events(topic, call_id);
                return std::find(all.begin(), all.end(), event) != all.end();
            },
            limit);
    }
    bool wait_for_errors(std::size_t count, std::chrono::milliseconds limit = 5s) {
        return wait([&] { return errors().size() >= count; }, limit);
    }
    // Lets anything that would still come arrive, to check that nothing does.
    void settle() { std::this_thread::sleep_for(150ms); }

    // Messages on a call topic: "outbound" (outdials, campaign calls, every error) or "Inbound".
    std::vector<json> call_messages(const std::string& topic = "outbound") {
        std::lock_guard lock(mutex_);
        std::vector<json> found;
        for (const auto& m : messages_)
            if (m["topic"] == topic) found.push_back(m);
        return found;
    }
    // The events published on `topic`, of the call `call_id` when one is given.
    std::vector<std::string> events(const std::string& topic = "outbound", const std::string& call_id = "") {
        std::vector<std::string> all;
        for (const auto& m : call_messages(topic))
            if (m["message"]["source"] == "event" && (call_id.empty() || m["message"]["call"]["id"] == call_id))
                all.push_back(m["message"]["call"]["event"]);
        return all;
    }
    std::vector<json> messages_on(const std::string& topic, const std::string& subtopic) {
        std::lock_guard lock(mutex_);
        std::vector<json> found;
        for (const auto& m : messages_)
            if (m["topic"] == topic && m["subtopic"] == subtopic) found.push_back(m);
        return found;
    }
    // The task actions Webex received (path and body), oldest first.
    json task_actions() { return sim_->control({{"status", true}})["taskActions"]; }
    std::vector<json> errors() {
        std::vector<json> all;
        for (const auto& m : call_messages())
            if (m["message"]["source"] == "error") all.push_back(m["message"]);
        return all;
    }
    std::vector<std::string> agent_states() {
        std::lock_guard lock(mutex_);
        std::vector<std::string> states;
        for (const auto& m : messages_)
            if (m["topic"] == "Agent" && m["subtopic"] == "AgentStateChange")
                states.push_back(m["message"]["agent"]["state"]);
        return states;
    }
    std::vector<json> all_messages() {
        std::lock_guard lock(mutex_);
        return messages_;
    }
    bool logged(std::string_view fragment) {
        std::lock_guard lock(mutex_);
        return std::any_of(logs_.begin(), logs_.end(),
                           [&](const auto& l) { return l.find(fragment) != std::string::npos; });
    }
    std::string all_logs() {
        std::lock_guard lock(mutex_);
        std::string text;
        for (const auto& l : logs_) text += l + "\n";
        return text;
    }
    std::string schema_problems() {
        std::lock_guard lock(mutex_);
        return schema_problems_;
    }

    wxcc_sim::Simulator& sim() { return *sim_; }
    PluginHost& host() { return *host_; }
    int requests_to(const std::string& key) { return sim_->control({{"status", true}})["requests"].value(key, 0); }

    // The REST API as the agent's own phone or desktop would use it (outside the plugin).
    webexcc::client::ApiResponse rest(webexcc::client::ApiRequest request) {
        boost::asio::io_context io;
        webexcc::client::RestClient client(
            io.get_executor(), webexcc::testing::client_config(sim_->url(), folder_.root() / "token"), nullptr);
        return webexcc::testing::send_and_wait(io, client, std::move(request));
    }
    std::string interaction_id(const std::string& topic = "outbound") {
        for (const auto& m : call_messages(topic))
            if (m["message"]["source"] == "event" && !m["message"]["call"]["id"].get<std::string>().empty())
                return m["message"]["call"]["id"];
        return {};
    }

    ~Workspace() {
        if (host_) host_->deactivate_all();
        bus_.drain();
        INFO(schema_problems());
        CHECK(schema_problems().empty());
    }

private:
    void observe(const BusMessage& message) {
        if (message.publisher == "test") return;
        auto parsed = json::parse(message.json);
        std::string problems;
        if (message.topic == "outbound" || message.topic == "Inbound") problems = call_schema().problems(parsed);
        else if (message.topic == "Agent" && message.subtopic == "AuthenticationRequired")
            problems = schema("authentication-required").problems(parsed);
        else if (message.topic == "Agent" && message.subtopic == "GetAgentProfile")
            problems = schema("agent-profile").problems(parsed);
        else if (message.topic == "Agent" && message.subtopic == "BuddyAgents")
            problems = schema("buddy-agents").problems(parsed);
        else if (message.topic == "Agent" && (message.subtopic == "Queues" || message.subtopic == "EntryPoints" ||
                                              message.subtopic == "AddressBook"))
            problems = schema("picker-list").problems(parsed);
        else if (message.topic == "Agent") problems = agent_schema().problems(parsed);
        else if (message.topic == "App") problems = state_sync_schema().problems(parsed);
        std::lock_guard lock(mutex_);
        if (!problems.empty()) schema_problems_ += message.json + "\n" + problems;
        messages_.push_back(std::move(parsed));
    }

    std::unique_ptr<wxcc_sim::Simulator> sim_;
    workspace::testing::TestFolder folder_;
    std::string workspace_version_ = "3.21.2410";
    json config_;
    MessageBus bus_{nullptr};
    std::unique_ptr<PluginHost> host_;
    std::mutex mutex_;
    std::vector<json> messages_;
    std::vector<std::string> logs_;
    std::string schema_problems_;
};

// A Workspace whose simulator serves https / wss only, with the plugin trusting its certificate.
struct TlsWorkspace {
    std::unique_ptr<Certificate> certificate = make_certificate("IP:127.0.0.1");
    Workspace workspace{{{"caFile", certificate->certificate.path().string()}}, tls_simulator(*certificate)};
};

// The agent of the last AgentStateChange published; null before the first.
inline json last_agent(Workspace& workspace) {
    auto changes = workspace.messages_on("Agent", "AgentStateChange");
    return changes.empty() ? json() : changes.back()["message"]["agent"];
}

using Events = std::vector<std::string>;

}  // namespace webexcc::testing
