#include "workspace/files/utf8_path.hpp"

#include "windows_common.hpp"

// after <windows.h>, whose types it uses
#include <shellapi.h>

namespace workspace::files {

std::vector<std::string> utf8_arguments(int, char**) {
    int count = 0;
    wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
    std::vector<std::string> arguments;
    for (int i = 0; wide != nullptr && i < count; ++i) arguments.push_back(utf8_of(std::filesystem::path(wide[i])));
    LocalFree(wide);
    return arguments;
}

}  // namespace workspace::files
