// Frames to the notification socket: the faults that reorder, poison, duplicate or delay them, the
// one socket that receives them (the newest wins), and the server's keepalives.

#include "sim_server.hpp"

namespace wxcc_sim {

void Simulator::Impl::send_frame(const json& frame) { route(frame.dump()); }

void Simulator::Impl::route(std::string text) {
    for (auto& frame : faults.route(std::move(text))) send_now_or_delayed(frame);
    if (faults.holding()) {
        // A frame held back for a swap goes out alone if no second frame comes soon.
        reorder_timer.expires_after(options.step * 4 + std::chrono::milliseconds(50));
        reorder_timer.async_wait([this](beast::error_code error) {
            if (error) return;
            if (auto held = faults.release_held()) send_now_or_delayed(*held);
        });
    }
}

void Simulator::Impl::send_now_or_delayed(const std::string& frame) {
    if (frame_delay.count() > 0 || !delayed.empty()) delay(frame);
    else deliver(frame);
}

void Simulator::Impl::delay(const std::string& text) {
    delayed.emplace_back(std::chrono::steady_clock::now() + frame_delay, text);
    if (delayed.size() == 1) arm_delay_timer();
}

void Simulator::Impl::arm_delay_timer() {
    delay_timer.expires_at(delayed.front().first);
    delay_timer.async_wait([this](beast::error_code error) {
        if (error) return;
        auto now = std::chrono::steady_clock::now();
        while (!delayed.empty() && delayed.front().first <= now) {
            deliver(delayed.front().second);
            delayed.pop_front();
        }
        if (!delayed.empty()) arm_delay_timer();
    });
}

void Simulator::Impl::deliver(const std::string& text) {
    if (auto socket = current_socket.lock()) {
        socket->send(text);
        ++frames_sent;
    } else {
        ++frames_dropped;  // like the real service: nobody listening, nothing kept
    }
}

void Simulator::Impl::on_socket_open(const std::shared_ptr<SocketSession>& socket) {
    // "force": the newest session wins; the older one is told why before it is closed, and the SDK
    // then closes without reconnecting (WebSocketManager.ts ~180-186, cc.ts ~1133 agent:multiLogin).
    if (auto previous = current_socket.lock())
        previous->send_then_close(json{{"type", "AGENT_MULTI_LOGIN"},
                                       {"orgId", agent.org_id},
                                       {"trackingId", "notifs_" + next_id()},
                                       {"data",
                                        {{"agentId", agent.id},
                                         {"agentSessionId", agent.session_id},
                                         {"reason", "a newer session of this agent subscribed"},
                                         {"type", "AgentMultiLoginCloseSession"}}}}
                                      .dump());
    current_socket = socket;
    socket->send(welcome_frame(agent).dump());
    arm_keepalive();
}

void Simulator::Impl::arm_keepalive() {
    keepalive_timer.expires_after(options.keepalive);
    keepalive_timer.async_wait([this](beast::error_code error) {
        if (error) return;
        if (auto socket = current_socket.lock(); socket && !keepalives_stopped) socket->send(keepalive_frame().dump());
        arm_keepalive();
    });
}

}  // namespace wxcc_sim
