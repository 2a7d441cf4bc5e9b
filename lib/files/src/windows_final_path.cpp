#include "workspace/files/windows_final_path.hpp"

#include "windows_common.hpp"

#include <string>

namespace workspace::files {

std::filesystem::path final_path_of(void* handle) {
    std::wstring path(MAX_PATH, L'\0');
    for (int attempt = 0; attempt < 2; ++attempt) {
        DWORD length = GetFinalPathNameByHandleW(handle, path.data(), static_cast<DWORD>(path.size()),
                                                 FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
        if (length == 0) return {};
        if (length < path.size()) {
            path.resize(length);
            return path;
        }
        path.assign(length, L'\0');  // too short: `length` is the size it needs, with the NUL
    }
    return {};
}

}  // namespace workspace::files
