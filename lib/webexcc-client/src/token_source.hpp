#pragma once
// A bearer token another system keeps current, in a file or an environment variable
// (ClientConfig::token_file / token_env): used as is, the file re-read after a 401.

#include "webexcc/client/client_config.hpp"
#include "workspace/problem.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace webexcc::client {

// Problems and errors name the file or variable, never the token.
class TokenSource {
public:
    // Reads the token: setup, so it throws std::invalid_argument / std::runtime_error.
    explicit TokenSource(const ClientConfig& config);
    const std::string& token() const { return token_; }
    // Re-reads the file; false when the token comes from the environment or did not change, a
    // problem when the file cannot be read or holds no usable token (the old token stays).
    workspace::Result<bool> reload();
    std::string origin() const;  // "file /path" or "environment variable NAME"

private:
    workspace::Result<std::string> read() const;
    std::optional<std::filesystem::path> file_;
    std::optional<std::string> env_;
    std::string token_;
};

}  // namespace webexcc::client
