// wxcc-sim's frame fault routing, a pure unit: reorder, poison, duplicate.

#include "wxcc_sim/frame_faults.hpp"
#include "wxcc_sim/simulator.hpp"

#include "workspace/json/json_scan.hpp"

#include <catch2/catch.hpp>

using namespace wxcc_sim;
using nlohmann::json;
using Frames = std::vector<std::string>;

namespace {
std::string routing(const std::string& type) {
    return json{{"type", "RoutingMessage"}, {"data", {{"type", type}}}}.dump();
}
}  // namespace

TEST_CASE("Frames pass through untouched without faults; reorder swaps the next two; duplicate repeats") {
    FrameFaults faults;
    CHECK(faults.route("a") == Frames{"a"});
    faults.reorder_next();
    CHECK(faults.route("b").empty());
    CHECK(faults.route("c") == Frames{"c", "b"});
    CHECK(faults.route("d") == Frames{"d"});
    faults.duplicate_next(2);
    CHECK(faults.route("e") == Frames{"e", "e"});
    CHECK(faults.route("f") == Frames{"f", "f"});
    CHECK(faults.route("g") == Frames{"g"});
    faults.reorder_next();
    CHECK(faults.route("h").empty());
    CHECK(faults.clear() == std::optional<std::string>("h"));
    CHECK(faults.route("i") == Frames{"i"});
}

TEST_CASE("Poison spoils the next frames of the chosen type at the chosen path, each kind as named") {
    namespace scan = workspace::json_scan;
    FrameFaults faults;
    faults.poison_next(1, Poison::lone_surrogate, "data.interaction.state", "ContactEnded");
    CHECK(faults.route(routing("AgentOfferContact")) == Frames{routing("AgentOfferContact")});  // not that type
    auto spoilt = faults.route(routing("ContactEnded"));
    REQUIRE(spoilt.size() == 1);
    CHECK_THAT(scan::check(spoilt[0]).error().message, Catch::StartsWith("a lone surrogate escape at byte "));
    CHECK(faults.route(routing("ContactEnded")) == Frames{routing("ContactEnded")});  // count used up
    CHECK(faults.poisoned_count() == 1);

    const std::pair<Poison, const char*> expected[] = {
        {Poison::invalid_utf8, "not valid UTF-8"},
        {Poison::control_char, "a control character in a string"},
        {Poison::deep_nesting, "nested deeper than the depth limit"},
        {Poison::huge_number, "a number too large for a double"},
        {Poison::truncated, "malformed JSON"},
    };
    for (const auto& [poison, problem] : expected) {
        INFO(to_string(poison));
        CHECK(poison_from_string(to_string(poison)) == poison);
        auto text = poisoned(routing("X"), "data.type", poison);
        auto result = scan::check(text);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == "BAD_JSON");
        CHECK_THAT(result.error().message, Catch::StartsWith(std::string(problem) + " at byte "));
    }
    auto wrong = json::parse(poisoned(routing("X"), "data.interaction.state", Poison::wrong_type));
    CHECK(wrong["data"]["interaction"]["state"].is_object());
    CHECK_FALSE(poison_from_string("no-such-poison"));
    CHECK(poisoned("not json", "data.type", Poison::huge_number) == "not json");
}

TEST_CASE("The simulator's control never blocks: before start, after stop, with a bad command") {
    Simulator sim(Options{});
    CHECK(sim.control({{"fault", "duplicate-frames"}, {"count", 1}}).value("ok", false));  // not started yet
    CHECK_THROWS_AS(sim.url(), std::logic_error);
    sim.start();
    CHECK(sim.control({{"fault", "poison-frames"}, {"kind", "nonsense"}}).contains("error"));
    CHECK(sim.control({{"fault", "poison-frames"}, {"kind", "huge-number"}}).value("ok", false));
    sim.stop();
    CHECK(sim.control({{"status", true}}).contains("framesSent"));
}
