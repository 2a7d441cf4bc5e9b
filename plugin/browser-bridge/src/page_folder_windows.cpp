// The page folder on Windows: opened once (deny-delete, so it cannot be renamed or replaced while
// read), judged on its handle and listed through it; each file opened under the folder's final path
// without following a reparse point (FILE_FLAG_OPEN_REPARSE_POINT: a symbolic link or junction is
// opened itself, then skipped), deny-write while read, and judged on its own handle.
#include "page_folder.hpp"

#include "workspace/files/utf8_path.hpp"
#include "workspace/files/windows_access.hpp"
#include "workspace/files/windows_final_path.hpp"

#include <windows.h>

#include <optional>
#include <stdexcept>

namespace browser_bridge {

namespace {

using workspace::files::utf8_of;

struct Handle {
    HANDLE handle;
    explicit Handle(HANDLE handle) : handle(handle) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() {
        if (handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    }
};

std::string windows_error() { return "Windows error " + std::to_string(GetLastError()); }

// The host's rule for a plugin folder, for the same reason: what the panel runs can drive the
// agent's calls, so only the host's user (or Administrators, SYSTEM) may change it, in any way.
void require_unshared(HANDLE handle, const std::string& what) {
    if (auto unshared = workspace::files::granted_to_others(handle, workspace::files::write_rights); !unshared)
        throw std::runtime_error(what + " " + unshared.error().message);
}

// The names in the folder open as `folder`, listed through that handle, in no particular order.
std::vector<std::wstring> names_in(HANDLE folder, const std::string& what) {
    std::vector<std::wstring> names;
    alignas(LONGLONG) unsigned char buffer[32 * 1024];
    auto request = FileIdBothDirectoryRestartInfo;
    while (GetFileInformationByHandleEx(folder, request, buffer, sizeof buffer)) {
        request = FileIdBothDirectoryInfo;
        for (auto* entry = reinterpret_cast<const FILE_ID_BOTH_DIR_INFO*>(buffer);;) {
            names.emplace_back(entry->FileName, entry->FileNameLength / sizeof(wchar_t));
            if (entry->NextEntryOffset == 0) break;
            entry = reinterpret_cast<const FILE_ID_BOTH_DIR_INFO*>(reinterpret_cast<const unsigned char*>(entry) +
                                                                   entry->NextEntryOffset);
        }
    }
    if (GetLastError() != ERROR_NO_MORE_FILES) throw std::runtime_error("cannot read " + what + ": " + windows_error());
    return names;
}

// The whole file; longer than max_page_file_bytes only when it grew while read.
std::string read_all(HANDLE file, const std::string& what) {
    std::string body;
    char buffer[16 * 1024];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(file, buffer, sizeof buffer, &got, nullptr))
            throw std::runtime_error("cannot read " + what + ": " + windows_error());
        if (got == 0 || body.size() > max_page_file_bytes) return body;
        body.append(buffer, got);
    }
}

// The content of `file` when it is a regular file the bridge serves; nullopt for what it skips: a
// reparse point (a symbolic link or junction, never followed: it could lead to the agent's private
// files), a subfolder, a device, a file over 1 MiB.
std::optional<std::string> read_page_file(const std::filesystem::path& file, const std::string& what) {
    Handle opened(CreateFileW(file.c_str(), GENERIC_READ | READ_CONTROL, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr));
    if (opened.handle == INVALID_HANDLE_VALUE) throw std::runtime_error("cannot open " + what + ": " + windows_error());
    BY_HANDLE_FILE_INFORMATION information{};
    if (GetFileType(opened.handle) != FILE_TYPE_DISK || !GetFileInformationByHandle(opened.handle, &information))
        return std::nullopt;
    auto size = (std::uint64_t(information.nFileSizeHigh) << 32) | information.nFileSizeLow;
    constexpr DWORD skipped = FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE;
    if ((information.dwFileAttributes & skipped) != 0 || size > max_page_file_bytes) return std::nullopt;
    require_unshared(opened.handle, what);
    auto body = read_all(opened.handle, what);
    if (body.size() > max_page_file_bytes) return std::nullopt;
    return body;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_page_folder(const std::filesystem::path& folder,
                                                                  const std::function<bool(std::string_view)>& wanted) {
    std::string what = "the page folder " + utf8_of(folder);
    Handle directory(CreateFileW(folder.c_str(), FILE_LIST_DIRECTORY | READ_CONTROL | FILE_READ_ATTRIBUTES,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
                                 nullptr));
    if (directory.handle == INVALID_HANDLE_VALUE)
        throw std::runtime_error("cannot open " + what + ": " + windows_error());
    require_unshared(directory.handle, what);  // checked on the folder opened, the one every file is opened in
    auto opened = workspace::files::final_path_of(directory.handle);
    if (opened.empty()) throw std::runtime_error("cannot read " + what + ": Windows cannot name it");
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& wide : names_in(directory.handle, what)) {
        auto name = utf8_of(std::filesystem::path(wide));
        if (!wanted(name)) continue;
        if (auto body = read_page_file(opened / wide, "the page file " + utf8_of(folder / wide)))
            files.emplace_back(name, std::move(*body));
    }
    return files;
}

}  // namespace browser_bridge
