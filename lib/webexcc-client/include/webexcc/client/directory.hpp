#pragma once
// The configuration lists a consult or transfer picker shows: a page of queues
// (v2/contact-service-queue), entry points (v2/entry-point) or address book entries
// (v2/address-book/{id}/entry), as Webex answers the GETs of requests.hpp get_queues,
// get_entry_points and get_address_book_entries (the SDK's PaginatedResponse, utils/PageCache.ts
// ~1-40: {data: [...], meta: {page, pageSize, totalPages, totalRecords}}). Pure; read strictly: an
// answer that is not that shape is a Problem (INVALID_LIST), never a crash nor a silent default.

#include "workspace/problem.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webexcc::client {

enum class DirectoryList { queues, entry_points, address_book };

// One item: its id and name; an address book entry's number (a dial number: personal data) too.
struct DirectoryEntry {
    std::string id;
    std::string name;
    std::string number;  // address book entries only; empty otherwise
    bool operator==(const DirectoryEntry&) const = default;
};

struct DirectoryPage {
    std::vector<DirectoryEntry> items;
    std::optional<std::int64_t> page, page_size;  // meta's, when Webex says
    std::optional<std::int64_t> total;            // meta.totalRecords: every match, all pages
    bool operator==(const DirectoryPage&) const = default;
};

// Each item must be an object with a non-empty string id, a string name (absent reads as ""), and
// for the address book a non-empty string number; meta, when present, an object of whole numbers.
workspace::Result<DirectoryPage> read_directory_page(std::string_view body, DirectoryList list);

}  // namespace webexcc::client
