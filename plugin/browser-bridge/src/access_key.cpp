#include "access_key.hpp"

#include <workspace/files/private_file.hpp>

namespace browser_bridge {

std::string read_access_key(const std::filesystem::path& file) {
    auto content = workspace::files::read_private_file(file, 4096);
    if (!content) throw std::runtime_error("accessKeyFile " + content.error().message);
    auto key = workspace::files::first_line(*content);
    if (key.size() < 16)
        throw std::runtime_error("accessKeyFile " + workspace::files::utf8_of(file) +
                                 " must hold a key of at least 16 characters on its first line");
    return key;
}

}  // namespace browser_bridge
