#include "access_key.hpp"

#include <workspace/files/private_file.hpp>

namespace browser_bridge {

std::string read_access_key(const std::filesystem::path& file) {
    std::string key;
    try {
        key = workspace::files::first_line(workspace::files::read_private_file(file, 4096));
    } catch (const workspace::files::PrivateFileError& error) {
        throw std::runtime_error(std::string("accessKeyFile ") + error.what());
    }
    if (key.size() < 16) throw std::runtime_error("accessKeyFile " + file.string() + " must hold a key of at least 16 characters on its first line");
    return key;
}

}  // namespace browser_bridge
