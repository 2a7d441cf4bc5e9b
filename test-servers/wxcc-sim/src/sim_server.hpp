#pragma once
// The simulator's server state (Simulator::Impl) and the operations its parts share, each defined
// in the file its section names: simulator.cpp (setup and the public API), notifications.cpp
// (frames to the notification socket), calls.cpp (scenarios played), rest_routes.cpp (the REST
// API), oauth_routes.cpp, control.cpp (control commands), sessions.cpp (one object per HTTP or
// WebSocket connection). Everything here runs on the simulator's one io thread.

#include "wxcc_sim/simulator.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <future>
#include <map>
#include <set>
#include <thread>
#include "consult.hpp"
#include "profile.hpp"
#include "scenarios.hpp"
#include "sim_model.hpp"
#include "wxcc_sim/frame_faults.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wxcc_sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using nlohmann::json;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

class SocketSession {
public:
    virtual ~SocketSession() = default;
    virtual void send(std::string text) = 0;
    virtual void drop() = 0;
    // Sends `text`, then closes the socket normally (once everything queued is written).
    virtual void send_then_close(std::string text) = 0;
};

struct Simulator::Impl {
    // Throws std::invalid_argument for unknown scenarios, agent states or unusable TLS files.
    explicit Impl(Options o);

    // ---- frames to the notification socket (notifications.cpp) ---------------------------
    void send_frame(const json& frame);
    // Reorder, poison and duplicate are decided by `faults`; a delay holds back what they let through.
    void route(std::string text);
    void send_now_or_delayed(const std::string& frame);
    void delay(const std::string& text);
    void arm_delay_timer();
    void deliver(const std::string& text);
    void on_socket_open(const std::shared_ptr<SocketSession>& socket);
    void arm_keepalive();

    // ---- calls (calls.cpp) ---------------------------------------------------------------
    static std::int64_t now_ms();
    std::string next_id();
    const Scenario& scenario_for(const std::string& destination);
    // The next step of a call's scenario after `after`. A newer schedule (or an agent's action)
    // voids an older one even when its timer has already fired and its handler is queued.
    void schedule(const std::string& id, std::chrono::milliseconds after);
    void advance(const std::string& id, std::uint64_t generation);
    void wrap_up_parked_calls();
    // A preview's call under a new interaction id that names its reservation; returns the new id.
    std::string rename(Call& call);
    void forget(const std::string& id);
    // A new call (an outdial, or one Webex routes to the agent): named, timed, and its scenario
    // started. Returns its interaction id.
    std::string start_call(Call call);
    void apply(Call& call, Step step);
    // A call Webex routes to the agent by itself (campaign, inbound, consult): no REST request
    // starts it (control.cpp).
    json offer_call(const json& spec);

    // ---- REST (rest_routes.cpp) ---------------------------------------------------------
    std::string tracking_id(const Request& request);  // the request's trackingid, or a new one
    Response reply(const Request& request, http::status status, const json& body);
    Response error(const Request& request, http::status status, const std::string& type, const std::string& message,
                   int code);
    Response handle(const Request& request);
    Response subscribe(const Request& request, const json& body);
    Response state_change(const Request& request, const json& body);
    void set_agent_state(const std::string& state, const std::string& aux_code, const std::string& reason);

    // ---- the agent's configuration and station (agent_routes.cpp) ------------------------
    // GET /organization/{orgId}/...: the profile the SDK's register() reads (profile.hpp).
    Response configuration(const Request& request, const std::string& path, const std::string& query);
    Response reload(const Request& request);
    Response station_login(const Request& request, const json& body);
    Response station_logout(const Request& request, const json& body);
    bool agent_on_a_call() const;
    Response outdial(const Request& request, const json& body);
    Response task_action(const Request& request, const std::string& rest, const json& body);
    void end_by_agent(Call& call);
    // Answers the action with its `...Failed` notification when a fail-task-action fault asks;
    // `extra` joins the notification's data.
    // `failure` names another notification than the action's usual one (a consult to a queue's).
    bool fail_injected(const std::string& action, const std::string& interaction_id, const json& extra = json::object(),
                       const std::string& failure = "");
    // The agent is done with the call: the automatic wrap-up when it is on, else POST .../wrapup.
    void await_wrap_up(Call& call);
    // POST /v1/dialer/campaign/{campaignId}/preview-task/{interactionId}/accept (preview_routes.cpp).
    Response preview_accept(const Request& request, const std::string& path, const json& body);

    // ---- consult, transfer, conference (consult_routes.cpp, conference.cpp) ----------------
    // The consult, transfer and conference actions (task/contact.ts ~150-509); nullopt: another action.
    std::optional<Response> consult_action(const Request& request, Call& call, const std::string& action,
                                           const json& body);
    Response start_consult(const Request& request, Call& call, const json& body);
    Response end_consult(const Request& request, Call& call, const json& body);
    Response blind_transfer(const Request& request, Call& call, const json& body);
    Response consult_transfer(const Request& request, Call& call, const json& body);
    Response merge_conference(const Request& request, Call& call, const json& body);
    Response leave_conference(const Request& request, Call& call, bool handing_over);
    // POST .../consult/accept of a consult offer held for this agent (consult_accept.cpp).
    Response accept_offered_consult(const Request& request, Call& call);
    // The agent answers the consult offer held for them: AgentConsulting follows a step later.
    void join_offered_consult(Call& call);
    // {"answerConsult": {...}}: the agent answers on their phone, no REST call.
    json answer_consult_on_phone(const json& spec);
    // The other party answers the consult of call `id`: accept, decline, no-answer, or leave.
    json answer_consult(const std::string& id, const std::string& answer);
    void schedule_consult_answer(const std::string& id, const std::string& answer);
    void send_consult(const Call& call, const ConsultLeg& leg, const std::string& type,
                      const json& extra = json::object());
    // The consult leg is over (the other party gone): the main call goes on, still held.
    void close_consult(Call& call, const std::string& type, const json& extra);
    // This agent hands the call over: its consult leg forgotten, AgentWrapup, the wrap-up awaited.
    void leave_for_wrap_up(Call& call);
    Response buddy_list(const Request& request, const json& body);
    std::optional<json> consult_control(const json& command);

    // ---- OAuth (oauth_routes.cpp) -------------------------------------------------------
    bool token_accepted(std::string_view authorization);
    Response authorize(const Request& request);
    Response access_token(const Request& request);
    json oauth_control(const json& command);

    // ---- control (control.cpp) ----------------------------------------------------------
    // Bad commands (wrong types included) are answered with {"error"}, never thrown.
    json apply_control(const json& command);
    json control_command(const json& command);
    json status_report() const;                                // {"status": true}
    std::optional<json> setting_command(const json& command);  // nullopt: not a setting
    json fault_command(const std::string& fault, const json& command);

    // ---- connections (sessions.cpp) -------------------------------------------------------
    std::string host_port() const;  // the bound address, as a URL writes it
    void accept();

    Options options;
    std::string url;  // set by start(), read-only afterwards
    asio::io_context io;
    tcp::acceptor acceptor;
    asio::steady_timer accept_retry;  // after an accept error (out of descriptors, say)
    std::optional<asio::ssl::context> tls;
    std::thread thread;

    Agent agent;
    ProfileSettings profile;
    std::map<std::string, Call> calls;
    std::map<std::string, std::unique_ptr<asio::steady_timer>> call_timers;
    std::map<std::string, ConsultLeg> consults;  // by the main call's interaction id
    std::map<std::string, std::unique_ptr<asio::steady_timer>> consult_timers;
    std::string next_consult_answer = "accept";  // how the next consult's other party answers (or "wait")
    // How a declined or unanswered consult is told: AgentConsultFailed ("consult-failed") or
    // AgentConsultEnded ("consult-ended"); the SDK does not show which Webex sends, so both are played.
    std::string consult_refusal = "consult-failed";
    std::set<std::string> subscriptions;
    bool last_allow_multi_login = false;  // the newest subscribe body's allowMultiLogin (status reports it)
    std::weak_ptr<SocketSession> current_socket;
    asio::steady_timer keepalive_timer;
    std::uint64_t sequence = 0;
    std::uint64_t id_counter = 0;
    std::string next_scenario;

    // faults
    bool keepalives_stopped = false;
    std::chrono::milliseconds frame_delay{0};
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> delayed;
    asio::steady_timer delay_timer;
    FrameFaults faults;
    asio::steady_timer reorder_timer;
    struct RestFault {
        std::string path;
        int status;
        int count;
        int retry_after;
    };
    std::vector<RestFault> rest_faults;
    struct ActionFault {
        std::string action;  // "end", "hold", "unhold", "wrapup", "record/pause", "record/resume"
        int count;
        bool with_interaction_id;
        std::string reason;
        int status = 0;  // consult/accept: answer the REST call with this HTTP error instead (0: notification)
    };
    std::vector<ActionFault> action_faults;
    // How an agent's POST .../end is answered: "ended-then-wrapup", "wrapup-only", "wrapup-then-ended".
    std::string end_style = "ended-then-wrapup";
    // How POST .../end of a call still ringing is answered: "contact-ended" (ContactEnded, the
    // SDK's expectation) or "assign-failed" (AgentContactAssignFailed USER_DECLINED).
    std::string ringing_end = "contact-ended";
    std::string station_login_failure;  // the next station login fails with this reason (a fault)
    bool auto_wrap_up = false;          // Options::auto_wrap_up, then the autoWrapUp control
    bool thin_frames = false;           // new calls' frames lack contactDirection and outboundType
    // A preview reservation not accepted within preview_timeout ends: ContactEnded ("contact-ended")
    // or AgentOfferContactRona ("rona"); Webex's answer is not documented, so both are played.
    std::chrono::milliseconds preview_timeout{18000};  // the reservation's ronaTimeout (18 s)
    std::string preview_expiry = "contact-ended";
    std::deque<json> task_actions;  // the last task actions received: {path, body}
    int websocket_rejections = 0;
    std::chrono::milliseconds idle_timeout{30000};  // a connection with no request this long is closed

    struct OAuth {
        std::string client_id = "wxcc-sim-client";
        std::string client_secret = "wxcc-sim-secret";
        std::chrono::seconds access_lifetime{43200};     // about 12 hours, as Contact Center's
        std::chrono::seconds refresh_lifetime{5184000};  // 60 days
        struct Code {
            std::string challenge;
            std::string redirect_uri;
        };
        std::map<std::string, Code> codes;
        std::map<std::string, std::chrono::steady_clock::time_point> access_tokens;  // issued -> expiry
        std::map<std::string, std::chrono::steady_clock::time_point> refresh_tokens;
        bool deny = false;         // the user declines consent
        bool wrong_state = false;  // the redirect carries another state
        int reject_refresh = 0;    // refuse the next refreshes (invalid_grant)
        int failures = 0;          // answer the next token requests with failure_status
        int failure_status = 503;
        std::chrono::milliseconds delay{0};  // before each token endpoint answer
        int token_requests = 0;
        int refreshes = 0;
    } oauth;

    // counters
    std::atomic<std::int64_t> last_outdial_ns{0};
    std::atomic<std::uint64_t> outdial_count{0};
    std::map<std::string, int> requests;
    std::uint64_t frames_sent = 0;
    std::uint64_t connections_accepted = 0;
    std::uint64_t frames_dropped = 0;
};

}  // namespace wxcc_sim
