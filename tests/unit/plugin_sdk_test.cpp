// The plugin SDK over a host written here: what a plugin sees of the ABI, without the bus.

#include "workspace/plugin/plugin.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace workspace::plugin;

namespace {

// A host that delivers synchronously and, like the bus on its own thread, does not wait in
// unsubscribe: the hardest case for a subscription freed from inside its handler.
struct FakeHost {
    ws_host abi{};
    std::map<ws_subscription_id, std::pair<ws_message_handler, void*>> subscriptions;
    ws_subscription_id next = 1;
    std::vector<std::string> logs;

    FakeHost() {
        abi.abi_version = WS_ABI_VERSION_INIT;
        abi.host_data = this;
        abi.workspace_version = "3.21.2410";
        abi.subscribe = [](const ws_host* host, const char*, const char*, const char*, ws_message_handler handler,
                           void* user_data) -> ws_subscription_id {
            auto& self = *static_cast<FakeHost*>(host->host_data);
            self.subscriptions[self.next] = {handler, user_data};
            return self.next++;
        };
        abi.unsubscribe = [](const ws_host* host, ws_subscription_id id) {
            static_cast<FakeHost*>(host->host_data)->subscriptions.erase(id);
        };
        abi.log = [](const ws_host* host, ws_log_level, const char* text) {
            static_cast<FakeHost*>(host->host_data)->logs.emplace_back(text);
        };
        abi.get_extension = [](const ws_host*, const char*) -> const void* { return nullptr; };
    }
    // Delivers to every current subscription (a copy: handlers may unsubscribe).
    void deliver(const std::string& text) {
        auto current = subscriptions;
        for (auto& [id, subscription] : current) {
            ws_message message{WS_ABI_VERSION_INIT, "C", "T", "S", text.c_str(), text.size()};
            subscription.first(subscription.second, &message);
        }
    }
};

class Counting : public Plugin {
public:
    using Plugin::Plugin;
    void activate() override {}
    void deactivate() override {}
    nlohmann::json status() override { return {{"calls", 3}, {"bad", "\xff"}}; }
};

}  // namespace

TEST_CASE("A subscription reset from inside its own handler finishes that call and is never called again") {
    FakeHost fake;
    Host host(&fake.abi);
    Subscription subscription;
    int calls = 0;
    std::string captured = "kept alive by the handler";
    subscription = host.subscribe_requests("C", "T", "S", [&, captured](const Message& message) {
        ++calls;
        subscription.reset();
        // The handler object (and `captured`) must still be alive here: ASan would see it freed.
        CHECK(captured == "kept alive by the handler");
        CHECK(message.text == "{}");
    });
    fake.deliver("{}");
    CHECK(calls == 1);
    CHECK_FALSE(subscription);
    fake.deliver("{}");
    CHECK(calls == 1);
}

TEST_CASE("Requests and answers reach different subscriptions: a request handler never sees an answer") {
    FakeHost fake;
    Host host(&fake.abi);
    std::vector<std::string> requests, answers;
    auto request_subscription =
        host.subscribe_requests("C", "T", "S", [&](const Message& m) { requests.emplace_back(m.text); });
    auto answer_subscription =
        host.subscribe_answers("C", "T", "S", [&](const Message& m) { answers.emplace_back(m.text); });
    for (const char* text : {R"({"data":"1"})", R"({"message":{"source":"error"}})", R"({"Message":1})", "{}"})
        fake.deliver(text);
    CHECK(requests == std::vector<std::string>{R"({"data":"1"})", "{}"});
    CHECK(answers == std::vector<std::string>{R"({"message":{"source":"error"}})", R"({"Message":1})"});
}

TEST_CASE("A handler that throws is logged and the plugin goes on") {
    FakeHost fake;
    Host host(&fake.abi);
    auto subscription = host.subscribe_requests("C", "T", "S", [](const Message& message) { (void)message.json(); });
    fake.deliver("not json");
    REQUIRE(fake.logs.size() == 1);
    CHECK_THAT(fake.logs[0], Catch::Contains("message handler failed"));
}

TEST_CASE("The SDK serves a plugin's status through the plugin-status extension, always as strict JSON") {
    FakeHost fake;
    auto* instance = workspace::plugin::detail::create<Counting>(&fake.abi);
    REQUIRE(instance != nullptr);
    REQUIRE(instance->get_extension != nullptr);
    CHECK(instance->get_extension(instance, "example.unknown/1") == nullptr);
    auto* status = static_cast<const ws_plugin_status*>(instance->get_extension(instance, WS_EXT_PLUGIN_STATUS));
    REQUIRE(status != nullptr);
    char small[4];
    auto length = status->write_status(instance, small, sizeof small);
    CHECK(std::string(small) == "{\"b");  // cut short, NUL-terminated
    std::string text(length + 1, '\0');
    CHECK(status->write_status(instance, text.data(), text.size()) == length);
    text.resize(length);
    CHECK(text == "{\"bad\":\"\xEF\xBF\xBD\",\"calls\":3}");
    instance->destroy(instance);
}
