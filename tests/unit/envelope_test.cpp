#include "workspace/message/envelope.hpp"

#include <catch2/catch.hpp>

using namespace workspace::message;
using nlohmann::json;

TEST_CASE("Envelope keys are found whatever their case") {
    auto request =
        json::parse(R"({"channel":"Webexcc","topic":"OutboundCall","Subtopic":"MakeCall","data":"917702779401"})");
    auto key = routing_key_of(request).value();
    CHECK(key.channel == "Webexcc");
    CHECK(key.topic == "OutboundCall");
    CHECK(key.subtopic == "MakeCall");
    REQUIRE(find_key(request, "DATA") != nullptr);
    CHECK(*find_key(request, "DATA") == "917702779401");
    CHECK(find_key(request, "missing") == nullptr);
    CHECK(find_key(json::array(), "channel") == nullptr);
}

TEST_CASE("A bad envelope says which part is wrong") {
    auto refusal = [](const char* text) {
        auto key = routing_key_of(json::parse(text));
        return key ? workspace::Problem() : key.error();
    };
    CHECK(refusal("[1]") == workspace::Problem("BAD_ENVELOPE", "a message must be a JSON object"));
    CHECK(refusal(R"({"channel":"a","topic":"b"})") ==
          workspace::Problem("BAD_ENVELOPE", "message has no \"subtopic\""));
    CHECK(refusal(R"({"channel":"a","topic":7,"subtopic":"c"})") ==
          workspace::Problem("BAD_ENVELOPE", "message \"topic\" must be a non-empty string"));
    CHECK(refusal(R"({"channel":"","topic":"b","subtopic":"c"})") ==
          workspace::Problem("BAD_ENVELOPE", "message \"channel\" must be a non-empty string"));
}

TEST_CASE("Case-insensitive comparison is ASCII only and length-exact") {
    CHECK(iequals("OutBoundCallStateChange", "outboundcallstatechange"));
    CHECK_FALSE(iequals("MakeCall", "MakeCalls"));
    CHECK(to_lower("WebexCC") == "webexcc");
}

TEST_CASE("An answer or event carries `message` at the top level; a request does not") {
    CHECK(
        is_answer(R"({"channel":"Webexcc","topic":"Agent","subtopic":"SetReadyState","message":{"source":"error"}})"));
    CHECK(is_answer(R"({"MESSAGE":null,"data":"1"})"));  // keys in any case, as routing is
    CHECK_FALSE(
        is_answer(R"({"channel":"Webexcc","topic":"Agent","subtopic":"SetReadyState","data":{"message":"x"}})"));
    CHECK_FALSE(
        is_answer(R"({"channel":"Webexcc","topic":"OutboundCall","subtopic":"MakeCall","data":"917702779401"})"));
    CHECK_FALSE(is_answer(R"({"messages":1})"));
    CHECK_FALSE(is_answer("not JSON"));          // the request's handler refuses it with an answer of its own
    CHECK_FALSE(is_answer(R"({"message":1,)"));  // cut short: not JSON either
    CHECK_FALSE(is_answer(R"(["message"])"));
}
