#pragma once
// What the Windows sources of lib/files share: <windows.h> without its macros' worst, handles and
// LocalAlloc'd memory released by RAII, Win32 errors as text, the user running the program.

#include <windows.h>
// after <windows.h>, which it needs
#include <sddl.h>

#include "workspace/files/utf8_path.hpp"
#include "workspace/problem.hpp"

#include <memory>
#include <string>
#include <vector>

namespace workspace::files {

struct CloseHandleOnExit {
    void operator()(HANDLE handle) const {
        if (handle != nullptr && handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    }
};
using Handle = std::unique_ptr<void, CloseHandleOnExit>;

struct LocalFreeOnExit {
    void operator()(void* memory) const { LocalFree(memory); }
};
using LocalMemory = std::unique_ptr<void, LocalFreeOnExit>;

// "Access is denied. (error 5)": the system's text for a Win32 error, UTF-8.
inline std::string message_of(DWORD error) {
    wchar_t* text = nullptr;
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                   error, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
    std::string message = text != nullptr ? utf8_of(text) : std::string();
    LocalFree(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == ' '))
        message.pop_back();
    return (message.empty() ? "" : message + " ") + "(error " + std::to_string(error) + ")";
}

// The TOKEN_USER of the process's token, which holds the user's SID.
struct UserSid {
    std::vector<unsigned char> buffer;
    PSID sid() const { return reinterpret_cast<const TOKEN_USER*>(buffer.data())->User.Sid; }
};
Result<UserSid> current_user();

}  // namespace workspace::files
