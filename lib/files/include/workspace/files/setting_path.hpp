#pragma once
// Files named by settings, and the folders a product's files go to by default.
//
// setting_path: a relative name resolves against the configuration's folder. On Windows the name
// is UTF-8 and %NAME% environment variables in it are expanded first, as Windows' own settings
// allow (REG_EXPAND_SZ): "%LOCALAPPDATA%/webexcc-workspace/tokens.json" is each agent's own file
// in a configuration shared by the machine. On POSIX: base / name, nothing expanded.
//
// On Windows, user_data_folder() is %LOCALAPPDATA%\webexcc-workspace (FOLDERID_LocalAppData: the
// tokens stay on the machine that obtained them; a roaming profile copied back at logoff could
// bring back a refresh token Webex has since replaced) and machine_data_folder() is
// %ProgramData%\webexcc-workspace (FOLDERID_ProgramData: the machine-wide configuration).

#include "workspace/problem.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace workspace::files {

#ifdef _WIN32

std::filesystem::path setting_path(const std::filesystem::path& base, std::string_view name);

// The folders, or UNREADABLE when Windows cannot name them.
Result<std::filesystem::path> user_data_folder();
Result<std::filesystem::path> machine_data_folder();

#else

inline std::filesystem::path setting_path(const std::filesystem::path& base, std::string_view name) {
    return base / std::string(name);
}

#endif

}  // namespace workspace::files
