// Windows only (run under Wine by ./run test): plugin files judged and loaded the Windows way. A
// plugin folder or file others may change is refused on its owner and DACL; an owner-only one is
// loaded, from the very file that was judged, which nobody can write, rename or delete meanwhile.
// Where Wine does not keep a security descriptor the case needs, the case says so and is kept for
// real Windows (docs/windows.md lists them).
#include "workspace/files/utf8_path.hpp"
#include "workspace/host/plugin_file.hpp"
#include "workspace/plugin_api.h"

#include <windows.h>
#include <catch2/catch.hpp>
// after <windows.h>, which they need
#include <aclapi.h>
#include <sddl.h>

#include <algorithm>
#include <string>

using workspace::host::PluginFile;
namespace files = workspace::files;

namespace {

// The probe plugin's DLL as Windows names it: ctest passes the build tree's POSIX path, which Wine
// shows as drive Z:.
std::filesystem::path probe_dll() {
    std::string built = PROBE_PLUGIN;
    return files::path_from_utf8(built.front() == '/' ? "Z:" + built : built);
}

std::wstring user_sid() {
    HANDLE token = nullptr;
    REQUIRE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::string buffer(size, '\0');
    REQUIRE(GetTokenInformation(token, TokenUser, buffer.data(), size, &size));
    CloseHandle(token);
    wchar_t* text = nullptr;
    REQUIRE(ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &text));
    std::wstring sid = text;
    LocalFree(text);
    return sid;
}

// Full control for the user, SYSTEM and Administrators, inherited by what is created inside, no
// entry inherited from above; `extra` adds entries (SDDL).
std::wstring owner_only(const std::wstring& extra = L"") {
    return L"D:P(A;OICI;FA;;;" + user_sid() + L")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)" + extra;
}

// Replaces the DACL of `path`. False when Wine (or the file system under it) did not keep it: the
// DACL read back does not grant what was asked.
bool set_dacl(const std::filesystem::path& path, const std::wstring& sddl) {
    PSECURITY_DESCRIPTOR wanted = nullptr;
    REQUIRE(ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &wanted, nullptr));
    BOOL present = FALSE, defaulted = FALSE;
    PACL dacl = nullptr;
    REQUIRE(GetSecurityDescriptorDacl(wanted, &present, &dacl, &defaulted));
    auto error = SetNamedSecurityInfoW(const_cast<wchar_t*>(path.c_str()), SE_FILE_OBJECT,
                                       DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                                       nullptr, dacl, nullptr);
    LocalFree(wanted);
    if (error != ERROR_SUCCESS) return false;
    PSECURITY_DESCRIPTOR kept = nullptr;
    PACL kept_dacl = nullptr;
    if (GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &kept_dacl,
                              nullptr, &kept) != ERROR_SUCCESS)
        return false;
    wchar_t* text = nullptr;
    bool same = ConvertSecurityDescriptorToStringSecurityDescriptorW(kept, SDDL_REVISION_1, DACL_SECURITY_INFORMATION,
                                                                     &text, nullptr);
    std::wstring read_back = same ? text : L"";
    LocalFree(text);
    LocalFree(kept);
    // Every SID asked for is granted something in the DACL kept.
    for (auto alias : {L";WD)", L";BU)", L";AU)"})
        if (sddl.find(alias) != std::wstring::npos && read_back.find(alias) == std::wstring::npos) return false;
    return !read_back.empty();
}

void kept_for_windows(const char* what) {
    WARN("skipped under Wine, kept for real Windows: Wine did not keep " << what);
    SUCCEED();
}

// A plugin folder of its own under the temporary folder (a non-ASCII name: every name goes through
// the wide-character APIs), holding a copy of the probe plugin; removed afterwards.
struct PluginFolder {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 files::path_from_utf8("pl\xC3\xBCgins-" + std::to_string(GetCurrentProcessId()));
    std::filesystem::path library = path / L"probe.dll";
    PluginFolder() {
        std::filesystem::create_directories(path);
        std::filesystem::copy_file(probe_dll(), library, std::filesystem::copy_options::overwrite_existing);
    }
    ~PluginFolder() {
        std::error_code ignored;  // every DACL here gives the user full control
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

TEST_CASE("a plugin folder others may write is refused before anything of it is opened") {
    PluginFolder folder;
    if (!set_dacl(folder.path, owner_only(L"(A;OICI;FA;;;WD)"))) return kept_for_windows("an Everyone entry");
    auto opened = PluginFile::open(folder.library, folder.path, "probe");
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code == "UNSAFE_FILE");
    CHECK_THAT(opened.error().message, Catch::StartsWith("plugin \"probe\" refused: the plugin folder"));
    CHECK_THAT(opened.error().message, Catch::Contains("may be changed by others than its owner"));
}

TEST_CASE("a plugin file Users may write is refused in an owner-only folder") {
    PluginFolder folder;
    if (!set_dacl(folder.path, owner_only()) || !set_dacl(folder.library, owner_only(L"(A;;FW;;;BU)")))
        return kept_for_windows("a Users entry");
    auto opened = PluginFile::open(folder.library, folder.path, "probe");
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code == "UNSAFE_FILE");
    CHECK_THAT(opened.error().message, Catch::Contains(files::utf8_of(folder.library)));
}

TEST_CASE("an owner-only plugin is loaded from the very file judged, which nobody can change meanwhile") {
    PluginFolder folder;
    if (!set_dacl(folder.path, owner_only()) || !set_dacl(folder.library, owner_only()))
        return kept_for_windows("an owner-only DACL");
    auto opened = PluginFile::open(folder.library, folder.path, "probe");
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened.has_value());

    // Held deny-write and deny-delete: no writer, no rename, no delete while it is judged and loaded.
    HANDLE writer = CreateFileW(folder.library.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                OPEN_EXISTING, 0, nullptr);
    CHECK(writer == INVALID_HANDLE_VALUE);
    if (writer != INVALID_HANDLE_VALUE) CloseHandle(writer);
    CHECK_FALSE(MoveFileExW(folder.library.c_str(), (folder.path / L"other.dll").c_str(), 0));
    CHECK_FALSE(DeleteFileW(folder.library.c_str()));

    auto loaded = opened->load();
    REQUIRE(loaded.has_value());
    CHECK(std::filesystem::equivalent(loaded->location(), folder.library));
    const auto& entry = loaded->get<const ws_plugin_entry>(WS_PLUGIN_ENTRY_SYMBOL);
    CHECK(std::string(entry.id) == "probe");
    auto symbols = opened->symbols();
    REQUIRE(symbols.has_value());
    CHECK(std::find(symbols->begin(), symbols->end(), "workspace_plugin_entry") != symbols->end());
}

TEST_CASE("a plugin file someone has open for writing is not opened, so never loaded") {
    PluginFolder folder;
    if (!set_dacl(folder.path, owner_only())) return kept_for_windows("an owner-only DACL");
    HANDLE writer = CreateFileW(folder.library.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                OPEN_EXISTING, 0, nullptr);
    REQUIRE(writer != INVALID_HANDLE_VALUE);
    auto opened = PluginFile::open(folder.library, folder.path, "probe");
    CloseHandle(writer);
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code == "NOT_FOUND");
    CHECK_THAT(opened.error().message, Catch::Contains("open for writing"));
}

TEST_CASE("a plugin file with no DACL at all is refused") {
    PluginFolder folder;
    if (!set_dacl(folder.path, owner_only())) return kept_for_windows("an owner-only DACL");
    auto error = SetNamedSecurityInfoW(const_cast<wchar_t*>(folder.library.c_str()), SE_FILE_OBJECT,
                                       DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                                       nullptr, nullptr, nullptr);
    PSECURITY_DESCRIPTOR kept = nullptr;
    PACL dacl = reinterpret_cast<PACL>(1);
    GetNamedSecurityInfoW(folder.library.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl,
                          nullptr, &kept);
    LocalFree(kept);
    if (error != ERROR_SUCCESS || dacl != nullptr) return kept_for_windows("a NULL DACL");
    auto opened = PluginFile::open(folder.library, folder.path, "probe");
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code == "UNSAFE_FILE");
}
