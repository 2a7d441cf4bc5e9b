#include "access_key.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace browser_bridge {

std::string read_access_key(const std::filesystem::path& file) {
    auto refuse = [&](const std::string& why) {
        throw std::runtime_error("accessKeyFile " + file.string() + " " + why);
    };
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) refuse("cannot be read");
    if (!S_ISREG(info.st_mode)) refuse("is not a regular file");
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) refuse("must be readable by its owner only (chmod 600)");
    if (info.st_uid != ::geteuid()) refuse("must belong to the user running the host");
    std::ifstream in(file);
    std::string key;
    std::getline(in, key);
    while (!key.empty() && (key.back() == '\r' || key.back() == ' ' || key.back() == '\t')) key.pop_back();
    if (key.size() < 16) refuse("must hold a key of at least 16 characters on its first line");
    return key;
}

}  // namespace browser_bridge
