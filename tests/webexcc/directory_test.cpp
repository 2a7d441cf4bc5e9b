// The picker's configuration lists (queues, entry points, address book entries) read as Webex
// answers them: the simulator's own shape, Webex's optional meta, and hostile answers refused.

#include "webexcc/client/directory.hpp"

#include <catch2/catch.hpp>

using namespace webexcc::client;

namespace {

std::string problem_of(const workspace::Result<DirectoryPage>& page) {
    REQUIRE_FALSE(page.has_value());
    CHECK(page.error().code == "INVALID_LIST");
    return page.error().message;
}

}  // namespace

TEST_CASE("a page of queues, entry points or address book entries is read with its meta") {
    auto queues = read_directory_page(
        R"({"data": [{"id": "q-1", "name": "Support", "queueType": "INBOUND", "callDistributionGroups": []},
                     {"id": "q-2", "name": "Sales"}],
            "meta": {"page": 1, "pageSize": 2, "totalPages": 3, "totalRecords": 5, "orgid": "org-1"}})",
        DirectoryList::queues);
    REQUIRE(queues.has_value());
    CHECK(queues->items == std::vector<DirectoryEntry>{{"q-1", "Support", ""}, {"q-2", "Sales", ""}});
    CHECK(queues->page == 1);
    CHECK(queues->page_size == 2);
    CHECK(queues->total == 5);

    // An entry point's number is not read (it has none); an address book entry's is.
    auto entry_points =
        read_directory_page(R"({"data": [{"id": "ep-1", "name": "Line", "number": 7}]})", DirectoryList::entry_points);
    REQUIRE(entry_points.has_value());
    CHECK(entry_points->items == std::vector<DirectoryEntry>{{"ep-1", "Line", ""}});
    CHECK_FALSE(entry_points->total);  // no meta: Webex did not say
    auto book = read_directory_page(R"({"data": [{"id": "b-1", "name": null, "number": "+14155550161"}],
                                        "meta": {"page": null}})",
                                    DirectoryList::address_book);
    REQUIRE(book.has_value());
    CHECK(book->items == std::vector<DirectoryEntry>{{"b-1", "", "+14155550161"}});
    CHECK_FALSE(book->page);
}

TEST_CASE("an answer that is not a page of items is INVALID_LIST naming what is wrong, never a crash") {
    CHECK_THAT(problem_of(read_directory_page("not json", DirectoryList::queues)),
               Catch::Contains("contact-service-queue answer is not a JSON object"));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": {}})", DirectoryList::queues)), Catch::Contains("\"data\""));
    CHECK_THAT(problem_of(read_directory_page(R"({})", DirectoryList::entry_points)), Catch::Contains("\"data\""));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": ["q-1"]})", DirectoryList::queues)),
               Catch::Contains("not an object"));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [{"name": "no id"}]})", DirectoryList::queues)),
               Catch::Contains("\"id\""));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [{"id": ""}]})", DirectoryList::queues)),
               Catch::Contains("\"id\""));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [{"id": "q", "name": 3}]})", DirectoryList::queues)),
               Catch::Contains("\"name\""));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [{"id": "b", "name": "n"}]})", DirectoryList::address_book)),
               Catch::Contains("\"number\""));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [], "meta": []})", DirectoryList::queues)),
               Catch::Contains("\"meta\""));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [], "meta": {"totalRecords": "5"}})", DirectoryList::queues)),
               Catch::Contains("meta.totalRecords"));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [], "meta": {"page": -1}})", DirectoryList::queues)),
               Catch::Contains("meta.page"));
    CHECK_THAT(problem_of(read_directory_page(R"({"data": [], "meta": {"pageSize": 1.5}})", DirectoryList::queues)),
               Catch::Contains("meta.pageSize"));
    // Bytes that are not UTF-8 and lone surrogates are refused by the strict reader, not passed on.
    problem_of(read_directory_page("{\"data\": [{\"id\": \"q\xff\"}]}", DirectoryList::queues));
    problem_of(read_directory_page(R"({"data": [{"id": "\ud800"}]})", DirectoryList::queues));
}
