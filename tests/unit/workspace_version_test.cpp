#include "workspace/workspace_version.hpp"

#include <catch2/catch.hpp>

using workspace::WorkspaceVersion;

TEST_CASE("Workspace versions parse as three numbers") {
    auto version = WorkspaceVersion::parse("3.21.2410");
    CHECK(version.major == 3);
    CHECK(version.minor == 21);
    CHECK(version.patch == 2410);
    CHECK(version.to_string() == "3.21.2410");
    CHECK(WorkspaceVersion::parse("0.0.0") == WorkspaceVersion{0, 0, 0});
    CHECK(WorkspaceVersion::parse("4294967295.1.2").major == 4294967295u);
}

TEST_CASE("Workspace versions compare numerically, component by component") {
    auto v = [](const char* text) { return WorkspaceVersion::parse(text); };
    CHECK(v("3.21.2410") == v("3.21.2410"));
    CHECK(v("3.21.2410") < v("3.21.2411"));
    CHECK(v("3.9.9999") < v("3.21.0"));  // as strings "3.9" > "3.21"; as numbers it is older
    CHECK(v("3.21.999") < v("3.21.2410"));
    CHECK(v("10.0.0") > v("9.99.9999"));
    CHECK(v("3.22.0") > v("3.21.2410"));
    CHECK(v("03.021.02410") == v("3.21.2410"));
}

TEST_CASE("Malformed Workspace versions are errors, not zeros") {
    const char* malformed[] = {"",           "3",          "3.21",       "3.21.2410.1",      "3..2410",
                               ".21.2410",   "3.21.",      "3.21.x",     "v3.21.2410",       "3.21.2410 ",
                               " 3.21.2410", "-3.21.2410", "+3.21.2410", "3.21.99999999999", "3,21,2410"};
    for (auto text : malformed) {
        INFO("version \"" << text << "\"");
        CHECK_THROWS_AS(WorkspaceVersion::parse(text), std::invalid_argument);
        CHECK_FALSE(WorkspaceVersion::try_parse(text).has_value());
    }
    CHECK_THROWS_WITH(WorkspaceVersion::parse("3.21.x"), Catch::Contains("3.21.x") && Catch::Contains("digits"));
}
