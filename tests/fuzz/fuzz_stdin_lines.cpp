// The reference host's stdin: any bytes, as many lines. Nothing stops the reading, and everything
// the bus then carries is strict JSON (the bus itself refuses anything else).

#include "input_lines.hpp"
#include "workspace/json/json_scan.hpp"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

using namespace workspace::host;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static MessageBus bus(nullptr);
    static bool subscribed = [] {
        bus.subscribe_all(
            [](const BusMessage& message) {
                if (!workspace::json_scan::check(message.json)) std::abort();
            },
            "fuzz");
        return true;
    }();
    (void)subscribed;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::istringstream in(text + "\n{\"channel\":\"Fuzz\",\"topic\":\"End\",\"subtopic\":\"Marker\"}\n");
    publish_input_lines(in, bus, [](LogLevel, std::string_view, std::string_view) {});
    if (in.good() || !in.eof()) std::abort();  // read to the end, whatever the lines held
    bus.drain();
    return 0;
}
