#include "webexcc/client/token_store.hpp"

#include "workspace/files/private_file.hpp"
#include "workspace/json/strict_json.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace webexcc::client {

namespace {

using namespace std::chrono;
using workspace::Problem;
using workspace::Result;

Problem unwritable(const std::filesystem::path& file, const std::string& why) {
    return Problem("UNWRITABLE", "token store " + file.string() + ": " + why);
}

long long seconds_of(SystemTime time) {
    if (time == SystemTime::max()) return 0;  // "does not expire"
    return duration_cast<seconds>(time.time_since_epoch()).count();
}

// Unix seconds; 0 is "never". Anything past 2096 is refused before it overflows the clock's
// nanoseconds (found by fuzz_oauth_input: 17000043200 s).
std::optional<SystemTime> time_in(const nlohmann::json& store, const char* key) {
    constexpr long long latest = 4'000'000'000;
    auto found = store.find(key);
    if (found == store.end() || !found->is_number_integer()) return std::nullopt;
    auto count = found->get<long long>();
    if (count < 0 || count > latest) return std::nullopt;
    return count == 0 ? SystemTime::max() : SystemTime(seconds(count));
}

std::optional<std::string> string_in(const nlohmann::json& store, const char* key) {
    auto found = store.find(key);
    if (found == store.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
}

Result<void> write_all(int fd, const std::string& text, const std::filesystem::path& file) {
    std::size_t done = 0;
    while (done < text.size()) {
        auto written = ::write(fd, text.data() + done, text.size() - done);
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return unwritable(file, std::string("cannot write: ") + std::strerror(errno));
        done += static_cast<std::size_t>(written);
    }
    return {};
}

// Writes `text` to a new file `temporary`, flushed to disk; removes it again on failure.
Result<void> write_new_file(const std::filesystem::path& temporary, const std::string& text,
                            const std::filesystem::path& file) {
    ::unlink(temporary.c_str());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return unwritable(file, std::string("cannot create a file beside it: ") + std::strerror(errno));
    auto written = write_all(fd, text, file);
    if (written && ::fsync(fd) != 0)
        written = unwritable(file, std::string("cannot be flushed: ") + std::strerror(errno));
    ::close(fd);
    if (!written) ::unlink(temporary.c_str());
    return written;
}

}  // namespace

Result<Tokens> parse_token_store(std::string_view text) {
    // Never quoted: the text holds tokens.
    Problem not_a_store("BAD_TOKEN_STORE", "not a token store (sign in again to rewrite it)");
    auto json = workspace::parse_strict(text);
    if (!json) return not_a_store;
    auto access_token = string_in(*json, "accessToken");
    auto access_obtained = time_in(*json, "accessTokenObtainedAt");
    auto access_expires = time_in(*json, "accessTokenExpiresAt");
    auto refresh_token = string_in(*json, "refreshToken");
    auto refresh_expires = time_in(*json, "refreshTokenExpiresAt");
    if (!access_token || !access_obtained || !access_expires || !refresh_token || !refresh_expires) return not_a_store;
    return Tokens{std::move(*access_token), *access_obtained, *access_expires, std::move(*refresh_token),
                  *refresh_expires};
}

Result<std::optional<Tokens>> read_token_store(const std::filesystem::path& file) {
    auto content = workspace::files::read_private_file_if_present(file);
    if (!content) return Problem(content.error().code, "token store " + content.error().message);
    if (!*content) return std::nullopt;
    auto tokens = parse_token_store(**content);
    if (!tokens) return Problem(tokens.error().code, "token store " + file.string() + ": " + tokens.error().message);
    return std::move(*tokens);
}

Result<void> write_token_store(const std::filesystem::path& file, const Tokens& tokens) {
    nlohmann::json json = {{"accessToken", tokens.access_token},
                           {"accessTokenObtainedAt", seconds_of(tokens.access_obtained)},
                           {"accessTokenExpiresAt", seconds_of(tokens.access_expires)},
                           {"refreshToken", tokens.refresh_token},
                           {"refreshTokenExpiresAt", seconds_of(tokens.refresh_expires)}};
    auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    auto temporary = folder / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
    if (auto written = write_new_file(temporary, json.dump(2) + "\n", file); !written) return written;
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        int error = errno;
        ::unlink(temporary.c_str());
        return unwritable(file, std::string("cannot be replaced: ") + std::strerror(error));
    }
    int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {  // the rename itself survives a crash once the folder is flushed
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

}  // namespace webexcc::client
