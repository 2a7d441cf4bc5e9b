#pragma once
// The token store: one JSON file holding the access token, its expiry, the refresh token and its
// expiry, written by `wxcc-login` and by every refresh.
//
// Safety: created with mode 0600; refused when group or others may read or write it, or when it
// belongs to another user; written atomically (a temporary file beside it, fsync, rename, fsync of
// the folder), so a crash at any moment leaves either the old tokens or the new ones, never half.
// On Windows the JSON is encrypted with DPAPI for the user, the file's DACL grants the user alone
// and the rename is MoveFileExW with write-through (token_store_windows.cpp).
// Problems name the file ("token store <file> ..."), never a token. Read and written while the
// plugin runs, so every operation returns a Result.

#include "webexcc/client/oauth.hpp"
#include "workspace/problem.hpp"

#include <filesystem>
#include <optional>
#include <string_view>

namespace webexcc::client {

// The stored tokens; nullopt when the file does not exist (nobody signed in yet). UNSAFE_FILE or
// UNREADABLE (private_file.hpp) when it is unsafe or unreadable, BAD_TOKEN_STORE when it holds
// something else.
workspace::Result<std::optional<Tokens>> read_token_store(const std::filesystem::path& file);

// The tokens in a store's text (pure), or BAD_TOKEN_STORE, which never quotes the text.
workspace::Result<Tokens> parse_token_store(std::string_view text);

// Replaces the stored tokens atomically, or UNWRITABLE saying what failed (the old tokens stay).
workspace::Result<void> write_token_store(const std::filesystem::path& file, const Tokens& tokens);

}  // namespace webexcc::client
