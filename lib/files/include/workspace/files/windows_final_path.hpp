#pragma once
// The path Windows resolves an open file or folder to: what to load or open again when the thing
// opened and judged must be the thing used (a plugin DLL, a file in the page folder). Windows only;
// <windows.h> stays in the .cpp.

#ifdef _WIN32

#include <filesystem>

namespace workspace::files {

// GetFinalPathNameByHandleW of `handle` ("\\?\C:\...": links, junctions and 8.3 names resolved),
// empty when Windows cannot name it. Held open without FILE_SHARE_DELETE, the object cannot be
// renamed or replaced, so the path keeps naming it while the handle stays open.
std::filesystem::path final_path_of(void* handle);

}  // namespace workspace::files

#endif
