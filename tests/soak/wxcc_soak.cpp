// The fault soak: the real plugin, loaded by the host, follows CALLS calls on wxcc-sim — its own
// outdials, and campaign and inbound calls Webex routes to the agent — while a seeded random
// schedule injects every fault the simulator has and sends call-control requests mid-call. Per
// call: exactly one DROPPED, no lifecycle event twice, nothing after DROPPED. At the end: the host answers, no call is
// left open, and memory is back within a stated bound of its warm-up level. Prints the seed; --seed replays.
//
//   workspace_soak [--calls N] [--seed S] [--verbose]

#include "../host/test_plugin_folder.hpp"
#include "../support/lifecycle_events.hpp"

#include "workspace/host/plugin_host.hpp"
#include "workspace/json/json_scan.hpp"
#include "wxcc_sim/simulator.hpp"

#include <malloc.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
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
        if (!workspace::json_scan::check(message.json)) return fail("a message that is not strict JSON");
        auto parsed = json::parse(message.json);
        std::lock_guard lock(mutex_);
        const auto& body = parsed["message"];
        if (message.subtopic == "AgentStateChange" && body.contains("agent"))
            agent_state_ = body["agent"].value("state", "");
        if (message.subtopic != "OutBoundCallStateChange" && message.subtopic != "InboundCallStateChange") return;
        auto request = body.value("requestId", std::string());
        if (body.value("source", "") == "error") rejections_[request] = body["error"].value("code", "");
        else if (!request.empty()) events_[request].push_back(body["call"].value("event", ""));
        // A call nobody placed from here (Webex routed it to the agent, or its offer came after its
        // MakeCall timed out): held to the same checks, by its interaction id — a preview's call
        // offered under a new id continues its reservation.
        else {
            auto key = "call " + body["call"].value("id", "");
            const auto& actual = body["call"]["ResponseActual"];
            auto data = actual.is_object() ? actual.value("data", json::object()) : json::object();
            if (!unplaced_.count(key) && data.is_object() && data.value("type", "") == "AgentOfferContact") {
                auto reserved = "call " + data.value("reservationInteractionId", "");
                if (auto old = unplaced_.find(reserved); old != unplaced_.end() && only_reserved(old->second)) {
                    unplaced_[key] = std::move(old->second);
                    unplaced_.erase(old);
                    renamed_[reserved] = key;
                }
            }
            unplaced_[key].push_back(body["call"].value("event", ""));
        }
    }
    // Whether the call `interaction_id` (one nobody placed from here) has had its DROPPED; whether it had any event.
    bool call_over(const std::string& interaction_id) {
        std::lock_guard lock(mutex_);
        auto e = unplaced_.find(current_key(interaction_id));
        return e != unplaced_.end() && std::find(e->second.begin(), e->second.end(), "DROPPED") != e->second.end();
    }
    bool call_seen(const std::string& interaction_id) {
        std::lock_guard lock(mutex_);
        return unplaced_.count(current_key(interaction_id)) > 0;
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
        return e != events_.end() && std::find(e->second.begin(), e->second.end(), "DROPPED") != e->second.end()
                   ? "DROPPED"
                   : "";
    }
    void fail(const std::string& why) {
        std::lock_guard lock(mutex_);
        violations_.push_back(why);
    }
    // The per-call checks, over everything seen.
    std::vector<std::string> violations(const std::set<std::string>& accepted) {
        const auto& lifecycle = workspace_tests::lifecycle_events();
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
                if (lifecycle.count(event) && !seen.insert(event).second)
                    found.push_back(request + ": " + event + " twice");
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
    std::string current_key(const std::string& interaction_id) const {
        auto key = "call " + interaction_id;
        auto renamed = renamed_.find(key);
        return renamed == renamed_.end() ? key : renamed->second;
    }
    static bool only_reserved(const std::vector<std::string>& events) {
        auto has = [&](const char* event) { return std::find(events.begin(), events.end(), event) != events.end(); };
        return has("eAgentOfferCampaignReserved") && !has("eAgentOfferContact") && !has("DROPPED");
    }

    std::mutex mutex_;
    std::string agent_state_;
    std::map<std::string, std::vector<std::string>> events_;
    std::map<std::string, std::string> rejections_;
    std::map<std::string, std::vector<std::string>> unplaced_;
    std::map<std::string, std::string> renamed_;  // "call <reservation id>" -> "call <id of its call>"
    std::vector<std::string> violations_;
};

// The seeded fault schedule: one random fault (or none) per call, before or during it.
class Schedule {
public:
    explicit Schedule(std::uint64_t seed) : random_(seed) {}

    std::string number() {
        static const std::vector<std::string> numbers = {"917702779401", "917702779401", "917702779401", "15550001001",
                                                         "15550001002",  "15550001003",  "15550001004",  "15550001005",
                                                         "15550001006",  "15550001008"};
        return pick(numbers);
    }
    std::chrono::milliseconds when() { return std::chrono::milliseconds(between(0, 120)); }
    // One call in four is one Webex routes to the agent by itself: {kind, scenario}; null otherwise.
    json offered_call() {
        static const std::vector<std::string> kinds = {"inbound", "progressive",     "predictive",     "callback",
                                                       "preview", "preview-same-id", "preview-expired"};
        static const std::vector<std::string> scenarios = {"answered", "hold", "recording", "busy-then-nothing"};
        if (between(0, 3) != 0) return nullptr;
        return {{"kind", pick(kinds)}, {"scenario", pick(scenarios)}};
    }
    // A call-control request sent during the call (it may apply or be refused), or "".
    std::string control_request() {
        static const std::vector<std::string> requests = {
            "",           "",           "SetHold",     "Resume", "PauseRecording", "ResumeRecording",
            "Disconnect", "WrapUpCall", "ClearContact"};
        return pick(requests);
    }
    json fault() {
        static const std::vector<std::string> kinds = {"lone-surrogate", "invalid-utf8", "control-char", "deep-nesting",
                                                       "huge-number",    "wrong-type",   "truncated"};
        static const std::vector<std::string> paths = {"data.type",
                                                       "data.interactionId",
                                                       "data.interaction.state",
                                                       "data.interaction.callProcessingDetails.dnis",
                                                       "data.reason",
                                                       "data.interaction.owner",
                                                       "type",
                                                       "data.interaction.contactDirection"};
        static const std::vector<std::string> frames = {"",
                                                        "AgentOfferContact",
                                                        "AgentContactAssigned",
                                                        "ContactEnded",
                                                        "AgentWrapup",
                                                        "AgentWrappedUp",
                                                        "AgentOutboundFailed",
                                                        "AgentReloginSuccess",
                                                        "AgentContact"};
        static const std::vector<std::string> rest_paths = {"/v1/tasks/", "/v1/agents/reload",
                                                            "/v1/notification/subscribe", "/v1/agents/session/state"};
        switch (between(0, 11)) {
            case 0: return {{"fault", "drop-socket"}};
            case 1: return {{"fault", "stop-keepalives"}};
            case 2: return {{"fault", "delay-frames"}, {"ms", between(10, 150)}};
            case 3: return {{"fault", "duplicate-frames"}, {"count", between(1, 6)}};
            case 4: return {{"fault", "reorder-frames"}};
            case 5:
                return {{"fault", "rest-status"},
                        {"status", pick(std::vector<int>{500, 503, 429})},
                        {"count", between(1, 2)},
                        {"retryAfter", between(0, 1)},
                        {"path", pick(rest_paths)}};
            case 6: return {{"fault", "reject-websocket"}, {"count", between(1, 2)}};
            case 7:
            case 8:
                return {{"fault", "poison-frames"},
                        {"kind", pick(kinds)},
                        {"path", pick(paths)},
                        {"onType", pick(frames)},
                        {"count", between(1, 2)}};
            default: return nullptr;  // a call with no fault
        }
    }

private:
    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    template <class T>
    const T& pick(const std::vector<T>& from) {
        return from[std::size_t(between(0, int(from.size()) - 1))];
    }
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
    sim_options.auto_wrap_up = true;  // the soak's calls are wrapped up by the simulator
    sim_options.keepalive = 100ms;
    wxcc_sim::Simulator sim(sim_options);
    sim.start();

    workspace::testing::TestFolder folder;
    folder.install("webexcc-outbound");
    std::ofstream(folder.root() / "token") << "wxcc-sim-token\n";
    auto config = workspace::testing::host_config("3.21.2410", {"webexcc-outbound"});
    config["plugins"][0]["config"] = {{"apiBase", sim.url()},
                                      {"accessTokenFile", "token"},
                                      {"entryPointId", "soak-entry"},
                                      {"outdialAni", "1908603511"},
                                      {"offerTimeoutMs", 3000},
                                      {"keepaliveIntervalMs", 100},
                                      {"livenessTimeoutMs", 400},
                                      {"reconnectInitialMs", 20},
                                      {"reconnectMaxMs", 300},
                                      {"wrapUpGraceMs", 300},
                                      {"campaignReservationTimeoutMs", 300},
                                      {"defaultWrapUpCodeId", "soak-wrapup"}};
    Observer observer;
    LogSink log = [&](LogLevel, std::string_view source, std::string_view text) {
        if (options.verbose)
            std::fprintf(stderr, "%.*s: %.*s\n", int(source.size()), source.data(), int(text.size()), text.data());
    };
    MessageBus bus(log);
    bus.subscribe_all([&](const BusMessage& message) { observer.take(message); }, "soak");
    PluginHost host(load_host_config(folder.write_config(config)), bus, log);
    if (!host.load_enabled().at(0).active()) return std::fprintf(stderr, "soak: the plugin did not activate\n"), 1;

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
    int rejected = 0, calls_offered = 0;
    // A MakeCall refused before anything was sent is placed again.
    auto place_call = [&](int call, const std::string& number, const std::function<void()>& during_call) {
        for (int attempt = 1;; ++attempt) {
            auto request = "soak-" + std::to_string(call) + "-" + std::to_string(attempt);
            publish({{"channel", "Webexcc"},
                     {"topic", "OutboundCall"},
                     {"subtopic", "MakeCall"},
                     {"data", number},
                     {"requestId", request}});
            if (attempt == 1) during_call();
            if (!wait_until([&] { return !observer.outcome(request).empty(); }, 30s)) {
                observer.fail(request + ": no DROPPED within 30 s (" + observer.describe(request) + ")");
                accepted.insert(request);
                return;
            }
            auto outcome = observer.outcome(request);
            if (outcome == "DROPPED") {
                accepted.insert(request);
                return;
            }
            ++rejected;  // NOT_CONNECTED while reconnecting, AGENT_NOT_READY after a RONA, ...
            if (attempt > 200) {
                observer.fail(request + " refused 200 times (" + outcome + ")");
                return;
            }
            sim.control({{"fault", "clear"}});
            make_ready();
            std::this_thread::sleep_for(20ms);
        }
    };
    long warm_kib = 0;
    auto started = std::chrono::steady_clock::now();
    int warm_up = std::max(50, options.calls / 10);
    for (int call = 1; call <= options.calls; ++call) {
        if (!make_ready()) return std::fprintf(stderr, "soak: the agent never became Ready\n"), 1;
        auto fault = schedule.fault();
        auto number = schedule.number();
        auto delay = schedule.when();
        bool during = delay.count() % 2 == 1;
        if (!fault.is_null())
            ++faults_injected[fault.value("fault", std::string()) +
                              (fault.contains("kind") ? "/" + fault["kind"].get<std::string>() : "")];
        if (options.verbose)
            std::fprintf(stderr, "soak: call %d to %s, fault %s %s\n", call, number.c_str(), fault.dump().c_str(),
                         during ? "during" : "before");
        if (!fault.is_null() && !during) sim.control(fault);
        auto control = schedule.control_request();
        auto act_during_call = [&] {
            if (!fault.is_null() && during) {
                std::this_thread::sleep_for(delay);
                sim.control(fault);
            }
            if (!control.empty())
                publish({{"channel", "Webexcc"},
                         {"topic", "OutboundCall"},
                         {"subtopic", control},
                         {"requestId", "control-" + std::to_string(call)}});
        };
        if (auto offered = schedule.offered_call(); !offered.is_null()) {
            auto answer = sim.control({{"offerCall", offered}});
            auto id = answer.value("interactionId", std::string());
            if (id.empty()) return std::fprintf(stderr, "soak: offerCall failed: %s\n", answer.dump().c_str()), 1;
            ++calls_offered;
            act_during_call();
            // A preview's call follows the agent's accept (a MakeCall naming no number) and lasts until
            // the agent ends it: ask for both until it is over, as a CRM page would.
            if (offered["kind"] == "preview" || offered["kind"] == "preview-same-id")
                for (int attempt = 0; attempt < 40 && !observer.call_over(id); ++attempt) {
                    wait_until([&] { return observer.call_over(id); }, 250ms);
                    publish({{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}});
                    publish({{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "Disconnect"}});
                }
            // A call whose every frame was lost is never seen (and so never published); one seen ends in DROPPED.
            if (!wait_until([&] { return observer.call_over(id); }, 10s) && observer.call_seen(id))
                observer.fail("call " + id + " (" + offered.dump() + "): no DROPPED within 10 s");
        } else {
            place_call(call, number, act_during_call);
        }
        sim.control({{"fault", "clear"}});
        if (call == warm_up) warm_kib = resident_kib();
        if (call % 100 == 0)
            std::printf("soak: %d calls, %zu violations so far\n", call, observer.violations(accepted).size());
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
        violations.push_back("memory grew from " + std::to_string(warm_kib) + " KiB after warm-up to " +
                             std::to_string(end_kib) + " KiB");

    std::printf(
        "soak: %d calls (%d routed to the agent by Webex) in %.1f s, %d MakeCalls refused and placed again, seed "
        "%llu\n",
        options.calls, calls_offered, seconds, rejected, static_cast<unsigned long long>(options.seed));
    std::printf("soak: faults injected:");
    for (const auto& [fault, count] : faults_injected) std::printf(" %s=%d", fault.c_str(), count);
    std::printf("\nsoak: frames poisoned by the simulator: %d\n",
                sim.control({{"status", true}}).value("framesPoisoned", 0));
    std::printf("soak: memory %ld KiB after warm-up (%d calls), %ld KiB at the end (bound +%ld KiB)\n", warm_kib,
                warm_up, end_kib, memory_bound_kib);
    std::printf("soak: plugin status %s\n", status.dump().c_str());
    host.deactivate_all();
    bus.drain();
    for (const auto& violation : violations) std::printf("VIOLATION: %s\n", violation.c_str());
    std::printf("soak: %zu violations\n", violations.size());
    return violations.empty() ? 0 : 1;
}

// A whole decimal number from `low` to `high`, nothing else ("7x", "-1", "" and "1e3" are not).
std::optional<std::uint64_t> number(std::string_view text, std::uint64_t low, std::uint64_t high) {
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
    return value;
}

constexpr int max_calls = 10'000'000;

int usage(const std::string& problem) {
    std::fprintf(stderr,
                 "workspace_soak: %s\nusage: workspace_soak [--calls N] [--seed S] [--verbose]\n"
                 "  N: calls to place, 1 to %d (default 1000); S: the schedule's seed, 0 to %llu (default random)\n",
                 problem.c_str(), max_calls, static_cast<unsigned long long>(UINT64_MAX));
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        if (argument == "--verbose") {
            options.verbose = true;
            continue;
        }
        if (argument != "--calls" && argument != "--seed") return usage("unknown argument \"" + argument + "\"");
        if (i + 1 == argc) return usage(argument + " needs a value");
        std::string value = argv[++i];
        if (argument == "--calls") {
            auto calls = number(value, 1, max_calls);
            if (!calls)
                return usage("--calls needs a whole number from 1 to " + std::to_string(max_calls) + ", not \"" +
                             value + "\"");
            options.calls = static_cast<int>(*calls);
        } else {
            auto seed = number(value, 0, UINT64_MAX);
            if (!seed)
                return usage("--seed needs a whole number from 0 to " + std::to_string(UINT64_MAX) + ", not \"" +
                             value + "\"");
            options.seed = *seed;
        }
    }
    return soak(options);
}
