#include "input_lines.hpp"

#include "workspace/json/strict_json.hpp"
#include "workspace/message/envelope.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace workspace::host {

namespace {

std::string input_error(std::size_t line, std::string_view code, std::string_view text) {
    return workspace::to_text({{"channel", "Workspace"},
                               {"topic", "Host"},
                               {"subtopic", "InputError"},
                               {"message",
                                {{"source", "error"},
                                 {"line", line},
                                 {"error", {{"type", "INVALID_MESSAGE"}, {"code", code}, {"message", text}}}}}});
}

}  // namespace

void publish_input_lines(std::istream& in, MessageBus& bus, const LogSink& log) {
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto ignored = [&](const std::string& code, const std::string& why) {
            // The reason never quotes the line (parse_strict and routing_key_of do not).
            std::string text = "input line " + std::to_string(number) + " ignored: " + why;
            log(LogLevel::error, "host", text);
            bus.publish({"Workspace", "Host", "InputError", input_error(number, code, text), "host"});
        };
        auto envelope = workspace::parse_strict(line);
        if (!envelope) {
            ignored(envelope.error().code, envelope.error().message);
            continue;
        }
        auto key = message::routing_key_of(*envelope);
        if (!key) {
            ignored(key.error().code, key.error().message);
            continue;
        }
        bus.publish(
            {std::move(key->channel), std::move(key->topic), std::move(key->subtopic), std::move(line), "stdin"});
    }
}

}  // namespace workspace::host
