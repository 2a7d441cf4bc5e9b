// Secret files on Windows: read from the handle whose owner and DACL were checked (opened without
// following a reparse point, others may not write it meanwhile), and written as a new owner-only
// file moved over the old one with write-through.
#include "workspace/files/private_file.hpp"

#include "windows_common.hpp"
#include "workspace/files/windows_access.hpp"

#include <algorithm>

namespace workspace::files {

namespace {

const char* const owner_only_hint =
    ": only its owner may have access (icacls FILE /inheritance:r /grant:r %USERNAME%:F, and /remove the others)";

Result<void> regular_file(HANDLE handle) {
    BY_HANDLE_FILE_INFORMATION information{};
    if (GetFileType(handle) != FILE_TYPE_DISK || !GetFileInformationByHandle(handle, &information))
        return Problem("UNSAFE_FILE", "is not a regular file");
    if ((information.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) != 0)
        return Problem("UNSAFE_FILE", "is not a regular file");
    return {};
}

Result<std::string> read_all(HANDLE handle, std::size_t max_bytes) {
    std::string content;
    char buffer[4096];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(handle, buffer, sizeof buffer, &got, nullptr))
            return Problem("UNREADABLE", "cannot be read: " + message_of(GetLastError()));
        if (got == 0) return content;  // the end of the file
        content.append(buffer, got);
        if (content.size() > max_bytes) return Problem("UNREADABLE", "is too large");
    }
}

// A security descriptor whose owner is the user and whose protected DACL grants the user alone.
Result<LocalMemory> owner_only_descriptor() {
    auto user = current_user();
    if (!user) return user.error();
    wchar_t* sid_text = nullptr;
    if (!ConvertSidToStringSidW(user->sid(), &sid_text))
        return Problem("UNWRITABLE", "the user's identity cannot be written: " + message_of(GetLastError()));
    LocalMemory held_sid(sid_text);
    std::wstring sddl = L"O:" + std::wstring(sid_text) + L"D:P(A;;FA;;;" + sid_text + L")";
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor, nullptr))
        return Problem("UNWRITABLE", "an owner-only access list cannot be made: " + message_of(GetLastError()));
    return LocalMemory(descriptor);
}

// Writes `content` to the new file `temporary`, owner-only, flushed to disk.
Result<void> write_new_file(const std::filesystem::path& temporary, const std::string& content) {
    auto descriptor = owner_only_descriptor();
    if (!descriptor) return descriptor.error();
    SECURITY_ATTRIBUTES attributes{sizeof attributes, descriptor->get(), FALSE};
    DeleteFileW(temporary.c_str());  // a leftover of a crash: its security is not ours to trust
    HANDLE raw =
        CreateFileW(temporary.c_str(), GENERIC_WRITE, 0, &attributes, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (raw == INVALID_HANDLE_VALUE)
        return Problem("UNWRITABLE", "cannot be written beside: " + message_of(GetLastError()));
    Handle handle(raw);
    std::size_t done = 0;
    while (done < content.size()) {
        DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(content.size() - done, 1 << 20)), written = 0;
        if (!WriteFile(raw, content.data() + done, chunk, &written, nullptr))
            return Problem("UNWRITABLE", "cannot be written: " + message_of(GetLastError()));
        done += written;
    }
    if (!FlushFileBuffers(raw)) return Problem("UNWRITABLE", "cannot be flushed: " + message_of(GetLastError()));
    return {};
}

}  // namespace

Result<std::optional<std::string>> read_private_file_if_present(const std::filesystem::path& file,
                                                                std::size_t max_bytes) {
    auto fail = [&](const std::string& code, const std::string& why) {
        return Problem(code, utf8_of(file) + " " + why);
    };
    HANDLE raw = CreateFileW(file.c_str(), GENERIC_READ | READ_CONTROL, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr,
                             OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (raw == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return std::nullopt;
        return fail("UNREADABLE", "cannot be opened: " + message_of(error));
    }
    Handle handle(raw);
    if (auto regular = regular_file(raw); !regular) return fail(regular.error().code, regular.error().message);
    if (auto shared = granted_to_others(raw, read_rights | write_rights); !shared) {
        bool unsafe = shared.error().code == "UNSAFE_FILE";
        return fail(shared.error().code, shared.error().message + (unsafe ? owner_only_hint : ""));
    }
    auto content = read_all(raw, max_bytes);
    if (!content) return fail(content.error().code, content.error().message);
    return std::move(*content);
}

Result<std::string> read_private_file(const std::filesystem::path& file, std::size_t max_bytes) {
    auto content = read_private_file_if_present(file, max_bytes);
    if (!content) return content.error();
    if (!*content) return Problem("NOT_FOUND", utf8_of(file) + " does not exist");
    return std::move(**content);
}

Result<void> write_private_file(const std::filesystem::path& file, const std::string& content) {
    auto folder = file.parent_path().empty() ? std::filesystem::path(L".") : file.parent_path();
    auto temporary = folder / (L"." + file.filename().wstring() + L".tmp-" + std::to_wstring(GetCurrentProcessId()));
    auto written = write_new_file(temporary, content);
    if (written && !MoveFileExW(temporary.c_str(), file.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        written = Problem("UNWRITABLE", "cannot be replaced: " + message_of(GetLastError()));
    if (!written) {
        DeleteFileW(temporary.c_str());
        return Problem("UNWRITABLE", utf8_of(file) + " " + written.error().message);
    }
    return {};
}

}  // namespace workspace::files
