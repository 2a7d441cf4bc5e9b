// A complete third-party plugin: answers Example / Echo / Request with Example / Echo / Reply.
//
//   in : {"channel":"Example","topic":"Echo","subtopic":"Request","data":"hello"}
//   out:
//   {"channel":"Example","topic":"Echo","subtopic":"Reply","message":{"source":"event","echo":"hello","prefix":">"}}
//
// Its configuration is {"prefix": "<text>"} (optional, a string).

#include <workspace/plugin/plugin.hpp>

namespace {

using workspace::plugin::LogLevel;
using workspace::plugin::Message;

class EchoPlugin : public workspace::plugin::Plugin {
public:
    using Plugin::Plugin;

    void activate() override {
        auto config = host().config();
        if (auto prefix = config.find("prefix"); prefix != config.end()) {
            if (!prefix->is_string()) throw std::invalid_argument("config \"prefix\" must be a string");
            prefix_ = prefix->get<std::string>();
        }
        requests_ = host().subscribe_requests("Example", "Echo", "Request",
                                              [this](const Message& request) { answer(request); });
        host().log(LogLevel::info, "echo ready on Workspace " + std::string(host().workspace_version()));
    }

    void deactivate() override { requests_.reset(); }

private:
    void answer(const Message& request) {
        auto json = request.json();
        auto data = workspace::message::find_key(json, "data");
        host().publish({{"channel", "Example"},
                        {"topic", "Echo"},
                        {"subtopic", "Reply"},
                        {"message", {{"source", "event"}, {"echo", data ? *data : nullptr}, {"prefix", prefix_}}}});
    }

    std::string prefix_;
    workspace::plugin::Subscription requests_;
};

}  // namespace

WORKSPACE_PLUGIN_ENTRY(EchoPlugin)
