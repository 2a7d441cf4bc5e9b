#include "page_files.hpp"

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

constexpr off_t max_file_bytes = 1 << 20;

const char* content_type_of(const std::filesystem::path& file) {
    static const std::map<std::string, const char*> types = {{".html", "text/html; charset=utf-8"},
                                                             {".css", "text/css; charset=utf-8"},
                                                             {".js", "text/javascript; charset=utf-8"},
                                                             {".svg", "image/svg+xml"},
                                                             {".png", "image/png"},
                                                             {".ico", "image/x-icon"}};
    auto found = types.find(file.extension().string());
    return found == types.end() ? nullptr : found->second;
}

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
    if (!S_ISREG(info.st_mode) || info.st_size > max_file_bytes) return std::nullopt;
    require_unshared(info, what);
    std::string body;
    char buffer[16 * 1024];
    ssize_t got;
    while ((got = ::read(file.fd, buffer, sizeof buffer)) > 0) {
        body.append(buffer, static_cast<std::size_t>(got));
        if (body.size() > std::size_t(max_file_bytes)) return std::nullopt;  // grew while read
    }
    if (got < 0) throw std::runtime_error("cannot read " + what + ": " + std::strerror(errno));
    return body;
}

}  // namespace

bool PageFiles::add(const std::string& name, std::string body) {
    const char* type = content_type_of(name);
    if (type == nullptr) return false;
    files_[name] = PageFile{type, std::move(body)};
    return true;
}

PageFiles PageFiles::embedded() {
    PageFiles page;
    for (const auto& [name, body] : embedded_page_files()) page.add(std::string(name), std::string(body));
    return page;
}

PageFiles PageFiles::load(const std::filesystem::path& folder) {
    std::string what = "the page folder " + folder.string();
    Descriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.fd < 0) throw std::runtime_error("cannot open " + what + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(directory.fd, &info) != 0) throw std::runtime_error("cannot read " + what);
    require_unshared(info, what);  // checked on the folder opened, the one every file is opened in
    PageFiles page;
    for (const auto& name : names_in(directory.fd, what)) {
        if (content_type_of(name) == nullptr) continue;
        if (auto body = read_page_file(directory.fd, name, "the page file " + (folder / name).string()))
            page.add(name, std::move(*body));
    }
    if (!page.files_.count("index.html"))
        throw std::runtime_error(what + " has no index.html (a regular file: symbolic links are not followed)");
    return page;
}

const PageFile* PageFiles::find(std::string_view target) const {
    target = target.substr(0, target.find('?'));
    if (target.empty() || target.front() != '/') return nullptr;
    target.remove_prefix(1);
    if (target.empty()) target = "index.html";
    auto found = files_.find(target);  // names only: "a/b", "..", "%2e" name no file
    return found == files_.end() ? nullptr : &found->second;
}

}  // namespace browser_bridge
