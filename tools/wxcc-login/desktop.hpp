#pragma once
// What wxcc-login does the desktop's way: desktop_posix.cpp (xdg-open) or desktop_windows.cpp
// (ShellExecuteW, the wide command line, %ProgramData%).

#include <filesystem>
#include <optional>
#include <string>

namespace wxcc_login {

// Opens `url` in the user's default browser when there is a desktop to show it on; waits for the
// opener, not for the browser. The address is printed anyway, so a failure is silent.
void open_browser(const std::string& url);

// The host configuration read when --config is not given: on Windows the machine's,
// %ProgramData%\webexcc-workspace\host.json; none on POSIX (--config is required there).
std::optional<std::filesystem::path> default_host_config();

}  // namespace wxcc_login
