#pragma once
// The faults a notification frame can meet on its way to the client, decided without sockets or
// clocks: reorder, poison, duplicate (in that order). Delays are the caller's: it holds back what
// route() returns while a delay is set. Pure; tested directly.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wxcc_sim {

// How a poisoned frame is spoilt: the value at its poison path becomes...
enum class Poison {
    lone_surrogate,  // a string with a lone surrogate escape, "\ud800"
    invalid_utf8,    // a string holding bytes that are not UTF-8
    control_char,    // a string holding a raw control character
    deep_nesting,    // 100 nested arrays
    huge_number,     // 1e999, beyond a double
    wrong_type,      // valid JSON of the wrong type: an object where text is expected
    truncated,       // the whole frame cut in half
};

std::optional<Poison> poison_from_string(std::string_view name);
std::string_view to_string(Poison poison);
std::string poison_list();  // every poison name, space-separated

// `frame` (JSON text) with the value at the dotted `path` (e.g. "data.interaction.state") replaced
// by `poison`; the path's objects are created when missing. Text that is not a JSON object is
// returned unchanged.
std::string poisoned(std::string_view frame, std::string_view path, Poison poison);

class FrameFaults {
public:
    void reorder_next() { reorder_armed_ = true; }
    void duplicate_next(int count) { duplicates_left_ = count; }
    // Spoils the next `count` frames whose data.type is `on_type` ("" = any frame).
    void poison_next(int count, Poison poison, std::string path, std::string on_type);
    // Ends every fault; returns a frame still held back for reordering, to send now.
    std::optional<std::string> clear();
    // The frame held back for reordering when no second frame came in time: it goes out alone
    // (late), as it would over a real network. Ends the reorder.
    std::optional<std::string> release_held();
    bool holding() const { return held_back_.has_value(); }

    // The frames to send now for `text`, in order: none (held back), one, or more.
    std::vector<std::string> route(std::string text);

    int poisoned_count() const { return poisoned_count_; }

private:
    void poison_if_armed(std::string& text);

    bool reorder_armed_ = false;
    std::optional<std::string> held_back_;
    int duplicates_left_ = 0;
    int poisons_left_ = 0;
    Poison poison_ = Poison::lone_surrogate;
    std::string poison_path_;
    std::string poison_on_type_;
    int poisoned_count_ = 0;
};

}  // namespace wxcc_sim
