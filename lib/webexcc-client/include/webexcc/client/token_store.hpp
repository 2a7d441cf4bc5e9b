#pragma once
// The token store: one JSON file holding the access token, its expiry, the refresh token and its
// expiry, written by `wxcc-login` and by every refresh.
//
// Safety: created with mode 0600; refused when group or others may read or write it, or when it
// belongs to another user; written atomically (a temporary file beside it, fsync, rename, fsync of
// the folder), so a crash at any moment leaves either the old tokens or the new ones, never half.
// Errors name the file, never a token.

#include "webexcc/client/oauth.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace webexcc::client {

class TokenStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The stored tokens; nullopt when the file does not exist (nobody signed in yet). Throws
// TokenStoreError when it is unsafe or unreadable.
std::optional<Tokens> read_token_store(const std::filesystem::path& file);

// The tokens in a store's text (pure). Throws TokenStoreError, which never quotes the text.
Tokens parse_token_store(std::string_view text);

// Replaces the stored tokens atomically. Throws TokenStoreError.
void write_token_store(const std::filesystem::path& file, const Tokens& tokens);

}  // namespace webexcc::client
