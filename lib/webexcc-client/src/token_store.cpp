#include "webexcc/client/token_store.hpp"

#include "workspace/json/strict_json.hpp"
#include "workspace/files/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace webexcc::client {

namespace {

using namespace std::chrono;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& why) {
    throw TokenStoreError("token store " + file.string() + ": " + why);
}

long long seconds_of(SystemTime time) {
    if (time == SystemTime::max()) return 0;  // "does not expire"
    return duration_cast<seconds>(time.time_since_epoch()).count();
}

// Unix seconds; 0 is "never". Anything past 2096 is refused before it overflows the clock's
// nanoseconds (found by fuzz_oauth_input: 17000043200 s).
SystemTime time_of(const nlohmann::json& value) {
    constexpr long long latest = 4'000'000'000;
    if (!value.is_number_integer()) throw std::invalid_argument("a time is not an integer");
    auto count = value.get<long long>();
    if (count < 0 || count > latest) throw std::invalid_argument("a time out of range");
    return count == 0 ? SystemTime::max() : SystemTime(seconds(count));
}

void write_all(int fd, const std::string& text, const std::filesystem::path& file) {
    std::size_t done = 0;
    while (done < text.size()) {
        auto written = ::write(fd, text.data() + done, text.size() - done);
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) fail(file, std::string("cannot write: ") + std::strerror(errno));
        done += static_cast<std::size_t>(written);
    }
}

}  // namespace

Tokens parse_token_store(std::string_view text) {
    try {
        auto json = workspace::parse_strict(text).value();
        Tokens tokens;
        tokens.access_token = json.at("accessToken").get<std::string>();
        tokens.access_obtained = time_of(json.at("accessTokenObtainedAt"));
        tokens.access_expires = time_of(json.at("accessTokenExpiresAt"));
        tokens.refresh_token = json.at("refreshToken").get<std::string>();
        tokens.refresh_expires = time_of(json.at("refreshTokenExpiresAt"));
        return tokens;
    } catch (const std::exception&) {  // never quoted: the text holds tokens
        throw TokenStoreError("not a token store (sign in again to rewrite it)");
    }
}

std::optional<Tokens> read_token_store(const std::filesystem::path& file) {
    auto content = workspace::files::read_private_file_if_present(file);
    if (!content) throw TokenStoreError("token store " + content.error().message);
    const auto& text = *content;
    if (!text) return std::nullopt;
    try {
        return parse_token_store(*text);
    } catch (const TokenStoreError& error) {
        fail(file, error.what());
    }
}

void write_token_store(const std::filesystem::path& file, const Tokens& tokens) {
    nlohmann::json json = {{"accessToken", tokens.access_token},
                           {"accessTokenObtainedAt", seconds_of(tokens.access_obtained)},
                           {"accessTokenExpiresAt", seconds_of(tokens.access_expires)},
                           {"refreshToken", tokens.refresh_token},
                           {"refreshTokenExpiresAt", seconds_of(tokens.refresh_expires)}};
    auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    auto temporary = folder / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
    ::unlink(temporary.c_str());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fail(file, std::string("cannot create a file beside it: ") + std::strerror(errno));
    try {
        write_all(fd, json.dump(2) + "\n", file);
        if (::fsync(fd) != 0) fail(file, std::string("cannot be flushed: ") + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        int error = errno;
        ::unlink(temporary.c_str());
        fail(file, std::string("cannot be replaced: ") + std::strerror(error));
    }
    int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {  // the rename itself survives a crash once the folder is flushed
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace webexcc::client
