// The picker's configuration lists, read strictly. Pure.

#include "webexcc/client/directory.hpp"

#include "configuration_answer.hpp"

namespace webexcc::client {

namespace {

using detail::max_answer_items;

const char* what_of(DirectoryList list) {
    switch (list) {
        case DirectoryList::queues: return "contact-service-queue";
        case DirectoryList::entry_points: return "entry-point";
        case DirectoryList::address_book: return "address-book entry";
    }
    return "list";
}

Problem invalid(DirectoryList list, const std::string& why) {
    return Problem("INVALID_LIST", "the " + std::string(what_of(list)) + " answer " + why);
}

// The member `key` as text: absent or null reads as "" unless `required`; nullopt when of another
// type (or empty and required).
std::optional<std::string> text_of(const json& object, const char* key, bool required) {
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) return required ? std::nullopt : std::optional<std::string>("");
    if (!found->is_string() || (required && found->get_ref<const std::string&>().empty())) return std::nullopt;
    return found->get<std::string>();
}

Result<DirectoryEntry> read_entry(const json& item, DirectoryList list) {
    if (!item.is_object()) return invalid(list, "has an item of \"data\" that is not an object");
    auto id = text_of(item, "id", true);
    auto name = text_of(item, "name", false);
    auto number = list == DirectoryList::address_book ? text_of(item, "number", true) : std::optional<std::string>("");
    if (!id) return invalid(list, "has an item whose \"id\" is not a non-empty string");
    if (!name) return invalid(list, "has an item whose \"name\" is not a string");
    if (!number) return invalid(list, "has an entry whose \"number\" is not a non-empty string");
    return DirectoryEntry{std::move(*id), std::move(*name), std::move(*number)};
}

// meta's whole numbers into `page`; absent or null members stay unknown.
std::optional<Problem> read_meta(const json& answer, DirectoryList list, DirectoryPage& page) {
    auto meta = answer.find("meta");
    if (meta == answer.end() || meta->is_null()) return std::nullopt;
    if (!meta->is_object()) return invalid(list, "has \"meta\" that is not an object");
    for (auto [key, field] : {std::pair{"page", &page.page}, std::pair{"pageSize", &page.page_size},
                              std::pair{"totalRecords", &page.total}}) {
        auto found = meta->find(key);
        if (found == meta->end() || found->is_null()) continue;
        if (!found->is_number_integer() || found->get<std::int64_t>() < 0)
            return invalid(list, "has \"meta." + std::string(key) + "\" that is not a whole number");
        *field = found->get<std::int64_t>();
    }
    return std::nullopt;
}

}  // namespace

Result<DirectoryPage> read_directory_page(std::string_view body, DirectoryList list) {
    auto answer = workspace::parse_strict(body);
    if (!answer) return invalid(list, "is not a JSON object: " + answer.error().message);
    auto data = answer->find("data");
    if (data == answer->end() || !data->is_array() || data->size() > max_answer_items)
        return invalid(list, "has no \"data\" array of at most " + std::to_string(max_answer_items) + " items");
    DirectoryPage page;
    for (const json& item : *data) {
        auto entry = read_entry(item, list);
        if (!entry) return entry.error();
        page.items.push_back(std::move(*entry));
    }
    if (auto problem = read_meta(*answer, list, page)) return *problem;
    return page;
}

}  // namespace webexcc::client
