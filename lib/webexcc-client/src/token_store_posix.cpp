// The token store on POSIX: the JSON text in a file of mode 0600, replaced atomically (a temporary
// file beside it, fsync, rename, fsync of the folder).
#include "token_store_file.hpp"

#include "workspace/files/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace webexcc::client::detail {

namespace {

using workspace::Problem;
using workspace::Result;

Problem unwritable(const std::filesystem::path& file, const std::string& why) {
    return Problem("UNWRITABLE", "token store " + file.string() + ": " + why);
}

Result<void> write_all(int fd, const std::string& text, const std::filesystem::path& file) {
    std::size_t done = 0;
    while (done < text.size()) {
        auto written = ::write(fd, text.data() + done, text.size() - done);
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return unwritable(file, std::string("cannot write: ") + std::strerror(errno));
        done += static_cast<std::size_t>(written);
    }
    return {};
}

// Writes `text` to a new file `temporary`, flushed to disk; removes it again on failure.
Result<void> write_new_file(const std::filesystem::path& temporary, const std::string& text,
                            const std::filesystem::path& file) {
    ::unlink(temporary.c_str());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return unwritable(file, std::string("cannot create a file beside it: ") + std::strerror(errno));
    auto written = write_all(fd, text, file);
    if (written && ::fsync(fd) != 0)
        written = unwritable(file, std::string("cannot be flushed: ") + std::strerror(errno));
    ::close(fd);
    if (!written) ::unlink(temporary.c_str());
    return written;
}

}  // namespace

Result<std::optional<std::string>> read_token_store_text(const std::filesystem::path& file) {
    auto content = workspace::files::read_private_file_if_present(file);
    if (!content) return Problem(content.error().code, "token store " + content.error().message);
    return content;
}

Result<void> write_token_store_text(const std::filesystem::path& file, const std::string& text) {
    auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    auto temporary = folder / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
    if (auto written = write_new_file(temporary, text, file); !written) return written;
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        int error = errno;
        ::unlink(temporary.c_str());
        return unwritable(file, std::string("cannot be replaced: ") + std::strerror(error));
    }
    int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {  // the rename itself survives a crash once the folder is flushed
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

}  // namespace webexcc::client::detail
