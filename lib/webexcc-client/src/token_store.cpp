#include "webexcc/client/token_store.hpp"

#include "token_store_file.hpp"
#include "workspace/files/utf8_path.hpp"
#include "workspace/json/strict_json.hpp"

namespace webexcc::client {

namespace {

using namespace std::chrono;
using workspace::Problem;
using workspace::Result;

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

std::optional<std::string> stored_text(const nlohmann::json& store, const char* key) {
    auto found = store.find(key);
    if (found == store.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
}

}  // namespace

Result<Tokens> parse_token_store(std::string_view text) {
    // Never quoted: the text holds tokens.
    Problem not_a_store("BAD_TOKEN_STORE", "not a token store (sign in again to rewrite it)");
    auto json = workspace::parse_strict(text);
    if (!json) return not_a_store;
    auto access_token = stored_text(*json, "accessToken");
    auto access_obtained = time_in(*json, "accessTokenObtainedAt");
    auto access_expires = time_in(*json, "accessTokenExpiresAt");
    auto refresh_token = stored_text(*json, "refreshToken");
    auto refresh_expires = time_in(*json, "refreshTokenExpiresAt");
    if (!access_token || !access_obtained || !access_expires || !refresh_token || !refresh_expires) return not_a_store;
    return Tokens{std::move(*access_token), *access_obtained, *access_expires, std::move(*refresh_token),
                  *refresh_expires};
}

Result<std::optional<Tokens>> read_token_store(const std::filesystem::path& file) {
    auto content = detail::read_token_store_text(file);
    if (!content) return content.error();
    if (!*content) return std::nullopt;
    auto tokens = parse_token_store(**content);
    if (!tokens)
        return Problem(tokens.error().code,
                       "token store " + workspace::files::utf8_of(file) + ": " + tokens.error().message);
    return std::move(*tokens);
}

Result<void> write_token_store(const std::filesystem::path& file, const Tokens& tokens) {
    nlohmann::json json = {{"accessToken", tokens.access_token},
                           {"accessTokenObtainedAt", seconds_of(tokens.access_obtained)},
                           {"accessTokenExpiresAt", seconds_of(tokens.access_expires)},
                           {"refreshToken", tokens.refresh_token},
                           {"refreshTokenExpiresAt", seconds_of(tokens.refresh_expires)}};
    return detail::write_token_store_text(file, json.dump(2) + "\n");
}

}  // namespace webexcc::client
