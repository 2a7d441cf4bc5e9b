// What reaches the sign-in from outside: the token endpoint's answer (any status, any bytes), the
// browser's redirect target, and the token store's text (a file anyone with the user's rights can edit). Each is read or refused with a TokenFailure, never a crash; a failure's
// reason never quotes the answer beyond a plain error name.
//
// Input layout: byte 0 picks the door; for the token answer, bytes 1-2 are the status.

#include "webexcc/client/oauth.hpp"
#include "webexcc/client/token_store.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace webexcc::client;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    std::string_view rest(reinterpret_cast<const char*>(data) + 3, size - 3);
    if (data[0] % 3 == 2) {
        try {
            auto tokens = parse_token_store(rest);
            (void)tokens;
        } catch (const TokenStoreError&) {  // its message is a fixed text: never the store's
        }
    } else if (data[0] % 3 == 0) {
        int status = 100 + (data[1] << 8 | data[2]) % 500;
        Tokens previous;
        previous.refresh_token = "previous-refresh";
        auto result = read_token_response(status, rest, SystemTime{std::chrono::seconds(1'700'000'000)}, data[1] % 2 ? &previous : nullptr);
        if (auto* tokens = std::get_if<Tokens>(&result)) {
            if (tokens->access_token.empty() || tokens->refresh_token.empty() || tokens->access_expires <= tokens->access_obtained)
                std::abort();
        } else if (std::get<TokenFailure>(result).reason.size() > 200) {
            std::abort();  // a reason that quotes the answer
        }
    } else {
        auto redirect = read_redirect_target(rest);
        (void)redirect;
    }
    return 0;
}
