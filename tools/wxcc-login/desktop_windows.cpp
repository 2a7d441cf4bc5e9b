// wxcc-login on Windows: the default browser through the shell, the wide command line, the
// machine-wide configuration under %ProgramData%.
#include "desktop.hpp"

#include "workspace/files/setting_path.hpp"
#include "workspace/files/utf8_path.hpp"

#include <windows.h>
// after <windows.h>, which they need
#include <shellapi.h>

namespace wxcc_login {

void open_browser(const std::string& url) {
    // Only web addresses reach the shell: it would run a program named by anything else.
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return;
    auto wide = workspace::files::path_from_utf8(url).wstring();
    ShellExecuteW(nullptr, L"open", wide.c_str(), nullptr, nullptr, SW_SHOWNORMAL);
}

std::optional<std::filesystem::path> default_host_config() {
    auto folder = workspace::files::machine_data_folder();
    if (!folder) return std::nullopt;
    return *folder / L"host.json";
}

}  // namespace wxcc_login
