// The webexcc-outbound plugin: MakeCall requests on the bus become Webex CC outdials, and the call's
// notifications become OutBoundCallStateChange messages. Bus callbacks only post to the plugin's
// own Asio thread; all state lives on that thread.

#include "agent_state.hpp"
#include "call_tracker.hpp"
#include "outbound_messages.hpp"
#include "phone_number.hpp"
#include "picker_requests.hpp"
#include "plugin_config.hpp"
#include "profile_keeper.hpp"
#include "tracker_timers.hpp"

#include "webexcc/client/notification_channel.hpp"
#include "webexcc/client/rest_client.hpp"
#include "workspace/message/envelope.hpp"
#include "workspace/plugin/plugin.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>
#include <memory>
#include <thread>

namespace webexcc::outbound {

namespace {

namespace asio = boost::asio;
using workspace::plugin::LogLevel;
using workspace::plugin::Message;

class OutboundPlugin : public workspace::plugin::Plugin {
public:
    using Plugin::Plugin;
    ~OutboundPlugin() override { stop(); }

    void activate() override {
        try {
            settings_ = parse_plugin_config(host().config(), std::string(host().config_directory()));
        } catch (const PluginConfigError& error) {
            throw std::invalid_argument(std::string("configuration: ") + error.what());
        }
        for (const auto& warning : settings_.warnings) host().log(LogLevel::warning, warning);
        if (settings_.client.oauth) {
            try {
                settings_.client.oauth->client_secret = read_client_secret(settings_.client_secret);
            } catch (const PluginConfigError& error) {
                throw std::invalid_argument(std::string("configuration: ") + error.what());
            }
        }

        tracker_ = std::make_unique<CallTracker>(settings_);
        tracker_->set_wall_clock([] { return std::chrono::system_clock::now(); });  // autoWrapUpAt
        rest_ = std::make_unique<client::RestClient>(io_.get_executor(), settings_.client, client_logger());
        rest_->on_sign_in([this](std::optional<std::string> reason) {
            if (reason) publish({{"Agent", "AuthenticationRequired", authentication_required(*reason)}});
        });
        channel_ = std::make_unique<client::NotificationChannel>(
            *rest_, client_logger(),
            client::NotificationChannel::Handlers{[this](const client::Frame& frame) { on_frame(frame); },
                                                  [this](client::ChannelStatus status, const std::string& detail) {
                                                      on_channel_status(status, detail);
                                                  }});
        offer_timer_ = std::make_unique<asio::steady_timer>(io_);
        profile_ = std::make_unique<ProfileKeeper>(
            *rest_, *tracker_, [this](const std::vector<Outgoing>& messages) { publish(messages); }, client_logger());
        picker_ = std::make_unique<PickerRequests>(
            io_.get_executor(), *rest_, *tracker_, [this](const auto& messages) { publish(messages); },
            client_logger());

        subscribe_requests();
        asio::post(io_, [this] { channel_->start(); });
        thread_ = std::thread([this] { run_plugin_thread(); });
        host().log(LogLevel::info, "connecting to Webex CC at " + rest_->base().host_header());
    }

    void deactivate() override { stop(); }

    // Read on the plugin thread, where the state lives; a busy thread answers "busy" rather
    // than holding the host's main thread.
    nlohmann::json status() override {
        auto answer = std::make_shared<std::promise<nlohmann::json>>();
        auto future = answer->get_future();
        asio::post(io_, [this, answer] {
            answer->set_value({{"connected", connected_},
                               {"agentState", tracker_->agent_state()},
                               {"placingCall", tracker_->placing()},
                               {"openCalls", tracker_->open_calls()}});
        });
        if (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return {{"busy", true}};
        return future.get();
    }

private:
    // Bus thread -> plugin thread: copy the message text, handle it there.
    template <class Handle>
    workspace::plugin::Handler on_io(Handle handle) {
        return [this, handle](const Message& message) {
            asio::post(io_, [handle, text = std::string(message.text)] { handle(text); });
        };
    }
    workspace::plugin::Handler on_io(void (OutboundPlugin::*handler)(const std::string&)) {
        return on_io([this, handler](const std::string& text) { (this->*handler)(text); });
    }

    // Every spelling the vendor pages use for each request's channel and topic; the bus itself
    // matches case-insensitively (SetHOLD is SetHold). Requests only: the Agent requests are
    // answered on their own key, and an answer taken for a request would be answered again.
    void subscribe_requests() {
        auto subscribe = [&](const char* topic, std::string_view subtopic, workspace::plugin::Handler handler) {
            for (const char* channel_name : {"Webexcc", "Webex CC"})
                subscriptions_.push_back(
                    host().subscribe_requests(channel_name, topic, std::string(subtopic), handler));
        };
        for (const char* topic : {"OutboundCall", "Outbound"})
            subscribe(topic, "MakeCall", on_io(&OutboundPlugin::make_call));
        for (auto subtopic : control_subtopics()) {
            auto handler =
                on_io([this, action = *action_named(subtopic)](const std::string& text) { control(action, text); });
            for (const char* topic : {"OutboundCall", "InboundCall"}) subscribe(topic, subtopic, handler);
        }
        subscribe("Agent", "WrapUpCall", on_io([this](const std::string& text) { control(Action::wrap_up, text); }));
        for (const char* topic : {"App", "Agent"})
            subscribe(topic, "StateSync",
                      on_io([this](const std::string& text) { publish(tracker_->state_sync(text)); }));
        subscribe("Agent", "SetReadyState", on_io(&OutboundPlugin::set_ready));
        subscribe("Agent", "SetNotReadyState", on_io(&OutboundPlugin::set_not_ready));
        subscribe("Agent", "TakeOverSession", on_io(&OutboundPlugin::take_over_session));
        subscribe("Agent", "GetAgentProfile", on_io([this](const std::string& text) { profile_->request(text); }));
        for (auto subtopic : {station_login_subtopic, station_logout_subtopic})
            subscribe("Agent", subtopic, on_io([this, subtopic](const std::string& text) { station(subtopic, text); }));
        for (auto list : picker_lists)
            subscribe("Agent", request_subtopic(list),
                      on_io([this, list](const std::string& text) { picker_->request(list, text, connected_); }));
    }

    // The plugin thread. A handler that throws is logged and the thread goes on with the next
    // one: nothing a peer sends may take the host down. It returns only when stop() ends it.
    void run_plugin_thread() {
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& error) {
                host().log(LogLevel::error,
                           std::string("plugin thread: a handler failed and was skipped: ") + error.what());
            } catch (...) {
                host().log(LogLevel::error,
                           "plugin thread: a handler failed with an unknown exception and was skipped");
            }
        }
    }

    client::Logger client_logger() {
        return [this](client::LogLevel level, const std::string& text) {
            host().log(static_cast<LogLevel>(static_cast<int>(level)), text);
        };
    }

    std::string loggable(const std::string& number) const {
        return settings_.debug_logging ? number : mask_number(number);
    }

    void publish(const std::vector<Outgoing>& messages) {
        for (const auto& message : messages)
            host().publish_text({"Webexcc", message.topic, message.subtopic}, message.text);
    }

    // ---- requests (plugin thread) ---------------------------------------------------------
    void make_call(const std::string& request) {
        auto decision = tracker_->make_call(request, connected_);
        publish(decision.messages);
        if (decision.accept) {
            host().log(LogLevel::info, "MakeCall with no number: accepting the preview reservation");
            arm_timers();  // the reservation's expiry stops
            send_action(*decision.accept, decision.action_id);
            return;
        }
        if (!decision.outdial) {
            host().log(LogLevel::info, "MakeCall rejected");
            return;
        }
        host().log(LogLevel::info, "placing outdial to " + loggable(decision.number));
        auto attempt = decision.attempt;
        rest_->send(client::start_outdial(*decision.outdial), [this, attempt](client::ApiResponse response) {
            if (!response.ok()) host().log(LogLevel::error, response.error->message);
            publish(tracker_->outdial_answered(attempt, response));
        });
        offer_timer_->expires_after(settings_.offer_timeout);
        offer_timer_->async_wait([this, attempt](boost::system::error_code error) {
            if (error) return;
            auto messages = tracker_->offer_timed_out(attempt);
            if (!messages.empty()) host().log(LogLevel::warning, "no offer for the outdial in time; DROPPED");
            publish(messages);
        });
    }

    void control(Action action, const std::string& request) {
        auto decision = tracker_->control(action, request, connected_);
        publish(decision.messages);
        if (!decision.request) {
            host().log(LogLevel::info, std::string(request_name(action)) + " refused before anything was sent");
            return;
        }
        host().log(LogLevel::info,
                   std::string(request_name(action)) + ": " + decision.request->action + " sent to Webex CC");
        send_action(*decision.request, decision.action_id);
    }

    // A request the tracker decided on; Webex's refusal goes back to it.
    void send_action(const client::ApiRequest& request, std::uint64_t action_id) {
        rest_->send(request, [this, action_id](client::ApiResponse response) {
            if (!response.ok()) host().log(LogLevel::warning, response.error->message);
            publish(tracker_->control_answered(action_id, response));
            arm_timers();  // a refused accept: the reservation expires again
        });
    }

    // The timers the tracker asked for, or asked to stop; each reports back to it on the plugin thread.
    void arm_timers() { timers_.arm(tracker_->take_timers()); }
    void timer_expired(const std::string& call_id, TimerKind kind) {
        auto decision = tracker_->timer_expired(call_id, kind);
        publish(decision.messages);
        if (!decision.request) return;
        host().log(LogLevel::info, "auto wrap-up: the profile's default wrap-up code sent to Webex CC");
        send_action(*decision.request, decision.action_id);
    }

    void set_ready(const std::string& request) { change_state(AgentStateChange::ready, request); }
    void set_not_ready(const std::string& request) { change_state(AgentStateChange::not_ready, request); }

    // One answer per request: a refusal here, or Webex's refusal; success is the AgentStateChange
    // notification. Never sent again by the plugin (the REST client's own retries aside).
    void change_state(AgentStateChange change, const std::string& text) {
        auto decision = tracker_->agent_state_request(change, text, connected_);
        auto subtopic = std::string(subtopic_of(change));
        if (!decision.request) host().log(LogLevel::warning, subtopic + " refused: " + decision.why_refused);
        publish(decision.messages);
        if (!decision.request) return;
        rest_->send(*decision.request, [this, change, subtopic,
                                        request_id = decision.request_id](client::ApiResponse response) {
            if (!response.ok())
                host().log(LogLevel::warning, subtopic + " refused by Webex CC: " + response.error->message);
            publish(tracker_->agent_state_answered(change, request_id, response));
        });
    }

    // Takes the agent's session back from the client that took it: subscribes again (force). The
    // answer is the AgentStateChange with session "active" once connected, or SESSION_FAILED.
    void take_over_session(const std::string& request) {
        auto decision = tracker_->take_over_request(request);
        publish(decision.messages);
        if (!decision.take_over) return;
        host().log(LogLevel::info, "TakeOverSession: subscribing again to take the agent's session back");
        take_over_waiting_.push_back(decision.request_id);
        // false: a take-back is under way already, and answers this request too.
        channel_->take_over([this](const workspace::Problem& problem) {
            for (const auto& request_id : std::exchange(take_over_waiting_, {}))
                publish({tracker_->take_over_failed(request_id, problem)});
        });
    }

    // StationLogin / StationLogout: a refusal here, Webex's refusal, or the AgentStateChange its
    // notification brings (one answer each).
    void station(std::string_view subtopic, const std::string& text) {
        auto decision = tracker_->station_request(subtopic, text, connected_);
        auto name = std::string(subtopic);
        publish(decision.messages);
        if (!decision.request) return host().log(LogLevel::warning, name + " refused: " + decision.why_refused);
        if (subtopic == station_login_subtopic)
            host().log(LogLevel::info, name + ": " + decision.login.login_option + " " +
                                           loggable(decision.login.dial_number) + " sent to Webex CC");
        auto attempt = decision.attempt;
        rest_->send(*decision.request, [this, name, attempt](client::ApiResponse answer) {
            if (!answer.ok()) host().log(LogLevel::warning, name + " refused by Webex CC: " + answer.error->message);
            publish(tracker_->station_answered(attempt, answer));
        });
        timers_.arm_station_wait(settings_.station_answer_timeout, [this, name, attempt] {
            auto messages = tracker_->station_timed_out(attempt);
            if (!messages.empty()) host().log(LogLevel::warning, "no answer from Webex CC to the " + name + " in time");
            publish(messages);
        });
    }

    // ---- notifications (plugin thread) ----------------------------------------------------
    void on_frame(const client::Frame& frame) {
        if (frame.repeat) {
            host().log(LogLevel::debug, "repeated notification skipped");
            return;
        }
        auto messages = tracker_->notification(frame);
        auto rejections = tracker_->take_rejections();
        for (const auto& why : rejections) host().log(LogLevel::warning, "ignored a malformed notification: " + why);
        if (!rejections.empty()) channel_->resync();  // it may have been the one that ended a call
        if (!tracker_->placing()) offer_timer_->cancel();
        if (messages.empty() && frame.type == "RoutingMessage")
            host().log(LogLevel::debug, "notification not about our calls, or of a type we do not map, skipped");
        publish(messages);
        arm_timers();
        if (frame.type == "Welcome") profile_->welcomed(frame.notification.agent.agent_id);
        picker_->on_frame(frame);
    }

    void on_channel_status(client::ChannelStatus status, const std::string& detail) {
        connected_ = status == client::ChannelStatus::connected;
        if (status == client::ChannelStatus::connected) {
            host().log(LogLevel::info, "connected to Webex CC");
            take_over_waiting_.clear();
            publish(tracker_->session_connected());
        }
        if (status == client::ChannelStatus::lost) host().log(LogLevel::warning, "Webex CC connection lost: " + detail);
        if (status == client::ChannelStatus::taken_over) {
            host().log(LogLevel::warning, "the agent's Webex CC session was taken by another client: " + detail);
            // Once per take-over: a failed take-back reports taken_over again, and says so itself.
            publish(tracker_->session_taken_over(detail));
        }
    }

    // ---- shutdown -------------------------------------------------------------------------
    // From the host's thread. The plugin thread itself finishes every call and stops the
    // io_context, so nothing races io_.stop() and no handler runs after the join.
    void stop() {
        subscriptions_.clear();  // no new requests from the bus
        if (!thread_.joinable()) return;
        asio::post(io_, [this] {
            try {
                // Every call still open gets its final event before the plugin goes.
                publish(tracker_->shutdown("PLUGIN_DEACTIVATED"));
                offer_timer_->cancel();
                timers_.cancel_all();
                picker_->stop();
                channel_->stop();
                rest_->stop();
            } catch (const std::exception& error) {
                host().log(LogLevel::error, std::string("stopping: ") + error.what());
            }
            io_.stop();
        });
        work_.reset();
        thread_.join();
        profile_.reset();
        picker_.reset();
        channel_.reset();
        rest_.reset();
        offer_timer_.reset();
    }

    PluginSettings settings_;
    asio::io_context io_;
    // Keeps io_.run() going while the plugin waits for Webex; stop() ends it on the thread itself.
    asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
    std::unique_ptr<CallTracker> tracker_;
    std::unique_ptr<client::RestClient> rest_;
    std::unique_ptr<client::NotificationChannel> channel_;
    std::unique_ptr<asio::steady_timer> offer_timer_;
    std::unique_ptr<ProfileKeeper> profile_;
    std::unique_ptr<PickerRequests> picker_;  // the consult / transfer picker's lists
    TrackerTimers timers_{io_, [this](const std::string& call_id, TimerKind kind) { timer_expired(call_id, kind); }};
    std::vector<workspace::plugin::Subscription> subscriptions_;
    bool connected_ = false;
    // The requestIds of the TakeOverSession requests a take-back under way answers: with the
    // AgentStateChange once connected, or each with SESSION_FAILED.
    std::vector<std::string> take_over_waiting_;
    std::thread thread_;
};

}  // namespace
}  // namespace webexcc::outbound

WORKSPACE_PLUGIN_ENTRY(webexcc::outbound::OutboundPlugin)
