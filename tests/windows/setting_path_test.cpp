// Path settings on Windows (workspace/files/setting_path.hpp): %NAME% expanded as Windows' own
// settings are, and whatever else a configuration holds resolved as written, never failing: a name
// Windows does not define, a lone or doubled %, an expansion past Windows' 32 K limit.

#include "workspace/files/setting_path.hpp"

#include <windows.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using workspace::files::setting_path;
using Path = std::filesystem::path;

namespace {

const Path base = L"C:\\config";

// A variable set for one test case and removed after it.
struct ScopedVariable {
    const wchar_t* name;
    ScopedVariable(const wchar_t* variable, const std::wstring& value) : name(variable) {
        REQUIRE(SetEnvironmentVariableW(name, value.c_str()));
    }
    ~ScopedVariable() { SetEnvironmentVariableW(name, nullptr); }
};

}  // namespace

TEST_CASE("a path setting's %NAME% is expanded, and an absolute expansion is not under the base", "[windows]") {
    ScopedVariable folder(L"WEBEXCC_TEST_FOLDER", L"D:\\agents\\ana");
    CHECK(setting_path(base, "%WEBEXCC_TEST_FOLDER%/tokens.json") == Path(L"D:\\agents\\ana/tokens.json"));
    CHECK(setting_path(base, "keys/%WEBEXCC_TEST_FOLDER%") == base / Path(L"keys/D:\\agents\\ana"));
    CHECK(setting_path(base, "tokens.json") == base / L"tokens.json");
    // UTF-8 inside, whatever the ANSI code page: the name reaches Windows as the characters written.
    CHECK(setting_path(base, "Jos\xc3\xa9/\xe6\x9d\xb1.json") == base / Path(L"Jos\u00e9/\u6771.json"));
}

TEST_CASE("what names no variable is left as written", "[windows]") {
    SetEnvironmentVariableW(L"WEBEXCC_TEST_UNDEFINED", nullptr);
    CHECK(setting_path(base, "%WEBEXCC_TEST_UNDEFINED%/t.json") == base / L"%WEBEXCC_TEST_UNDEFINED%/t.json");
    CHECK(setting_path(base, "100%.json") == base / L"100%.json");
    CHECK(setting_path(base, "%") == base / L"%");
    CHECK(setting_path(base, "%%") == base / L"%%");
    CHECK(setting_path(base, "%=%") == base / L"%=%");
    CHECK(setting_path(base, "") == base / L"");
}

TEST_CASE("an expansion past Windows' 32 K limit is the setting as written or its whole expansion", "[windows]") {
    // Two references to a 20,000-character value: 40,000 characters, past what
    // ExpandEnvironmentStringsW promises to expand. Never a part of it (under Wine it wrote 32,766
    // characters, a null, and said it had written all 40,000), never a failure.
    std::wstring value(20000, L'x');
    ScopedVariable huge(L"WEBEXCC_TEST_HUGE", value);
    auto resolved = setting_path(base, "%WEBEXCC_TEST_HUGE%%WEBEXCC_TEST_HUGE%");
    bool as_written = resolved == base / L"%WEBEXCC_TEST_HUGE%%WEBEXCC_TEST_HUGE%";
    bool expanded = resolved == base / (value + value);
    CHECK((as_written || expanded));
    CHECK(resolved.native().find(L'\0') == std::wstring::npos);
}
