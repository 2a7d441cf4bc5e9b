// Calls as their scenarios play them: each step's notifications, timed on the simulator's clock.

#include "sim_server.hpp"

namespace wxcc_sim {

std::int64_t Simulator::Impl::now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string Simulator::Impl::next_id() { return make_uuid(++id_counter); }

const Scenario& Simulator::Impl::scenario_for(const std::string& destination) {
    if (auto chosen = std::exchange(next_scenario, std::string()); !chosen.empty()) return *find_scenario(chosen);
    for (const auto& [suffix, name] : options.rules)
        if (destination.size() >= suffix.size() &&
            destination.compare(destination.size() - suffix.size(), suffix.size(), suffix) == 0)
            return *find_scenario(name);
    return *find_scenario(options.default_scenario);
}

void Simulator::Impl::schedule(const std::string& id, std::chrono::milliseconds after) {
    auto found = calls.find(id);
    if (found == calls.end()) return;
    auto generation = ++found->second.schedule_generation;
    auto& timer = call_timers[id];
    if (!timer) timer = std::make_unique<asio::steady_timer>(io);
    timer->expires_after(after);
    timer->async_wait([this, id, generation](beast::error_code error) {
        if (!error) advance(id, generation);
    });
}

void Simulator::Impl::advance(const std::string& id, std::uint64_t generation) {
    auto found = calls.find(id);
    if (found == calls.end() || found->second.schedule_generation != generation) return;
    Call& call = found->second;
    const auto& steps = find_scenario(call.scenario)->steps;
    if (call.next_step >= steps.size() || steps[call.next_step] == Step::wait_for_agent) return;
    if (steps[call.next_step] == Step::wait_for_accept) {  // its time is up: no accept came (an accept reschedules)
        if (call.offered_as_consult()) return apply(call, Step::rona);  // a consult offer rings no longer
        return apply(call, preview_expiry == "rona" ? Step::rona : Step::reservation_ended);
    }
    auto step = steps[call.next_step++];
    if (step == Step::new_interaction) return schedule(rename(call), options.step);
    apply(call, step);
    if (!calls.count(id)) return;
    if (call.next_step >= steps.size()) return forget(id);  // the scenario says nothing more
    auto next = steps[call.next_step];
    if (next == Step::wrapped_up && !auto_wrap_up) return;  // the call waits for POST .../wrapup
    // How long an offer waits for its accept: a consult offer's own time, else the preview's.
    auto rings = call.offered_as_consult() ? std::chrono::milliseconds(call.offer_timeout_ms) : preview_timeout;
    schedule(id, next == Step::wrapped_up        ? options.auto_wrapup
                 : next == Step::end             ? options.step + options.talk
                 : next == Step::wait_for_accept ? rings
                                                 : options.step);
}

// Auto wrap-up switched on: the calls already waiting in wrap-up get theirs too, as new ones will.
void Simulator::Impl::wrap_up_parked_calls() {
    for (auto& [id, call] : calls) {
        const auto& steps = find_scenario(call.scenario)->steps;
        if (call.next_step < steps.size() && steps[call.next_step] == Step::wrapped_up)
            schedule(id, options.auto_wrapup);
    }
}

std::string Simulator::Impl::rename(Call& call) {
    Call renamed = call;
    renamed.reservation_id = call.interaction_id;
    renamed.interaction_id = next_id();
    auto id = renamed.interaction_id;
    forget(call.interaction_id);
    calls.emplace(id, std::move(renamed));
    return id;
}

void Simulator::Impl::forget(const std::string& id) {
    call_timers.erase(id);
    consults.erase(id);
    consult_timers.erase(id);
    calls.erase(id);
}

std::string Simulator::Impl::start_call(Call call) {
    call.interaction_id = next_id();
    call.thin = thin_frames;
    call.created_ms = now_ms();
    call.queued_ms = call.created_ms + 150;
    auto id = call.interaction_id;
    calls.emplace(id, std::move(call));
    schedule(id, options.step);
    return id;
}

void Simulator::Impl::apply(Call& call, Step step) {
    auto result = apply_step(step, call, agent, now_ms(), sequence);
    for (const auto& frame : result.frames) send_frame(frame);
    if (result.call_over) forget(call.interaction_id);
}

}  // namespace wxcc_sim
