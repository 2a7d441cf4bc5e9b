#pragma once
// The token store's text on disk, by platform: token_store_posix.cpp keeps the JSON as is in a
// file of mode 0600; token_store_windows.cpp encrypts it with DPAPI for the user, in a file with
// an owner-only DACL. Both refuse a file others may read or write and replace it atomically.
// Problems start with "token store <file>" and never quote the content.

#include "workspace/problem.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace webexcc::client::detail {

// The store's JSON text, or nullopt when the file does not exist.
workspace::Result<std::optional<std::string>> read_token_store_text(const std::filesystem::path& file);

// Replaces the store by `text`, or UNWRITABLE saying what failed (the old store stays).
workspace::Result<void> write_token_store_text(const std::filesystem::path& file, const std::string& text);

}  // namespace webexcc::client::detail
