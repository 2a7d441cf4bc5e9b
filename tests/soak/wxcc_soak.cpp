// The fault soak: the real plugin, loaded by the host, places CALLS calls on wxcc-sim while a seeded
// random schedule injects every fault the simulator has. Per call: exactly one DROPPED, no
// lifecycle event twice, nothing after DROPPED. At the end: the host answers, no call is left open,
// and memory is back within a stated bound of its warm-up level. Prints the seed; --seed replays.
//
//   workspace_soak [--calls N] [--seed S] [--verbose]

#include "../host/test_plugin_folder.hpp"

#include "workspace/host/plugin_host.hpp"
#include "workspace/message/json_scan.hpp"
#include "wxcc_sim/simulator.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace workspace::host;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr long memory_bound_kib = 16 * 1024;  // end RSS may exceed the warm-up RSS by at most this

long resident_kib() {
    malloc_trim(0);  // measure what is used, not what the allocator keeps cached
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

// Everything the bus carries, sorted by what the soak checks.
class Observer {
public:
    void take(const BusMessage& message) {
        if (message.publisher == "soak") return;
        if (!workspace::message::json_scan::check(message.json)) return fail("a message that is not strict JSON");
        auto parsed = json::parse(message.json);
        std::lock_guard lock(mutex_);
        const auto& body = parsed["message"];
        if (message.subtopic == "AgentStateChange" && body.contains("agent")) agent_state_ = body["agent"].value("state", "");
        if (message.subtopic != "OutBoundCallStateChange") return;
        auto request = body.value("requestId", std::string());
        if (body.value("source", "") == "error") rejections_[request] = body["error"].value("code", "");
        else if (!request.empty()) events_[request].push_back(body["call"].value("event", ""));
        // A call nobody placed from here (an offer that came after its MakeCall timed out): followed
        // all the same, so it is held to the same checks, by its interaction id.
        else unplaced_["call " + body["call"].value("id", "")].push_back(body["call"].value("event", ""));
    }
    std::string agent_state() {
        std::lock_guard lock(mutex_);
        return agent_state_;
    }
    // "DROPPED", a rejection code, or "" while the request is still open.
    std::string outcome(const std::string& request) {
        std::lock_guard lock(mutex_);
        if (auto r = rejections_.find(request); r != rejections_.end()) return r->second;
        auto e = events_.find(request);
        return e != events_.end() && std::find(e->second.begin(), e->second.end(), "DROPPED") != e->second.end() ? "DROPPED" : "";
    }
    void fail(const std::string& why) {
        std::lock_guard lock(mutex_);
        violations_.push_back(why);
    }
    // The per-call checks, over everything seen.
    std::vector<std::string> violations(const std::set<std::string>& accepted) {
        static const std::set<std::string> lifecycle = {"eAgentOfferContact", "CustAnswered", "eCallRecordingStarted",
                                                        "eAgentContactEnded", "acw", "DROPPED"};
        std::lock_guard lock(mutex_);
        auto found = violations_;
        auto checked = accepted;
        for (const auto& [call, list] : unplaced_) {
            checked.insert(call);
            events_[call] = list;
        }
        for (const auto& request : checked) {
            const auto& list = events_[request];
            auto dropped = std::count(list.begin(), list.end(), "DROPPED");
            if (dropped != 1) found.push_back(request + ": " + std::to_string(dropped) + " DROPPED");
            else if (list.back() != "DROPPED") found.push_back(request + ": an event after DROPPED");
            std::set<std::string> seen;
            for (const auto& event : list)
                if (lifecycle.count(event) && !seen.insert(event).second) found.push_back(request + ": " + event + " twice");
        }
        for (const auto& [request, list] : events_)
            if (!checked.count(request)) found.push_back("events for " + request + ", which nobody asked for");
        return found;
    }
    std::string describe(const std::string& request) {
        std::lock_guard lock(mutex_);
        std::string text;
        for (const auto& event : events_[request]) text += event + " ";
        return text;
    }

private:
    std::mutex mutex_;
    std::string agent_state_;
    std::map<std::string, std::vector<std::string>> events_;
    std::map<std::string, std::string> rejections_;
    std::map<std::string, std::vector<std::string>> unplaced_;
    std::vector<std::string> violations_;
};

// The seeded fault schedule: one random fault (or none) per call, before or during it.
class Schedule {
public:
    explicit Schedule(std::uint64_t seed) : random_(seed) {}

    std::string number() {
        static const std::vector<std::string> numbers = {
            "917702779401", "917702779401", "917702779401", "15550001001", "15550001002", "15550001003",
            "15550001004", "15550001005", "15550001006", "15550001008"};
        return pick(numbers);
    }
    std::chrono::milliseconds when() { return std::chrono::milliseconds(between(0, 120)); }
    json fault() {
        static const std::vector<std::string> kinds = {"lone-surrogate", "invalid-utf8", "control-char", "deep-nesting",
                                                       "huge-number", "wrong-type", "truncated"};
        static const std::vector<std::string> paths = {"data.type", "data.interactionId", "data.interaction.state",
                                                       "data.interaction.callProcessingDetails.dnis", "data.reason",
                                                       "data.interaction.owner", "type", "data.interaction.contactDirection"};
        static const std::vector<std::string> frames = {"", "AgentOfferContact", "AgentContactAssigned", "ContactEnded",
                                                        "AgentWrapup", "AgentWrappedUp", "AgentOutboundFailed",
                                                        "AgentReloginSuccess", "AgentContact"};
        static const std::vector<std::string> rest_paths = {"/v1/tasks/", "/v1/agents/reload", "/v1/notification/subscribe",
                                                            "/v1/agents/session/state"};
        switch (between(0, 11)) {
            case 0: return {{"fault", "drop-socket"}};
            case 1: return {{"fault", "stop-keepalives"}};
            case 2: return {{"fault", "delay-frames"}, {"ms", between(10, 150)}};
            case 3: return {{"fault", "duplicate-frames"}, {"count", between(1, 6)}};
            case 4: return {{"fault", "reorder-frames"}};
            case 5: return {{"fault", "rest-status"}, {"status", pick(std::vector<int>{500, 503, 429})},
                            {"count", between(1, 2)}, {"retryAfter", between(0, 1)}, {"path", pick(rest_paths)}};
            case 6: return {{"fault", "reject-websocket"}, {"count", between(1, 2)}};
            case 7:
            case 8: return {{"fault", "poison-frames"}, {"kind", pick(kinds)}, {"path", pick(paths)},
                            {"onType", pick(frames)}, {"count", between(1, 2)}};
            default: return nullptr;  // a call with no fault
        }
    }

private:
    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    template <class T>
    const T& pick(const std::vector<T>& from) { return from[std::size_t(between(0, int(from.size()) - 1))]; }
    std::mt19937_64 random_;
};

struct Options {
    int calls = 1000;
    std::uint64_t seed = std::random_device{}();
    bool verbose = false;
};

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

int soak(const Options& options) {
    std::printf("soak: %d calls, seed %llu (replay: --seed %llu)\n", options.calls,
                static_cast<unsigned long long>(options.seed), static_cast<unsigned long long>(options.seed));
    wxcc_sim::Options sim_options;
    sim_options.step = 5ms;
    sim_options.auto_wrapup = 10ms;
    sim_options.keepalive = 100ms;
    wxcc_sim::Simulator sim(sim_options);
    sim.start();

    workspace::testing::TestFolder folder;
    folder.install("webexcc-outbound");
    std::ofstream(folder.root() / "token") << "wxcc-sim-token\n";
    auto config = workspace::testing::host_config("3.21.2410", {"webexcc-outbound"});
    config["plugins"][0]["config"] = {{"apiBase", sim.url()},           {"accessTokenFile", "token"},
                                      {"entryPointId", "soak-entry"},   {"outdialAni", "1908603511"},
                                      {"offerTimeoutMs", 3000},         {"keepaliveIntervalMs", 100},
                                      {"livenessTimeoutMs", 400},       {"reconnectInitialMs", 20},
                                      {"reconnectMaxMs", 300}};
    Observer observer;
    LogSink log = [&](LogLevel, std::string_view source, std::string_view text) {
        if (options.verbose) std::fprintf(stderr, "%.*s: %.*s\n", int(source.size()), source.data(), int(text.size()), text.data());
    };
    MessageBus bus(log);
    bus.subscribe_all([&](const BusMessage& message) { observer.take(message); }, "soak");
    PluginHost host(load_host_config(folder.write_config(config)), bus, log);
    if (!host.load_enabled().at(0).active) return std::fprintf(stderr, "soak: the plugin did not activate\n"), 1;

    auto publish = [&](const json& message) {
        bus.publish({message["channel"], message["topic"], message["subtopic"], message.dump(), "soak"});
    };
    auto make_ready = [&] {
        for (int attempt = 0; attempt < 50 && observer.agent_state() != "Available"; ++attempt) {
            publish({{"channel", "Webexcc"}, {"topic", "Agent"}, {"subtopic", "SetReadyState"}});
            wait_until([&] { return observer.agent_state() == "Available"; }, 200ms);
        }
        return observer.agent_state() == "Available";
    };

    Schedule schedule(options.seed);
    std::set<std::string> accepted;
    std::map<std::string, int> faults_injected;
    int rejected = 0;
    long warm_kib = 0;
    auto started = std::chrono::steady_clock::now();
    int warm_up = std::max(50, options.calls / 10);
    for (int call = 1; call <= options.calls; ++call) {
        if (!make_ready()) return std::fprintf(stderr, "soak: the agent never became Ready\n"), 1;
        auto fault = schedule.fault();
        auto number = schedule.number();
        auto delay = schedule.when();
        bool during = delay.count() % 2 == 1;
        if (!fault.is_null()) ++faults_injected[fault.value("fault", std::string()) + (fault.contains("kind") ? "/" + fault["kind"].get<std::string>() : "")];
        if (options.verbose) std::fprintf(stderr, "soak: call %d to %s, fault %s %s\n", call, number.c_str(), fault.dump().c_str(), during ? "during" : "before");
        if (!fault.is_null() && !during) sim.control(fault);
        std::string request;
        for (int attempt = 1;; ++attempt) {  // a call refused before anything was sent is placed again
            request = "soak-" + std::to_string(call) + "-" + std::to_string(attempt);
            publish({{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"data", number},
                     {"requestId", request}});
            if (!fault.is_null() && during && attempt == 1) {
                std::this_thread::sleep_for(delay);
                sim.control(fault);
            }
            if (!wait_until([&] { return !observer.outcome(request).empty(); }, 30s)) {
                observer.fail(request + ": no DROPPED within 30 s (" + observer.describe(request) + ")");
                accepted.insert(request);
                break;
            }
            auto outcome = observer.outcome(request);
            if (outcome == "DROPPED") {
                accepted.insert(request);
                break;
            }
            ++rejected;  // NOT_CONNECTED while reconnecting, AGENT_NOT_READY after a RONA, ...
            if (attempt > 200) return std::fprintf(stderr, "soak: %s refused 200 times (%s)\n", request.c_str(), outcome.c_str()), 1;
            sim.control({{"fault", "clear"}});
            make_ready();
            std::this_thread::sleep_for(20ms);
        }
        sim.control({{"fault", "clear"}});
        if (call == warm_up) warm_kib = resident_kib();
        if (call % 100 == 0) std::printf("soak: %d calls, %zu violations so far\n", call, observer.violations(accepted).size());
        std::fflush(stdout);
    }
    // Late events arrive now if they are coming at all.
    std::this_thread::sleep_for(500ms);
    bus.drain();
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    auto violations = observer.violations(accepted);
    auto status_text = host.plugin_status("webexcc-outbound");
    if (!status_text) violations.push_back("the plugin does not answer its status");
    auto status = status_text ? json::parse(*status_text) : json::object();
    if (status.value("openCalls", -1) != 0 || status.value("placingCall", true))
        violations.push_back("calls left open: " + status.dump());
    long end_kib = resident_kib();
    if (warm_kib > 0 && end_kib - warm_kib > memory_bound_kib)
        violations.push_back("memory grew from " + std::to_string(warm_kib) + " KiB after warm-up to " + std::to_string(end_kib) + " KiB");

    std::printf("soak: %d calls in %.1f s, %d MakeCalls refused and placed again, seed %llu\n", options.calls, seconds,
                rejected, static_cast<unsigned long long>(options.seed));
    std::printf("soak: faults injected:");
    for (const auto& [fault, count] : faults_injected) std::printf(" %s=%d", fault.c_str(), count);
    std::printf("\nsoak: frames poisoned by the simulator: %d\n", sim.control({{"status", true}}).value("framesPoisoned", 0));
    std::printf("soak: memory %ld KiB after warm-up (%d calls), %ld KiB at the end (bound +%ld KiB)\n", warm_kib, warm_up,
                end_kib, memory_bound_kib);
    std::printf("soak: plugin status %s\n", status.dump().c_str());
    host.deactivate_all();
    bus.drain();
    for (const auto& violation : violations) std::printf("VIOLATION: %s\n", violation.c_str());
    std::printf("soak: %zu violations\n", violations.size());
    return violations.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        if (argument == "--calls" && i + 1 < argc) options.calls = std::stoi(argv[++i]);
        else if (argument == "--seed" && i + 1 < argc) options.seed = std::stoull(argv[++i]);
        else if (argument == "--verbose") options.verbose = true;
        else return std::fprintf(stderr, "usage: workspace_soak [--calls N] [--seed S] [--verbose]\n"), 2;
    }
    return soak(options);
}
