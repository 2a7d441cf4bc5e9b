#pragma once
// Reading the page folder that replaces the built-in panel (page_files.hpp): the part that differs
// between POSIX (page_folder_posix.cpp) and Windows (page_folder_windows.cpp).

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace browser_bridge {

inline constexpr std::size_t max_page_file_bytes = 1 << 20;

// (name, content) of each regular file directly in `folder` whose name `wanted` accepts and that
// holds at most max_page_file_bytes, each opened in the folder as it was opened and judged, never
// through a symbolic link (POSIX) or any reparse point (Windows): those, subfolders, FIFOs and
// larger files are skipped. Throws std::runtime_error naming `folder` or the file when it cannot
// be read, or it or a file it serves may be changed by others than the host's user (or root,
// Administrators or SYSTEM).
std::vector<std::pair<std::string, std::string>> read_page_folder(const std::filesystem::path& folder,
                                                                  const std::function<bool(std::string_view)>& wanted);

}  // namespace browser_bridge
