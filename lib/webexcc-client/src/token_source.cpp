#include "token_source.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace webexcc::client {

using workspace::Problem;

TokenSource::TokenSource(const ClientConfig& config) : file_(config.token_file), env_(config.token_env) {
    if (file_.has_value() == env_.has_value())
        throw std::invalid_argument("exactly one of accessTokenFile and accessTokenEnv must be set");
    auto token = read();
    if (!token) throw std::runtime_error(token.error().message);
    token_ = std::move(*token);
}

std::string TokenSource::origin() const { return file_ ? "file " + file_->string() : "environment variable " + *env_; }

workspace::Result<std::string> TokenSource::read() const {
    std::string text;
    if (file_) {
        std::ifstream in(*file_, std::ios::binary);
        if (!in) return Problem("UNREADABLE", "cannot read the access token from " + origin());
        std::ostringstream content;
        content << in.rdbuf();
        text = content.str();
    } else {
        const char* value = std::getenv(env_->c_str());
        if (value == nullptr) return Problem("NO_TOKEN", "the access token " + origin() + " is not set");
        text = value;
    }
    auto first = text.find_first_not_of(" \t\r\n");
    auto last = text.find_last_not_of(" \t\r\n");
    text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    if (text.empty()) return Problem("NO_TOKEN", "the access token in " + origin() + " is empty");
    if (text.find_first_of(" \t\r\n") != std::string::npos)
        return Problem("BAD_TOKEN", "the access token in " + origin() + " contains white space");
    return text;
}

workspace::Result<bool> TokenSource::reload() {
    if (!file_) return false;
    auto fresh = read();
    if (!fresh) return fresh.error();
    if (*fresh == token_) return false;
    token_ = std::move(*fresh);
    return true;
}

}  // namespace webexcc::client
