#include "webexcc/client/json_scan.hpp"
#include "webexcc/client/notification_channel.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <vector>

using namespace webexcc::client;
namespace scan = webexcc::client::json_scan;

TEST_CASE("The scanner visits the members of the objects it is asked to enter") {
    std::vector<std::string> seen;
    bool valid = scan::scan(R"( {"type":"RoutingMessage","n":-1.5e3,"ok":true,"list":[1,{"x":2}],
        "data":{"type":"AgentOfferContact","skip":{"deep":1},"interaction":{"state":"new"}}} )",
                            [&](const scan::Member& m) {
                                seen.push_back(std::to_string(m.depth) + ":" + std::string(m.key) + "=" + scan::text_of(m));
                                return m.key == "data" || m.key == "interaction";
                            });
    CHECK(valid);
    CHECK(seen == std::vector<std::string>{"1:type=RoutingMessage", "1:n=-1.5e3", "1:ok=true", "1:list=", "1:data=",
                                           "2:type=AgentOfferContact", "2:skip=", "2:interaction=", "3:state=new"});
}

TEST_CASE("The scanner rejects what a JSON parser rejects, also inside parts it does not visit") {
    for (auto not_object : {"[1]", "\"s\"", "3"}) CHECK_FALSE(scan::scan(not_object, [](const scan::Member&) { return false; }));
    const char* invalid[] = {"", "{", R"({"a":})", R"({"a":1,})", R"({"a":01})", R"({"a":1.})",
                             R"({"a":-})", R"({"a":tru})", R"({"a":"\q"})", R"({"a":"\u12G4"})", "{\"a\":\"\x01\"}",
                             R"({"a":"open})", R"({"a":1} x)", R"({"a":{"b":[1,2}})", R"({"a":{"b":{"c":nul}}})", R"({a:1})",
                             R"({"a" 1})", R"({"a":[1 2]})"};
    for (auto text : invalid) {
        INFO(text);
        CHECK_FALSE(scan::scan(text, [](const scan::Member&) { return false; }));
        CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded() == true);
    }
    std::string deep = "{\"a\":" + std::string(200, '[') + std::string(200, ']') + "}";
    CHECK_FALSE(scan::scan(deep, [](const scan::Member&) { return false; }));
    CHECK(scan::scan(R"({"a":"\"\\\/\b\f\n\r\t\u00e9","b":[],"c":{},"d":0,"e":-0.5E-2,"f":null})",
                     [](const scan::Member&) { return true; }));
}

TEST_CASE("Strings are unescaped, \\u escapes to UTF-8") {
    CHECK(scan::unescape("plain") == "plain");
    CHECK(scan::unescape(R"(a\"b\\c\/d\n)") == "a\"b\\c/d\n");
    CHECK(scan::unescape(R"(caf\u00e9)") == "caf\xC3\xA9");
    CHECK(scan::unescape(R"(\ud83d\ude00)") == "\xF0\x9F\x98\x80");
    CHECK_FALSE(scan::unescape(R"(bad\x)").has_value());
    CHECK_FALSE(scan::unescape(R"(\u12)").has_value());
}

TEST_CASE("A frame is read with its type, its repeat key and whether it is a keepalive") {
    auto routing = read_frame(R"({"orgId":"o","trackingId":"notifs_1","type":"RoutingMessage","data":{"type":"AgentOfferContact"}})", 3);
    REQUIRE(routing);
    CHECK(routing->frame.type == "RoutingMessage");
    CHECK(routing->repeat_key == "notifs_1/AgentOfferContact");
    CHECK(routing->frame.connection == 3);
    CHECK_FALSE(routing->keepalive);
    auto welcome = read_frame(R"({"type":"Welcome","data":{"agentId":"a-1"}})", 1);
    REQUIRE(welcome);
    CHECK(welcome->agent_id == "a-1");
    CHECK(welcome->repeat_key.empty());
    CHECK(read_frame(R"({"keepalive":"true"})", 1)->keepalive);
    CHECK_FALSE(read_frame("{truncated", 1));
    CHECK_FALSE(read_frame("[]", 1));
}
