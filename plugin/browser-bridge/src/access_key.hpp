#pragma once
// The shared secret that admits clients without an Origin header (accessKeyFile).

#include <filesystem>
#include <string>

namespace browser_bridge {

// Reads the key: the file's first line, at least 16 characters. Throws std::runtime_error when the
// file is missing, not a regular file, readable or writable by group or others, owned by another
// user, or the key is too short. Errors name the file, never the key.
std::string read_access_key(const std::filesystem::path& file);

}  // namespace browser_bridge
