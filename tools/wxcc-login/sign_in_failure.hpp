#pragma once
// Why wxcc-login stopped, and the exit status that tells a script so.

#include <stdexcept>
#include <string>

namespace wxcc_login {

// What the exit status tells a script (docs/configuration.md lists them for users).
enum ExitCode : int {
    exit_signed_in = 0,
    exit_setup = 1,  // configuration, the redirect address, the token store
    exit_usage = 2,  // the command line, as is conventional
    exit_only_wrong_state = 3,
    exit_token_endpoint = 4,
    exit_timeout = 5,
    exit_not_completed = 6,
};

// Thrown only to end the program: main prints the message and exits with `exit_code`.
class Failure : public std::runtime_error {
public:
    Failure(ExitCode exit_code, const std::string& message) : std::runtime_error(message), exit_code(exit_code) {}
    ExitCode exit_code;
};

}  // namespace wxcc_login
