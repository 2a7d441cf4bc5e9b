// Benchmarks of the hot paths and the footprint. Run with ./run bench (Release build); each figure
// has a baseline measured in the same run, so ratios survive a noisy machine. See docs/BENCHMARKS.md.

#include "call_tracker.hpp"
#include "plugin_config.hpp"
#include "webexcc/client/notification.hpp"
#include "workspace/host/message_bus.hpp"
#include "workspace/host/plugin_host.hpp"
#include "workspace/json/json_scan.hpp"
#include "wxcc_sim/simulator.hpp"

#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <boost/asio.hpp>
#include <nlohmann/json.hpp>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace host = workspace::host;
namespace outbound = webexcc::outbound;

const std::string agent_id = "22a3ff9b-c51c-4c6b-8b8a-ca98154240f1";

// The sample response's ResponseActual: a real AgentOfferContact, 4.3 KB as Webex sends it (compact).
json sample_notification(const std::string& type = "AgentOfferContact") {
    std::ifstream in(CONTRACT_SAMPLE);
    auto notification = json::parse(in)["message"]["call"]["ResponseActual"];
    notification["data"]["type"] = type;
    return notification;
}

// ---- notification -> bus message -------------------------------------------------------------

void BM_Baseline_CopyBytes(benchmark::State& state) {
    auto text = sample_notification("AgentContactHeld").dump();
    for (auto _ : state) {
        std::string copy(text);
        benchmark::DoNotOptimize(copy.data());
    }
    state.SetBytesProcessed(state.iterations() * std::int64_t(text.size()));
}
BENCHMARK(BM_Baseline_CopyBytes);

void BM_Baseline_BareParse(benchmark::State& state) {
    auto text = sample_notification("AgentContactHeld").dump();
    for (auto _ : state) {
        auto parsed = json::parse(text);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetBytesProcessed(state.iterations() * std::int64_t(text.size()));
}
BENCHMARK(BM_Baseline_BareParse);

// The floor: a fast validating parser (simdjson, DOM) of the same bytes.
void BM_Baseline_Simdjson(benchmark::State& state) {
    auto text = sample_notification("AgentContactHeld").dump();
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    for (auto _ : state) {
        auto parsed = parser.parse(padded);
        if (parsed.error()) state.SkipWithError("simdjson refused the sample");
        benchmark::DoNotOptimize(parsed);
    }
    state.SetBytesProcessed(state.iterations() * std::int64_t(text.size()));
}
BENCHMARK(BM_Baseline_Simdjson);

// The pieces of the path, to see where its time goes. Reading a frame is the client's one
// validating pass: envelope, repeat key and the typed notification.
void BM_Part_ReadFrame(benchmark::State& state) {
    auto text = sample_notification("AgentContactHeld").dump();
    for (auto _ : state) benchmark::DoNotOptimize(webexcc::client::read_frame(text, 1));
}
BENCHMARK(BM_Part_ReadFrame);

// The bus's own check of every message it carries (another plugin may publish anything).
void BM_Part_BusCheck(benchmark::State& state) {
    auto text = sample_notification("AgentContactHeld").dump() + std::string(600, ' ');
    for (auto _ : state) benchmark::DoNotOptimize(workspace::json_scan::check(text));
}
BENCHMARK(BM_Part_BusCheck);

outbound::PluginSettings bench_settings() {
    return outbound::parse_plugin_config({{"apiBase", "http://127.0.0.1:1"},
                                          {"accessTokenFile", "token"},
                                          {"entryPointId", "ep"},
                                          {"outdialAni", "1908603511"}},
                                         "/");
}

// Bytes received -> frame read (one validating pass: envelope, repeat key and the typed
// notification) -> tracker (mapping) -> message text -> published on the bus (which checks every
// message it carries) to one subscriber.
void BM_NotificationToBus(benchmark::State& state) {
    host::MessageBus bus(nullptr);
    std::atomic<std::uint64_t> delivered{0};
    bus.subscribe(
        "Webexcc", "outbound", "OutBoundCallStateChange", [&](const host::BusMessage&) { ++delivered; }, "bench");
    auto settings = bench_settings();
    outbound::CallTracker tracker(settings);
    auto feed = [&](const json& j) {
        return tracker.notification(webexcc::client::read_frame(j.dump(), 1).value().frame);
    };
    feed({{"type", "Welcome"}, {"data", {{"agentId", agent_id}}}});
    feed({{"type", "AgentStateChange"}, {"data", {{"subStatus", "Available"}}}});
    tracker.make_call(R"({"data":"917702779401"})", true);
    if (feed(sample_notification()).size() != 1) state.SkipWithError("the offer was not recognised");
    auto held = sample_notification("AgentContactHeld").dump();  // maps to eAgentContactHeld every time

    for (auto _ : state) {
        auto read = webexcc::client::read_frame(held, 1);
        for (auto& message : tracker.notification(read->frame))
            bus.publish({"Webexcc", std::move(message.topic), std::move(message.subtopic), std::move(message.text),
                         "webexcc-outbound"});
    }
    bus.drain();
    if (delivered != std::uint64_t(state.iterations()))
        state.SkipWithError("not every notification became a bus message");
    state.SetBytesProcessed(state.iterations() * std::int64_t(held.size()));
}
BENCHMARK(BM_NotificationToBus);

// ---- bus fan-out -----------------------------------------------------------------------------

void BM_BusFanout(benchmark::State& state) {
    const auto subscribers = state.range(0);
    const auto size = static_cast<std::size_t>(state.range(1));
    constexpr int batch = 1000;
    host::MessageBus bus(nullptr);
    std::atomic<std::uint64_t> delivered{0};
    for (int i = 0; i < subscribers; ++i)
        bus.subscribe(
            "Bench", "Fan", "Out", [&](const host::BusMessage& m) { delivered += m.json.size() > 0; }, "bench");
    std::string text = R"({"channel":"Bench","topic":"Fan","subtopic":"Out","message":")";
    text += std::string(size > text.size() + 3 ? size - text.size() - 3 : 1, 'x') + "\"}";
    for (auto _ : state) {
        for (int i = 0; i < batch; ++i) bus.publish({"Bench", "Fan", "Out", text, "bench"});
        bus.drain();
    }
    state.counters["deliveries"] = benchmark::Counter(double(delivered));
    // Seconds per delivery (shown with an SI prefix, e.g. 85n = 85 ns).
    state.counters["per_delivery"] = benchmark::Counter(double(state.iterations()) * batch * subscribers,
                                                        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_BusFanout)->ArgsProduct({{1, 10, 100}, {200, 5120}})->UseRealTime()->Unit(benchmark::kMicrosecond);

// ---- the plugin in a host, against the simulator ----------------------------------------------

// A Workspace host with the real plugin module, connected to an in-process simulator.
// Serves `options` over https with a self-signed certificate for 127.0.0.1 made in `dir` (the
// openssl tool); returns the certificate, for the plugin's caFile.
std::filesystem::path serve_tls(wxcc_sim::Options& options, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    auto certificate = dir / "sim.pem", key = dir / "sim.key";
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wxcc-sim-bench -addext "
        "subjectAltName=IP:127.0.0.1 -keyout '" +
        key.string() + "' -out '" + certificate.string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
    options.tls_certificate = certificate;
    options.tls_key = key;
    return certificate;
}

class Rig {
public:
    // Over https when `tls`: Webex is always reached so, and the spare connection must hold there.
    explicit Rig(wxcc_sim::Options options, bool tls = false)
        : root_(std::filesystem::temp_directory_path() / ("workspace-bench-" + std::to_string(::getpid()))),
          ca_file_(tls ? serve_tls(options, root_) : std::filesystem::path()),
          sim_(std::move(options)) {
        sim_.start();
        std::filesystem::create_directories(root_ / "plugins");
        std::filesystem::copy_file(PLUGIN_FILE, root_ / "plugins" / "webexcc-outbound.so",
                                   std::filesystem::copy_options::overwrite_existing);
        std::filesystem::permissions(root_ / "plugins" / "webexcc-outbound.so",
                                     std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                                     std::filesystem::perm_options::remove);
        std::ofstream(root_ / "token") << "wxcc-sim-token";
        config_file_ = root_ / "host.json";
        json plugin = {{"apiBase", sim_.url()},
                       {"accessTokenFile", "token"},
                       {"entryPointId", "ep"},
                       {"outdialAni", "1908603511"}};
        if (!ca_file_.empty()) plugin["caFile"] = ca_file_.string();
        std::ofstream(config_file_) << json{{"workspace", {{"version", "3.21.2410"}}},
                                            {"pluginDirectory", "plugins"},
                                            {"plugins",
                                             {{{"id", "webexcc-outbound"}, {"enabled", true}, {"config", plugin}}}}}
                                           .dump();
    }
    ~Rig() {
        host_.reset();
        bus_.shutdown();
        sim_.stop();
        std::filesystem::remove_all(root_);
    }

    bool start() {
        bus_.subscribe_all(
            [this](const host::BusMessage& m) {
                if (m.json.find(R"("event":"eAgentOfferContact")") != std::string::npos) ++offers;
                if (m.json.find(R"("event":"DROPPED")") != std::string::npos) ++dropped;
                if (m.json.find(R"("state":"Available")") != std::string::npos) ready = true;
            },
            "bench");
        // The plugin logs "placing outdial" on its own thread as it sends: the profile's middle point.
        host_ = std::make_unique<host::PluginHost>(host::load_host_config(config_file_), bus_,
                                                   [this](host::LogLevel, std::string_view, std::string_view text) {
                                                       if (text.rfind("placing outdial", 0) == 0)
                                                           outdial_logged_ns = Clock::now().time_since_epoch().count();
                                                   });
        if (!host_->load_enabled().at(0).active()) return false;
        return wait([&] { return ready.load(); }, 5s);
    }
    void make_call(const std::string& number) {
        bus_.publish(
            {"Webexcc", "OutboundCall", "MakeCall",
             json{{"channel", "Webexcc"}, {"topic", "OutboundCall"}, {"subtopic", "MakeCall"}, {"data", number}}.dump(),
             "bench"});
    }
    template <class Done>
    static bool wait(Done done, std::chrono::milliseconds limit) {
        auto deadline = Clock::now() + limit;
        while (!done()) {
            if (Clock::now() > deadline) return false;
            std::this_thread::sleep_for(50us);
        }
        return true;
    }
    wxcc_sim::Simulator& sim() { return sim_; }
    const std::filesystem::path& config_file() const { return config_file_; }

    std::atomic<std::uint64_t> offers{0};
    std::atomic<std::uint64_t> dropped{0};
    std::atomic<bool> ready{false};
    std::atomic<std::int64_t> outdial_logged_ns{0};

private:
    std::filesystem::path root_;
    std::filesystem::path ca_file_;  // empty over plain HTTP
    wxcc_sim::Simulator sim_;
    std::filesystem::path config_file_;
    host::MessageBus bus_{nullptr};
    std::unique_ptr<host::PluginHost> host_;
};

wxcc_sim::Options quick_simulator(std::chrono::milliseconds step, std::chrono::milliseconds talk = 0ms) {
    wxcc_sim::Options options;
    options.step = step;
    options.auto_wrapup = step;
    options.auto_wrap_up = true;  // the benchmarked calls are wrapped up by the simulator
    options.talk = talk;
    return options;
}

// The floor of any hand-off between threads on this machine: a sleeping thread woken through a
// condition variable (how the bus wakes its delivery thread), there and back; per_wakeup is half.
void BM_Baseline_ThreadWakeup(benchmark::State& state) {
    std::mutex mutex;
    std::condition_variable changed;
    std::uint64_t sent = 0, answered = 0;
    bool stop = false;
    std::thread peer([&] {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [&] { return stop || sent != answered; });
            if (stop) return;
            answered = sent;
            changed.notify_all();
        }
    });
    for (auto _ : state) {
        std::unique_lock lock(mutex);
        ++sent;
        changed.notify_all();
        changed.wait(lock, [&] { return answered == sent; });
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    changed.notify_all();
    peer.join();
    state.counters["per_wakeup"] =
        benchmark::Counter(double(state.iterations()) * 2, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Baseline_ThreadWakeup)->UseRealTime()->Unit(benchmark::kMicrosecond);

// The same over a loopback TCP connection (how a request reaches the server's thread, and how
// Asio's reactor is woken): one byte there and back between two blocked threads.
void BM_Baseline_LoopbackWakeup(benchmark::State& state) {
    namespace net = boost::asio;
    net::io_context io;
    net::ip::tcp::acceptor acceptor(io, {net::ip::address_v4::loopback(), 0});
    net::ip::tcp::socket client(io), server(io);
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
    client.set_option(net::ip::tcp::no_delay(true));
    server.set_option(net::ip::tcp::no_delay(true));
    std::thread peer([&] {
        char byte;
        boost::system::error_code error;
        while (net::read(server, net::buffer(&byte, 1), error) == 1 && byte == 'p')
            net::write(server, net::buffer(&byte, 1), error);
    });
    char byte = 'p';
    for (auto _ : state) {
        net::write(client, net::buffer(&byte, 1));
        net::read(client, net::buffer(&byte, 1));
    }
    byte = 'q';
    net::write(client, net::buffer(&byte, 1));
    peer.join();
    state.counters["per_wakeup"] =
        benchmark::Counter(double(state.iterations()) * 2, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Baseline_LoopbackWakeup)->UseRealTime()->Unit(benchmark::kMicrosecond);

// From the MakeCall published on the bus to the outdial POST fully received by the server, over
// plain HTTP (Arg 0) and over https (Arg 1, as Webex is reached), each on the spare connection.
void BM_MakeCallToWire(benchmark::State& state) {
    Rig rig(quick_simulator(0ms), state.range(0) == 1);
    if (!rig.start()) return state.SkipWithError("the plugin did not connect");
    std::vector<double> to_plugin, to_wire;  // the two stages, µs
    for (auto _ : state) {
        auto before = rig.sim().outdials_received();
        auto offers = rig.offers.load();
        auto start = Clock::now();
        rig.make_call("917702779401");
        // Polls with a sleep, not a spin: on 2 vCPUs a spinning waiter would take a core from the
        // three threads being measured (bus, plugin, server).
        while (rig.sim().outdials_received() == before) std::this_thread::sleep_for(20us);
        auto received = rig.sim().last_outdial_received();
        state.SetIterationTime(std::chrono::duration<double>(received - start).count());
        auto logged = Clock::time_point(Clock::duration(rig.outdial_logged_ns.load()));
        to_plugin.push_back(std::chrono::duration<double, std::micro>(logged - start).count());
        to_wire.push_back(std::chrono::duration<double, std::micro>(received - logged).count());
        if (!Rig::wait([&] { return rig.offers > offers; }, 2s)) return state.SkipWithError("no offer");
        // Untimed: agents' calls are seconds apart, so the next spare has finished its handshake
        // (over TLS ~2 ms of CPU on each side here) before the next MakeCall.
        std::this_thread::sleep_for(10ms);
    }
    // Medians of the profile: MakeCall published -> the plugin thread sends it -> the server has read it.
    auto median = [](std::vector<double> values) {
        std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
        return values.empty() ? 0.0 : values[values.size() / 2];
    };
    state.counters["bus_to_plugin_us"] = median(to_plugin);
    state.counters["plugin_to_server_us"] = median(to_wire);
    // Every outdial on a spare opened ahead: one connection per call plus the one waiting.
    state.counters["connections_per_call"] =
        double(rig.sim().control({{"status", true}})["connectionsAccepted"].get<int>()) / double(state.iterations());
}
BENCHMARK(BM_MakeCallToWire)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("https")
    ->UseManualTime()
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);

long resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// Context switches of every thread of `pid`: each is a wake-up of an idle process.
long context_switches(pid_t pid) {
    long total = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
        std::ifstream status(task.path() / "status");
        for (std::string line; std::getline(status, line);)
            if (line.find("ctxt_switches:") != std::string::npos) total += std::stol(line.substr(line.find(':') + 1));
    }
    return total;
}

// workspace-host with the plugin, as a process: start -> connected, resident memory, idle wake-ups.
void BM_HostFootprint(benchmark::State& state) {
    wxcc_sim::Options options;  // real keepalive cadence (4 s both ways)
    Rig rig(options);
    for (auto _ : state) {
        int to_host[2], from_host[2];
        if (pipe(to_host) != 0 || pipe(from_host) != 0) return state.SkipWithError("pipe");
        auto start = Clock::now();
        pid_t child = fork();
        if (child == 0) {
            dup2(to_host[0], STDIN_FILENO);
            dup2(from_host[1], STDERR_FILENO);
            int null = ::open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            close(to_host[1]);
            close(from_host[0]);
            execl(HOST_BINARY, HOST_BINARY, "--config", rig.config_file().c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(to_host[0]);
        close(from_host[1]);
        std::string log;
        char c;
        while (log.find("connected to Webex CC") == std::string::npos && read(from_host[0], &c, 1) == 1) log += c;
        auto connected = Clock::now();
        state.SetIterationTime(std::chrono::duration<double>(connected - start).count());
        std::this_thread::sleep_for(1s);  // settle
        auto rss = resident_kib(child);
        auto switches_before = context_switches(child);
        constexpr auto idle = 12s;
        std::this_thread::sleep_for(idle);
        auto switches_after = context_switches(child);
        close(to_host[1]);  // end of input: the host deactivates and exits
        int status = 0;
        waitpid(child, &status, 0);
        close(from_host[0]);
        state.counters["start_to_connected_ms"] = std::chrono::duration<double, std::milli>(connected - start).count();
        state.counters["rss_MiB"] = rss / 1024.0;
        state.counters["idle_wakeups_per_s"] =
            double(switches_after - switches_before) / std::chrono::duration<double>(idle).count();
    }
}
BENCHMARK(BM_HostFootprint)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

long own_resident_kib() { return resident_kib(::getpid()); }
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// 1,000 calls through one plugin instance: one after the other (range 1), or up to N at a time.
void BM_ScaleCalls(benchmark::State& state) {
    const auto concurrency = state.range(0);
    constexpr std::uint64_t calls = 1000;
    // Calls stay connected long enough for `concurrency` of them to overlap (offers come ~2 ms apart).
    Rig rig(quick_simulator(1ms, std::chrono::milliseconds(3 * (concurrency - 1))));
    if (!rig.start()) return state.SkipWithError("the plugin did not connect");
    auto rss_before = own_resident_kib();
    std::uint64_t peak = 0;
    for (auto _ : state) {
        auto cpu_start = cpu_seconds();
        auto start = Clock::now();
        for (std::uint64_t placed = 0; placed < calls; ++placed) {
            // One outdial may wait for its offer at a time; calls then overlap up to `concurrency`.
            if (!Rig::wait([&] { return placed - rig.dropped < std::uint64_t(concurrency); }, 10s))
                return state.SkipWithError("calls did not end");
            auto offers = rig.offers.load();
            rig.make_call("917702779401");
            if (!Rig::wait([&] { return rig.offers > offers; }, 5s)) return state.SkipWithError("no offer");
            peak = std::max<std::uint64_t>(peak, placed + 1 - rig.dropped);
        }
        if (!Rig::wait([&] { return rig.dropped == calls; }, 30s))
            return state.SkipWithError("not every call was DROPPED");
        auto elapsed = Clock::now() - start;
        state.SetIterationTime(std::chrono::duration<double>(elapsed).count());
        state.counters["cpu_us_per_call"] = (cpu_seconds() - cpu_start) / calls * 1e6;
        state.counters["wall_ms"] = std::chrono::duration<double, std::milli>(elapsed).count();
    }
    std::this_thread::sleep_for(200ms);
    state.counters["peak_concurrent"] = double(peak);
    state.counters["rss_before_MiB"] = rss_before / 1024.0;
    state.counters["rss_after_MiB"] = own_resident_kib() / 1024.0;
}
BENCHMARK(BM_ScaleCalls)->Arg(1)->Arg(10)->Arg(100)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

// Resident memory of this process (plugin, host and simulator) after the allocator has returned
// what it keeps cached, so the figure is what is in use.
long trimmed_resident_kib() {
    malloc_trim(0);
    return own_resident_kib();
}

// 10,000 calls one after the other: resident memory after the first 1,000 (the warm-up: every
// bounded memory full) and at the end. Target: within 0.25 MiB.
void BM_Footprint10kCalls(benchmark::State& state) {
    constexpr std::uint64_t warm_up = 1000, calls = 10000;
    Rig rig(quick_simulator(0ms));
    if (!rig.start()) return state.SkipWithError("the plugin did not connect");
    long after_warm_up = 0, untrimmed_after_warm_up = 0;
    for (auto _ : state) {
        auto start = Clock::now();
        for (std::uint64_t placed = 0; placed < calls; ++placed) {
            if (placed == warm_up) {
                untrimmed_after_warm_up = own_resident_kib();
                after_warm_up = trimmed_resident_kib();
            }
            rig.make_call("917702779401");
            if (!Rig::wait([&] { return rig.dropped > placed; }, 5s)) return state.SkipWithError("a call did not end");
        }
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::this_thread::sleep_for(200ms);
    auto untrimmed_at_end = own_resident_kib();
    auto at_end = trimmed_resident_kib();
    state.counters["untrimmed_growth_MiB"] = (untrimmed_at_end - untrimmed_after_warm_up) / 1024.0;
    state.counters["rss_after_1000_MiB"] = after_warm_up / 1024.0;
    state.counters["rss_after_10000_MiB"] = at_end / 1024.0;
    state.counters["growth_MiB"] = (at_end - after_warm_up) / 1024.0;
}
BENCHMARK(BM_Footprint10kCalls)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
