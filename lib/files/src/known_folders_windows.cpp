// Settings' file names and the product's folders on Windows: environment variables expanded by
// ExpandEnvironmentStringsW, known folders from SHGetKnownFolderPath.
#include "workspace/files/setting_path.hpp"

#include "windows_common.hpp"
// after <windows.h>, which they need
#include <knownfolders.h>
#include <shlobj.h>

namespace workspace::files {

namespace {

constexpr const wchar_t* product_folder = L"webexcc-workspace";

Result<std::filesystem::path> known_folder(REFKNOWNFOLDERID id, const char* what) {
    wchar_t* folder = nullptr;
    HRESULT result = SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &folder);
    std::filesystem::path path = SUCCEEDED(result) && folder != nullptr ? folder : L"";
    CoTaskMemFree(folder);
    if (path.empty())
        return Problem("UNREADABLE", std::string("Windows does not name the ") + what + " folder (HRESULT " +
                                         std::to_string(static_cast<unsigned long>(result)) + ")");
    return path / product_folder;
}

}  // namespace

// ExpandEnvironmentStringsW expands at most 32 K characters, and past that Wine (at least) writes a
// truncated string while counting the whole: a null inside. Such a setting stays as written.
constexpr DWORD expansion_limit = 32 * 1024;

std::filesystem::path setting_path(const std::filesystem::path& base, std::string_view name) {
    std::wstring wide = path_from_utf8(name).wstring();
    DWORD size = ExpandEnvironmentStringsW(wide.c_str(), nullptr, 0);
    if (size > 0 && size <= expansion_limit) {
        std::wstring expanded(size, L'\0');
        DWORD written = ExpandEnvironmentStringsW(wide.c_str(), expanded.data(), size);
        if (written > 0 && written <= size) {
            expanded.resize(written - 1);  // without the terminating null
            if (expanded.find(L'\0') == std::wstring::npos) wide = std::move(expanded);
        }
    }
    return base / std::filesystem::path(wide);
}

Result<std::filesystem::path> user_data_folder() {
    return known_folder(FOLDERID_LocalAppData, "local application data");
}

Result<std::filesystem::path> machine_data_folder() { return known_folder(FOLDERID_ProgramData, "ProgramData"); }

}  // namespace workspace::files
