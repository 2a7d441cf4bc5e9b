#include "wxcc_sim/frame_faults.hpp"

#include <array>
#include <utility>

namespace wxcc_sim {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<Poison, std::string_view>, 7> names{{
    {Poison::lone_surrogate, "lone-surrogate"},
    {Poison::invalid_utf8, "invalid-utf8"},
    {Poison::control_char, "control-char"},
    {Poison::deep_nesting, "deep-nesting"},
    {Poison::huge_number, "huge-number"},
    {Poison::wrong_type, "wrong-type"},
    {Poison::truncated, "truncated"},
}};

// The raw JSON text that replaces the value.
std::string poison_text(Poison poison) {
    switch (poison) {
        case Poison::lone_surrogate: return R"("poison\ud800")";
        case Poison::invalid_utf8: return "\"poison\xff\xfe\"";
        case Poison::control_char: return "\"poison\x01\"";
        case Poison::deep_nesting: return std::string(100, '[') + std::string(100, ']');
        case Poison::huge_number: return "1e999";
        case Poison::wrong_type: return R"({"poison":[1,2]})";
        case Poison::truncated: break;
    }
    return "null";
}

}  // namespace

std::optional<Poison> poison_from_string(std::string_view name) {
    for (const auto& [poison, text] : names)
        if (text == name) return poison;
    return std::nullopt;
}

std::string_view to_string(Poison poison) {
    for (const auto& [value, text] : names)
        if (value == poison) return text;
    return "?";
}

std::string poison_list() {
    std::string all;
    for (const auto& entry : names) all.append(all.empty() ? "" : " ").append(entry.second);
    return all;
}

std::string poisoned(std::string_view frame, std::string_view path, Poison poison) {
    if (poison == Poison::truncated) return std::string(frame.substr(0, frame.size() / 2));
    auto parsed = json::parse(frame, nullptr, false);
    if (!parsed.is_object()) return std::string(frame);
    // A marker no frame holds goes in through the tree; the poison replaces it in the text, since
    // most poisons cannot be held by a json value at all.
    static constexpr std::string_view marker = "\"@@wxcc-sim-poison@@\"";
    json* at = &parsed;
    for (std::size_t start = 0;;) {
        auto dot = path.find('.', start);
        std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) {
            (*at)[key] = std::string(marker.substr(1, marker.size() - 2));
            break;
        }
        if (!(*at)[key].is_object()) (*at)[key] = json::object();
        at = &(*at)[key];
        start = dot + 1;
    }
    auto text = parsed.dump();
    text.replace(text.find(marker), marker.size(), poison_text(poison));
    return text;
}

void FrameFaults::poison_next(int count, Poison poison, std::string path, std::string on_type) {
    poisons_left_ = count;
    poison_ = poison;
    poison_path_ = std::move(path);
    poison_on_type_ = std::move(on_type);
}

std::optional<std::string> FrameFaults::clear() {
    reorder_armed_ = false;
    duplicates_left_ = poisons_left_ = 0;
    return std::exchange(held_back_, std::nullopt);
}

std::optional<std::string> FrameFaults::release_held() {
    reorder_armed_ = false;
    return std::exchange(held_back_, std::nullopt);
}

void FrameFaults::poison_if_armed(std::string& text) {
    if (poisons_left_ <= 0) return;
    if (!poison_on_type_.empty()) {
        auto parsed = json::parse(text, nullptr, false);
        const json* data = parsed.is_object() && parsed.contains("data") ? &parsed["data"] : nullptr;
        if (!data || !data->is_object() || data->value("type", std::string()) != poison_on_type_) return;
    }
    --poisons_left_;
    ++poisoned_count_;
    text = poisoned(text, poison_path_, poison_);
}

std::vector<std::string> FrameFaults::route(std::string text) {
    if (reorder_armed_) {
        if (!held_back_) {
            held_back_ = std::move(text);
            return {};
        }
        reorder_armed_ = false;
        auto first = route(std::move(text));
        auto second = route(*std::exchange(held_back_, std::nullopt));
        first.insert(first.end(), second.begin(), second.end());
        return first;
    }
    poison_if_armed(text);
    std::vector<std::string> out{text};
    if (duplicates_left_ > 0) {
        --duplicates_left_;
        out.push_back(std::move(text));
    }
    return out;
}

}  // namespace wxcc_sim
