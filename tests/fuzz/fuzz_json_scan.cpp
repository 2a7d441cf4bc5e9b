// Differential fuzzing of json_scan, the project's one definition of valid JSON, against nlohmann:
// what the scanner accepts nlohmann accepts, with the same string values; what nlohmann accepts
// and the scanner refuses is refused only for a deliberate extra rule.

#include "workspace/json/json_scan.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace scan = workspace::json_scan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::map<std::string, int> top_level_keys;
    std::map<std::string, std::string> top_level_strings;
    auto result = scan::scan(text, [&](const scan::Member& m) {
        if (m.depth == 1) {
            ++top_level_keys[std::string(m.key)];
            if (m.kind == scan::Kind::string) {
                auto value = scan::unescape(m.raw);
                if (!value) std::abort();  // an accepted string always unescapes
                // A string said to hold no escape is its own value: text_of copies it as it is.
                if (m.escaped != (m.raw.find('\\') != std::string_view::npos) || scan::text_of(m) != *value)
                    std::abort();
                top_level_strings[std::string(m.key)] = *value;
            }
        }
        return true;  // enter everything
    });
    auto tree = nlohmann::json::parse(text, nullptr, false);
    if (result) {
        if (tree.is_discarded() || !tree.is_object()) std::abort();  // accepted what nlohmann rejects
        for (const auto& [key, count] : top_level_keys)
            if (count != 1) std::abort();  // accepted a key twice: two readers could read it differently
        for (const auto& [key, value] : top_level_strings)
            if (!tree[key].is_string() || tree[key].get<std::string>() != value) std::abort();
        return 0;
    }
    if (!tree.is_discarded() && tree.is_object()) {
        const auto& message = result.error().message;
        std::string_view problem = std::string_view(message).substr(0, message.find(" at byte "));
        bool deliberate = problem == "an object key holds an escape" || problem == "a duplicate object key" ||
                          problem == "nested deeper than the depth limit" || problem == "larger than the size limit" ||
                          problem == "text after the JSON object" ||
                          problem == "not a JSON object";  // nlohmann skips a byte order mark
        if (!deliberate) std::abort();
    }
    return 0;
}
