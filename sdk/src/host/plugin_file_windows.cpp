// PluginFile on Windows (plugin_file_posix.cpp is the POSIX one): the file opened deny-write and
// deny-delete, its security and its folder's judged on their handles, and loaded under the final
// path of the handle kept open meanwhile, so the file loaded is the file judged.

#include "workspace/files/utf8_path.hpp"
#include "workspace/files/windows_access.hpp"
#include "workspace/files/windows_final_path.hpp"
#include "workspace/host/plugin_file.hpp"

#include <windows.h>

#include <stdexcept>
#include <utility>

namespace workspace::host {

namespace {

using workspace::files::utf8_of;

struct HandleCloser {
    HANDLE handle;
    ~HandleCloser() {
        if (handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    }
};

// The owner and DACL rule of windows_access.hpp for code: nobody but the user, Administrators or
// SYSTEM may change it in any way.
Result<void> changeable_by_others(HANDLE handle) {
    return workspace::files::granted_to_others(handle, workspace::files::write_rights);
}

// The folder, opened to be judged: any sharing, since others may hold it open, and with backup
// semantics, without which a folder cannot be opened at all.
HANDLE open_folder(const std::filesystem::path& folder) {
    return CreateFileW(folder.c_str(), READ_CONTROL | FILE_READ_ATTRIBUTES,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                       FILE_FLAG_BACKUP_SEMANTICS, nullptr);
}

// The file, opened for reading and judging, sharing only reading: while it is open nobody can write
// it, rename it or delete it, and opening fails when someone already has it open for writing.
// Backup semantics open a folder too, so that one is refused as "not a regular file".
HANDLE open_deny_write(const std::filesystem::path& file) {
    return CreateFileW(file.c_str(), GENERIC_READ | READ_CONTROL, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                       FILE_FLAG_BACKUP_SEMANTICS, nullptr);
}

bool regular_file(HANDLE handle) {
    BY_HANDLE_FILE_INFORMATION information{};
    return GetFileType(handle) == FILE_TYPE_DISK && GetFileInformationByHandle(handle, &information) &&
           (information.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

// Both paths come from GetFinalPathNameByHandleW, so they are spelled alike: compared as text, as
// std::filesystem's decomposition does not take "\\?\" names apart as Windows does.
bool inside(const std::filesystem::path& file, const std::filesystem::path& folder) {
    auto prefix = folder.native();
    if (!prefix.empty() && prefix.back() != L'\\') prefix += L'\\';
    return file.native().size() > prefix.size() && file.native().compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Result<PluginFile> PluginFile::open(const std::filesystem::path& library, const std::filesystem::path& folder,
                                    std::string_view id) {
    std::string who = "plugin \"" + std::string(id) + "\" refused: ";
    auto unsafe = [&](const std::string& why) { return Problem{"UNSAFE_FILE", who + why}; };

    HandleCloser opened_folder{open_folder(folder)};
    if (opened_folder.handle == INVALID_HANDLE_VALUE)
        return Problem{"NOT_FOUND", who + "cannot read the plugin folder " + utf8_of(folder)};
    auto root = workspace::files::final_path_of(opened_folder.handle);
    if (auto unshared = changeable_by_others(opened_folder.handle); !unshared)
        return unsafe("the plugin folder " + utf8_of(root.empty() ? folder : root) + " " + unshared.error().message);

    HANDLE handle = open_deny_write(library);
    if (handle == INVALID_HANDLE_VALUE) {
        bool busy = GetLastError() == ERROR_SHARING_VIOLATION;
        return Problem{"NOT_FOUND", who + "cannot read " + utf8_of(library) +
                                        (busy ? " (another program has it open for writing)" : "")};
    }
    PluginFile file(handle, library);
    if (!regular_file(handle)) return unsafe(utf8_of(library) + " is not a regular file");
    auto target = workspace::files::final_path_of(handle);
    if (root.empty() || !inside(target, root))
        return unsafe(utf8_of(library) + " is a link to " + utf8_of(target) + ", outside the plugin folder");
    if (auto unshared = changeable_by_others(handle); !unshared)
        return unsafe(utf8_of(library) + " " + unshared.error().message);
    return file;
}

PluginFile::PluginFile(PluginFile&& other) noexcept
    : descriptor_(std::exchange(other.descriptor_, no_descriptor)), path_(std::move(other.path_)) {}

PluginFile& PluginFile::operator=(PluginFile&& other) noexcept {
    if (this != &other) {
        if (descriptor_ != no_descriptor) CloseHandle(descriptor_);
        descriptor_ = std::exchange(other.descriptor_, no_descriptor);
        path_ = std::move(other.path_);
    }
    return *this;
}

PluginFile::~PluginFile() {
    if (descriptor_ != no_descriptor) CloseHandle(descriptor_);
}

std::filesystem::path PluginFile::descriptor_path() const { return workspace::files::final_path_of(descriptor_); }

Result<std::string> PluginFile::read(std::size_t max_bytes) const {
    std::string content;
    char buffer[4096];
    for (;;) {
        OVERLAPPED at{};  // read at an offset, as pread: the handle's own position is not ours to move
        at.Offset = static_cast<DWORD>(content.size());
        at.OffsetHigh = static_cast<DWORD>(static_cast<std::uint64_t>(content.size()) >> 32);
        DWORD got = 0;
        if (!ReadFile(descriptor_, buffer, sizeof buffer, &got, &at) && GetLastError() != ERROR_HANDLE_EOF)
            return Problem{"UNREADABLE", "cannot be read: Windows error " + std::to_string(GetLastError())};
        if (got == 0) return content;
        content.append(buffer, got);
        if (content.size() > max_bytes)
            return Problem{"TOO_LARGE", "is larger than " + std::to_string(max_bytes) + " bytes"};
    }
}

Result<boost::dll::shared_library> PluginFile::load() const {
    auto path = descriptor_path();
    if (path.empty()) return Problem{"LOAD_FAILED", "the opened file has no path Windows can name"};
    // "\\?\C:\..." as "C:\...": the loader (Wine's at least) wants a drive path.
    if (auto text = path.native(); text.rfind(L"\\\\?\\", 0) == 0 && text.size() > 6 && text[5] == L':')
        path = text.substr(4);
    // Boost.DLL hands the mode to LoadLibraryExW as its flags. The plugin's own dependencies come
    // from its folder (judged) or System32, never the working folder or PATH.
    auto flags =
        static_cast<boost::dll::load_mode::type>(LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32);
    try {  // the loader's reason reaches us only as an exception
        return boost::dll::shared_library(path, flags);
    } catch (const std::exception& error) {
        return Problem{"LOAD_FAILED", error.what()};
    }
}

}  // namespace workspace::host
