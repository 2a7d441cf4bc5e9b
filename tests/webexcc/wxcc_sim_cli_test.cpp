// wxcc-sim as a user runs it: a real process that prints its URL and serves until SIGTERM.

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <string>

namespace {

struct Output {
    int status;
    std::string text;
};

Output run(const std::string& arguments) {
    std::string command = std::string("'") + WXCC_SIM_BINARY + "' " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) text += buffer;
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

}  // namespace

TEST_CASE("wxcc-sim --help documents the scenarios and faults") {
    auto help = run("--help");
    CHECK(help.status == 0);
    for (auto word : {"answered", "busy", "no-answer", "rona", "declined", "hold", "recording", "agent-ends",
                      "invalid-number", "drop-socket", "stop-keepalives", "delay-frames", "duplicate-frames",
                      "reorder-frames", "rest-status", "--port", "--auto-wrap-up"}) {
        INFO(word);
        CHECK(help.text.find(word) != std::string::npos);
    }
}

TEST_CASE("wxcc-sim rejects bad arguments clearly") {
    auto unknown = run("--bogus");
    CHECK(unknown.status == 2);
    CHECK(unknown.text.find("--bogus") != std::string::npos);
    auto scenario = run("--scenario nope");
    CHECK(scenario.status == 2);
    CHECK(scenario.text.find("nope") != std::string::npos);
}

TEST_CASE("wxcc-sim prints its listening URL on a free port and stops on SIGTERM") {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        execl(WXCC_SIM_BINARY, WXCC_SIM_BINARY, "--port", "0", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    CHECK(line.rfind("wxcc-sim listening on http://127.0.0.1:", 0) == 0);
    CHECK(line.find(":0") == std::string::npos);
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
