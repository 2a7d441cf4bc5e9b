#include "workspace/json/json_scan.hpp"
#include "workspace/json/strict_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace scan = workspace::json_scan;

TEST_CASE("The scanner visits the members of the objects it is asked to enter") {
    std::vector<std::string> seen;
    auto valid =
        scan::scan(R"( {"type":"RoutingMessage","n":-1.5e3,"ok":true,"list":[1,{"x":2}],
        "data":{"type":"AgentOfferContact","skip":{"deep":1},"interaction":{"state":"new"}}} )",
                   [&](const scan::Member& m) {
                       seen.push_back(std::to_string(m.depth) + ":" + std::string(m.key) + "=" + scan::text_of(m));
                       return m.key == "data" || m.key == "interaction";
                   });
    CHECK(static_cast<bool>(valid));
    CHECK(seen == std::vector<std::string>{"1:type=RoutingMessage", "1:n=-1.5e3", "1:ok=true", "1:list=", "1:data=",
                                           "2:type=AgentOfferContact", "2:skip=", "2:interaction=", "3:state=new"});
}

TEST_CASE("Long strings are scanned in blocks: a byte that matters is found wherever it falls") {
    // Each special byte at every position of a 40-byte string, across the 16-byte blocks.
    const std::vector<std::pair<std::string, bool>> specials = {
        {"\x01", false},   {"\x1f", false},    {"\\n", true},      {"\\\"", true},
        {"\\u00e9", true}, {"\\ud800", false}, {"\xc3\xa9", true}, {"\xe2\x82\xac", true},
        {"\xff", false},   {"\xc3", false},    {"\x7f", true}};
    for (const auto& [special, valid] : specials) {
        for (std::size_t at = 0; at <= 40; ++at) {
            std::string value = std::string(at, 'a') + special + std::string(40 - at, 'b');
            std::string text = "{\"k\":\"" + value + "\",\"after\":1}";
            INFO("special " << nlohmann::json(special).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                            << " at " << at);
            std::string after;
            auto result = scan::scan(text, [&](const scan::Member& m) {
                if (m.key == "after") after = std::string(m.raw);
                return false;
            });
            CHECK(static_cast<bool>(result) == valid);
            CHECK(static_cast<bool>(result) == !nlohmann::json::parse(text, nullptr, false).is_discarded());
            if (valid) CHECK(after == "1");
        }
    }
}

TEST_CASE("The scanner rejects what a JSON parser rejects, also inside parts it does not visit") {
    for (auto not_object : {"[1]", "\"s\"", "3"}) CHECK_FALSE(scan::check(not_object));
    const char* invalid[] = {"",
                             "{",
                             R"({"a":})",
                             R"({"a":1,})",
                             R"({"a":01})",
                             R"({"a":1.})",
                             R"({"a":-})",
                             R"({"a":tru})",
                             R"({"a":"\q"})",
                             R"({"a":"\u12G4"})",
                             "{\"a\":\"\x01\"}",
                             R"({"a":"open})",
                             R"({"a":1} x)",
                             R"({"a":{"b":[1,2}})",
                             R"({"a":{"b":{"c":nul}}})",
                             R"({a:1})",
                             R"({"a" 1})",
                             R"({"a":[1 2]})"};
    for (auto text : invalid) {
        INFO(text);
        CHECK_FALSE(scan::check(text));
        CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded() == true);
    }
    std::string deep = "{\"a\":" + std::string(200, '[') + std::string(200, ']') + "}";
    CHECK_FALSE(scan::check(deep));
    CHECK(scan::scan(R"({"a":"\"\\\/\b\f\n\r\t\u00e9","b":[],"c":{},"d":0,"e":-0.5E-2,"f":null})",
                     [](const scan::Member&) { return true; }));
}

TEST_CASE("Poison a strict parser rejects is rejected, with a reason that does not quote the text") {
    struct Poison {
        std::string text;
        std::string problem;
    };
    std::vector<Poison> poisons = {
        {R"({"a":"\ud800"})", "a lone surrogate escape"},
        {R"({"a":"\udc00\ud800"})", "a lone surrogate escape"},
        {R"({"a":"\ud800\u0041"})", "a lone surrogate escape"},
        {R"({"a":"x\ud83d"})", "a lone surrogate escape"},
        {"{\"a\":\"\xff\"}", "not valid UTF-8"},
        {"{\"a\":\"\xC0\xAF\"}", "not valid UTF-8"},          // overlong '/'
        {"{\"a\":\"\xED\xA0\x80\"}", "not valid UTF-8"},      // a surrogate encoded directly
        {"{\"a\":\"\xF4\x90\x80\x80\"}", "not valid UTF-8"},  // above U+10FFFF
        {"{\"a\":\"\xE2\x82\"}", "not valid UTF-8"},          // truncated sequence
        {R"({"a":1e999})", "a number too large for a double"},
        {R"({"a":-1E+400})", "a number too large for a double"},
        {"{\"a\":" + std::string(400, '9') + "}", "a number too large for a double"},
        {R"({"d\u0061ta":1})", "an object key holds an escape"},
        {R"({"callId":"a","callId":"b"})", "a duplicate object key"},
        {std::string("{\"a\":\"x\0y\"}", 12), "a control character in a string"},
        {std::string("{\"a\":1}\0{\"b\":2}", 15), "text after the JSON object"},
        {"{\"a\":" + std::string(65, '[') + std::string(65, ']') + "}", "nested deeper than the depth limit"},
    };
    for (const auto& poison : poisons) {
        INFO(poison.problem);
        auto result = scan::check(poison.text);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == "BAD_JSON");
        CHECK_THAT(result.error().message, Catch::StartsWith(std::string(poison.problem) + " at byte "));
        bool nlohmann_rejects = nlohmann::json::parse(poison.text, nullptr, false).is_discarded();
        // Stricter than nlohmann only on purpose: escaped keys, duplicate keys (nlohmann keeps the
        // last), the depth limit, and text after a NUL (nlohmann stops reading there; a reader that
        // does not would see a second object).
        if (poison.problem != "an object key holds an escape" && poison.problem != "a duplicate object key" &&
            poison.problem != "nested deeper than the depth limit" && poison.problem != "text after the JSON object")
            CHECK(nlohmann_rejects);
    }
    CHECK_FALSE(scan::check(std::string(100, ' ') + "{}", {64, 64}));
    // What is valid stays valid: pairs, multi-byte text, big and tiny numbers that fit.
    for (const std::string& good :
         std::vector<std::string>{R"({"a":"\ud83d\ude00"})", "{\"a\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\"}",
                                  R"({"a":1e308,"b":1e-999})", "{\"a\":" + std::string(300, '9') + "}"}) {
        INFO(good);
        CHECK(scan::check(good));
        CHECK_FALSE(nlohmann::json::parse(good, nullptr, false).is_discarded());
    }
}

TEST_CASE("A key twice in one object is refused wherever the object is; the same key in two objects is not") {
    // Two readers of one text (a visitor that acts on the first callId, nlohmann keeping the last)
    // must never read it differently.
    for (const std::string& twice : std::vector<std::string>{
             R"({"callId":"a","callId":"b"})", R"({"a":1,"b":{"x":1,"y":2,"x":3}})", R"({"a":[1,{"k":1,"k":1}]})",
             R"({"skip":{"deep":{"k":{},"k":[]}}})", R"({"a":{"k":1},"b":2,"a":3})"}) {
        INFO(twice);
        auto result = scan::check(twice);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == "BAD_JSON");
        CHECK_THAT(result.error().message, Catch::StartsWith("a duplicate object key at byte "));
        CHECK_FALSE(workspace::parse_strict(twice));
    }
    CHECK(scan::check(R"({"k":{"k":1},"o":[{"k":1},{"k":2}],"p":{"k":{"k":3}}})"));
    // Many keys: each checked against all the others of its object.
    std::string many = "{";
    for (int i = 0; i < 5000; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    CHECK(scan::check(many + "\"last\":0}"));
    CHECK_FALSE(scan::check(many + "\"k2500\":0}"));
}

TEST_CASE("Strings are unescaped, \\u escapes to UTF-8") {
    CHECK(scan::unescape("plain") == "plain");
    CHECK(scan::unescape(R"(a\"b\\c\/d\n)") == "a\"b\\c/d\n");
    CHECK(scan::unescape(R"(caf\u00e9)") == "caf\xC3\xA9");
    CHECK(scan::unescape(R"(\ud83d\ude00)") == "\xF0\x9F\x98\x80");
    CHECK_FALSE(scan::unescape(R"(bad\x)").has_value());
    CHECK_FALSE(scan::unescape(R"(\u12)").has_value());
    CHECK_FALSE(scan::unescape(R"(\ud800)").has_value());
    CHECK_FALSE(scan::unescape(R"(\udc00x)").has_value());
}

TEST_CASE("A string member says whether it holds an escape, so a plain one is read without unescaping") {
    std::vector<std::pair<bool, std::string>> seen;
    auto valid = scan::scan(R"({"accent":"caf\u00e9 ok","escaped":"a\"b","long":"0123456789abcdef0123456789\n","n":1})",
                            [&](const scan::Member& m) {
                                seen.emplace_back(m.escaped, scan::text_of(m));
                                return false;
                            });
    REQUIRE(static_cast<bool>(valid));
    CHECK(seen == std::vector<std::pair<bool, std::string>>{
                      {true, "caf\xC3\xA9 ok"}, {true, "a\"b"}, {true, "0123456789abcdef0123456789\n"}, {false, "1"}});
    seen.clear();
    CHECK(static_cast<bool>(
        scan::scan(R"({"a":"no escape here, but a long value: 0123456789abcdef"})", [&](const scan::Member& m) {
            seen.emplace_back(m.escaped, scan::text_of(m));
            return false;
        })));
    CHECK(seen ==
          std::vector<std::pair<bool, std::string>>{{false, "no escape here, but a long value: 0123456789abcdef"}});
}
