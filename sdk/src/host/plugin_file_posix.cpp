// PluginFile on POSIX systems (plugin_file_windows.cpp is the Windows one): the file opened once,
// judged on its descriptor, and loaded through that descriptor, so the file loaded is the file judged.

#include "workspace/host/plugin_file.hpp"

#include "workspace/files/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace workspace::host {

Result<PluginFile> PluginFile::open(const std::filesystem::path& library, const std::filesystem::path& folder,
                                    std::string_view id) {
    std::string who = "plugin \"" + std::string(id) + "\" refused: ";
    auto unsafe = [&](const std::string& why) { return Problem{"UNSAFE_FILE", who + why}; };

    std::error_code error;
    auto root = std::filesystem::weakly_canonical(folder, error);
    struct stat folder_status {};
    if (::stat(root.c_str(), &folder_status) != 0)
        return Problem{"NOT_FOUND", who + "cannot read the plugin folder " + folder.string()};
    if (auto unshared = workspace::files::changeable_by_others(folder_status); !unshared)
        return unsafe("the plugin folder " + root.string() + " " + unshared.error().message);

    if (std::filesystem::is_symlink(library, error)) {
        auto target = std::filesystem::weakly_canonical(library, error);
        auto relative = target.lexically_relative(root);
        if (relative.empty() || *relative.begin() == "..")
            return unsafe(library.string() + " is a symbolic link to " + target.string() +
                          ", outside the plugin folder");
    }
    // Non-blocking: opening a FIFO or a device for reading may otherwise wait forever (the host
    // would hang before it could tell); the checks below then refuse anything but a regular file.
    int descriptor = ::open(library.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (descriptor < 0) return Problem{"NOT_FOUND", who + "cannot read " + library.string()};
    PluginFile file(descriptor, library);
    struct stat status {};
    if (::fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode))
        return unsafe(library.string() + " is not a regular file");
    if (auto unshared = workspace::files::changeable_by_others(status); !unshared)
        return unsafe(library.string() + " " + unshared.error().message);
    return file;
}

PluginFile::PluginFile(PluginFile&& other) noexcept
    : descriptor_(std::exchange(other.descriptor_, -1)), path_(std::move(other.path_)) {}

PluginFile& PluginFile::operator=(PluginFile&& other) noexcept {
    if (this != &other) {
        if (descriptor_ >= 0) ::close(descriptor_);
        descriptor_ = std::exchange(other.descriptor_, -1);
        path_ = std::move(other.path_);
    }
    return *this;
}

PluginFile::~PluginFile() {
    if (descriptor_ >= 0) ::close(descriptor_);
}

namespace {

Result<boost::dll::shared_library> load_now(const std::filesystem::path& file) {
    try {  // the loader's reason reaches us only as an exception
        return boost::dll::shared_library(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& error) {
        return Problem{"LOAD_FAILED", error.what()};
    }
}

}  // namespace

std::filesystem::path PluginFile::descriptor_path() const { return "/proc/self/fd/" + std::to_string(descriptor_); }

Result<std::string> PluginFile::read(std::size_t max_bytes) const {
    std::string content;
    char buffer[4096];
    for (;;) {
        auto got = ::pread(descriptor_, buffer, sizeof buffer, static_cast<off_t>(content.size()));
        if (got < 0) return Problem{"UNREADABLE", "cannot be read: " + std::string(std::strerror(errno))};
        if (got == 0) return content;
        content.append(buffer, static_cast<std::size_t>(got));
        if (content.size() > max_bytes)
            return Problem{"TOO_LARGE", "is larger than " + std::to_string(max_bytes) + " bytes"};
    }
}

Result<boost::dll::shared_library> PluginFile::load() const {
    // dlopen() takes a path, and the loader treats a path it has loaded before as that same
    // library: "/proc/self/fd/N" alone would be taken for an earlier library opened under the same
    // descriptor number. So the descriptor is reached through a symbolic link whose name is
    // unique in this process, in a private folder of ours, removed once the library is loaded.
    static std::atomic<std::uint64_t> loads{0};
    std::string folder_template = (std::filesystem::temp_directory_path() / "workspace-plugin-XXXXXX").string();
    if (::mkdtemp(folder_template.data()) == nullptr)
        return Problem{"LOAD_FAILED", "cannot create a private temporary folder"};
    std::filesystem::path folder = folder_template;
    auto link = folder / (std::to_string(::getpid()) + "-" + std::to_string(++loads) + "-" + path_.filename().string());
    std::error_code ignored;
    std::filesystem::create_symlink(descriptor_path(), link, ignored);
    Result<boost::dll::shared_library> loaded =
        Problem{"LOAD_FAILED", "cannot link to the opened file: " + ignored.message()};
    if (!ignored) loaded = load_now(link);
    std::filesystem::remove_all(folder, ignored);
    return loaded;
}

}  // namespace workspace::host
