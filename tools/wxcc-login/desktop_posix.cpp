// wxcc-login on a POSIX desktop: xdg-open when a display is there.
#include "desktop.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>

extern char** environ;

namespace wxcc_login {

void open_browser(const std::string& url) {
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) return;
    pid_t pid;
    const char* args[] = {"xdg-open", url.c_str(), nullptr};
    if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char**>(args), environ) == 0)
        waitpid(pid, nullptr, 0);
}

std::optional<std::filesystem::path> default_host_config() { return std::nullopt; }

}  // namespace wxcc_login
