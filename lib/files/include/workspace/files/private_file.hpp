#pragma once
// Files of the host's user. Reading a file that holds a secret (a key, a client secret, tokens): it
// must be a regular file of the user running the host that nobody else may read or write. Opened
// once without following a symbolic link and checked on that same descriptor, so what is checked
// is what is read. And the rule for files that are code (plugins, pages): nobody else may change them.
//
//   auto key = workspace::files::read_private_file("/etc/crm/bridge.key");   // Result: content or Problem
//
// Problems name the file and what is wrong, never its content. On Windows (private_file_windows.cpp)
// the same rules read the file's owner and DACL: nobody but the user, Administrators and SYSTEM may
// read or write it; write_private_file creates such files (owner-only, protected DACL), atomically.

#include "workspace/files/utf8_path.hpp"
#include "workspace/problem.hpp"

#include <filesystem>
#include <optional>
#include <string>

#ifdef _WIN32

namespace workspace::files {

// As the POSIX versions below; "others" are everyone but the user, Administrators and SYSTEM.
Result<std::optional<std::string>> read_private_file_if_present(const std::filesystem::path& file,
                                                                std::size_t max_bytes = 1 << 20);
Result<std::string> read_private_file(const std::filesystem::path& file, std::size_t max_bytes = 1 << 20);

// Replaces `file` by `content`: written to a new file beside it whose DACL grants the user alone
// (protected from inheritance), flushed, then moved over `file` with write-through, so a crash
// leaves the old content or the new. UNWRITABLE naming the file and the step that failed.
Result<void> write_private_file(const std::filesystem::path& file, const std::string& content);

}  // namespace workspace::files

#else

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace workspace::files {

// UNSAFE_FILE when others than the host's user (or root) could change what `info` describes — a
// plugin, its folder, a page the browser bridge serves: code that can drive the agent's calls:
// "belongs to another user", or "may be written by others than its owner ...".
inline Result<void> changeable_by_others(const struct stat& info) {
    if (info.st_uid != ::geteuid() && info.st_uid != 0) return Problem("UNSAFE_FILE", "belongs to another user");
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        return Problem("UNSAFE_FILE", "may be written by others than its owner (chmod go-w to allow it)");
    return {};
}

// The content of `file` (at most `max_bytes`), or nullopt when it does not exist. UNSAFE_FILE when
// it is not a regular file, others may read or write it or it belongs to another user;
// UNREADABLE when it cannot be read or is larger. The message starts with the file's name.
inline Result<std::optional<std::string>> read_private_file_if_present(const std::filesystem::path& file,
                                                                       std::size_t max_bytes = 1 << 20) {
    auto fail = [&](const char* code, const std::string& why) { return Problem(code, file.string() + " " + why); };
    int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        return fail("UNREADABLE", std::string("cannot be opened: ") + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) return fail("UNREADABLE", "cannot be read");
    if (!S_ISREG(info.st_mode)) return fail("UNSAFE_FILE", "is not a regular file");
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return fail("UNSAFE_FILE",
                    "may be read or written by others: it must be readable by its owner only (chmod 600)");
    if (info.st_uid != ::geteuid()) return fail("UNSAFE_FILE", "belongs to another user");
    std::string content;
    char buffer[4096];
    ssize_t got;
    while ((got = ::read(fd, buffer, sizeof buffer)) > 0) {
        content.append(buffer, static_cast<std::size_t>(got));
        if (content.size() > max_bytes) return fail("UNREADABLE", "is too large");
    }
    if (got < 0) return fail("UNREADABLE", "cannot be read");
    return content;
}

// The same for a file that must exist: NOT_FOUND when it does not.
inline Result<std::string> read_private_file(const std::filesystem::path& file, std::size_t max_bytes = 1 << 20) {
    auto content = read_private_file_if_present(file, max_bytes);
    if (!content) return content.error();
    if (!*content) return Problem("NOT_FOUND", file.string() + " does not exist");
    return std::move(**content);
}

}  // namespace workspace::files

#endif

namespace workspace::files {

// The first line of `text`, without trailing white space: how keys and secrets are written.
inline std::string first_line(const std::string& text) {
    auto line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    return line;
}

}  // namespace workspace::files
