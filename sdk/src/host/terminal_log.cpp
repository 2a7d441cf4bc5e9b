#include "workspace/host/terminal_log.hpp"

#include "workspace/json/utf8.hpp"

#include <memory>
#include <mutex>
#include <ostream>

namespace workspace::host {

std::string printable(std::string_view text) {
    auto valid = utf8::repaired(text);
    std::string out;
    out.reserve(valid.size());
    auto escape = [&](unsigned code) {
        constexpr char hex[] = "0123456789abcdef";
        out += "\\x";
        out += hex[code >> 4];
        out += hex[code & 0xF];
    };
    for (std::size_t at = 0; at < valid.size(); ++at) {
        auto byte = static_cast<unsigned char>(valid[at]);
        if (byte < 0x20 || byte == 0x7F) {
            escape(byte);
        } else if (byte == 0xC2 && at + 1 < valid.size() && static_cast<unsigned char>(valid[at + 1]) < 0xA0) {
            escape(static_cast<unsigned char>(valid[++at]));  // U+0080-U+009F, in UTF-8 C2 80 - C2 9F
        } else {
            out += valid[at];
        }
    }
    return out;
}

LogSink make_stream_log_sink(std::ostream& out, LogLevel minimum) {
    auto mutex = std::make_shared<std::mutex>();
    return [&out, minimum, mutex](LogLevel level, std::string_view source, std::string_view text) {
        if (level < minimum) return;
        auto line = '[' + std::string(to_string(level)) + "] " + printable(source) + ": " + printable(text) + '\n';
        std::lock_guard lock(*mutex);
        out << line << std::flush;
    };
}

}  // namespace workspace::host
