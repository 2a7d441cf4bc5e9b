// PluginFile's part common to POSIX and Windows (plugin_file_posix.cpp, plugin_file_windows.cpp):
// the exported symbols, read from the opened file through the path that names its descriptor or handle.

#include "workspace/host/plugin_file.hpp"

#include <boost/dll/library_info.hpp>

#include <exception>

namespace workspace::host {

Result<std::vector<std::string>> PluginFile::symbols() const {
    try {  // Boost.DLL reports a file it cannot parse only by throwing
        return boost::dll::library_info(descriptor_path()).symbols();
    } catch (const std::exception&) {
        return Problem{"NOT_A_LIBRARY", "is not a loadable library"};
    }
}

}  // namespace workspace::host
