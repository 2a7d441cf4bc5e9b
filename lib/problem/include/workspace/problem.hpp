#pragma once
// The one way a run-time operation reports failure: it returns Result<T>, holding either its value
// or a Problem. Exceptions are for setup only (configuration, start-up), where the caller stops.
//
//   workspace::Result<Tokens> refreshed = endpoint.refresh(...);
//   if (!refreshed) log(refreshed.error().code + ": " + refreshed.error().message);
//
// `code` is a stable UPPER_SNAKE name a program may branch on (INVALID_REQUEST, UNSAFE_FILE,
// HTTP_409, ...); `message` is one line for a person, which never quotes secrets or input.

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>

namespace workspace {

struct Problem {
    // A constructor, not an aggregate: a lone string must never convert to a Problem, or
    // Result<std::string> could not tell a value from a failure.
    Problem() = default;  // what result::error() returns when there is none
    Problem(std::string code_, std::string message_) : code(std::move(code_)), message(std::move(message_)) {}

    std::string code;
    std::string message;

    friend bool operator==(const Problem&, const Problem&) = default;
    // "CODE: message", which is also how a test framework shows a failed Result.
    friend std::ostream& operator<<(std::ostream& out, const Problem& problem) {
        return out << problem.code << ": " << problem.message;
    }
};

template <class T>
using Result = boost::system::result<T, Problem>;

// What Result<T>::value() throws when it holds a Problem (found by argument-dependent lookup).
class ProblemError : public std::runtime_error {
public:
    explicit ProblemError(Problem problem)
        : std::runtime_error(problem.code + ": " + problem.message), problem_(std::move(problem)) {}
    const Problem& problem() const noexcept { return problem_; }

private:
    Problem problem_;
};

[[noreturn]] inline void throw_exception_from_error(const Problem& problem, const boost::source_location&) {
    throw ProblemError(problem);
}

}  // namespace workspace
