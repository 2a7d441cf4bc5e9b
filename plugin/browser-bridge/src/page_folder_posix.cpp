// The page folder on POSIX: opened once, judged on its descriptor, each file opened in it with
// openat() and O_NOFOLLOW and judged on its own descriptor.
#include "page_folder.hpp"

#include "workspace/files/private_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

namespace browser_bridge {

namespace {

struct Descriptor {
    int fd;
    explicit Descriptor(int fd) : fd(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// The host's rule for a plugin folder, for the same reason: what the panel runs can drive the
// agent's calls, so only the host's user (or root) may change it.
void require_unshared(const struct stat& info, const std::string& what) {
    if (auto unshared = workspace::files::changeable_by_others(info); !unshared)
        throw std::runtime_error(what + " " + unshared.error().message);
}

// The names in the folder open as `folder`, in no particular order.
std::vector<std::string> names_in(int folder, const std::string& what) {
    int listed = ::dup(folder);  // closedir() closes the descriptor it is given
    DIR* directory = listed < 0 ? nullptr : ::fdopendir(listed);
    if (directory == nullptr) {
        if (listed >= 0) ::close(listed);
        throw std::runtime_error("cannot read " + what + ": " + std::strerror(errno));
    }
    std::unique_ptr<DIR, int (*)(DIR*)> closer(directory, ::closedir);
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(directory)) names.emplace_back(entry->d_name);
    return names;
}

// The content of `name` in `folder` when it is a regular file the bridge serves; nullopt for what
// it skips: a symbolic link (never followed: it could point at the agent's private files), a
// subfolder, a FIFO (opened without blocking, so it cannot hang the host), a file over 1 MiB.
std::optional<std::string> read_page_file(int folder, const std::string& name, const std::string& what) {
    Descriptor file(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (file.fd < 0) {
        if (errno == ELOOP) return std::nullopt;
        throw std::runtime_error("cannot open " + what + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) throw std::runtime_error("cannot read " + what);
    if (!S_ISREG(info.st_mode) || info.st_size > off_t(max_page_file_bytes)) return std::nullopt;
    require_unshared(info, what);
    std::string body;
    char buffer[16 * 1024];
    ssize_t got;
    while ((got = ::read(file.fd, buffer, sizeof buffer)) > 0) {
        body.append(buffer, static_cast<std::size_t>(got));
        if (body.size() > max_page_file_bytes) return std::nullopt;  // grew while read
    }
    if (got < 0) throw std::runtime_error("cannot read " + what + ": " + std::strerror(errno));
    return body;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_page_folder(const std::filesystem::path& folder,
                                                                  const std::function<bool(std::string_view)>& wanted) {
    std::string what = "the page folder " + folder.string();
    Descriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.fd < 0) throw std::runtime_error("cannot open " + what + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(directory.fd, &info) != 0) throw std::runtime_error("cannot read " + what);
    require_unshared(info, what);  // checked on the folder opened, the one every file is opened in
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& name : names_in(directory.fd, what)) {
        if (!wanted(name)) continue;
        if (auto body = read_page_file(directory.fd, name, "the page file " + (folder / name).string()))
            files.emplace_back(name, std::move(*body));
    }
    return files;
}

}  // namespace browser_bridge
