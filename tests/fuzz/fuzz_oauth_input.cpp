// What reaches the sign-in from outside: the token endpoint's answer (any status, any bytes), the
// browser's redirect target (only a code or an error carrying the state sent is an answer), and the token store's text
// (a file anyone with the user's rights can edit). Each is read or refused with a problem, never a crash; a problem's
// message never quotes the answer beyond a plain error name.
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
        auto tokens = parse_token_store(rest);
        if (!tokens && tokens.error().message != "not a token store (sign in again to rewrite it)")
            std::abort();  // never the store's text
    } else if (data[0] % 3 == 0) {
        int status = 100 + (data[1] << 8 | data[2]) % 500;
        Tokens previous;
        previous.refresh_token = "previous-refresh";
        auto result = read_token_response(status, rest, SystemTime{std::chrono::seconds(1'700'000'000)},
                                          data[1] % 2 ? &previous : nullptr);
        if (result) {
            if (result->access_token.empty() || result->refresh_token.empty() ||
                result->access_expires <= result->access_obtained)
                std::abort();
        } else if (result.error().message.size() > 200) {
            std::abort();  // a message that quotes the answer
        }
    } else {
        // wxcc-login's verdict on a redirect: only a code with the state it sent ends the wait.
        const std::string_view state = "fuzz-state";
        auto check = check_redirect(rest, "/callback", state);
        using Kind = RedirectCheck::Kind;
        if ((check.kind == Kind::code || check.kind == Kind::declined) && check.redirect.state != state) std::abort();
        if (check.kind == Kind::code && !check.redirect.code) std::abort();
        if (check.kind == Kind::wrong_state && check.redirect.state == state) std::abort();
    }
    return 0;
}
