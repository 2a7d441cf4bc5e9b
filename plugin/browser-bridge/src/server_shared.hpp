#pragma once
// What the bridge's connections share with its server (bridge_server.hpp's lifetime rule: each
// connection holds it by shared_ptr), and the few names they all use. Internal to the server's
// .cpp files; touched on the io thread only, so nothing here takes a lock.

#include "bridge_server.hpp"
#include "rate_limiter.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace browser_bridge {

enum LogLevel { debug = 0, info = 1, warning = 2 };

inline constexpr std::chrono::seconds page_idle_timeout{20};  // a page that answers no ping for this long is gone
inline constexpr const char* server_name = "workspace-browser-bridge";

class PageSession;
class HttpSession;

struct BridgeServer::Shared {
    Shared(boost::asio::io_context& io, BridgeConfig config, PageFiles files, std::optional<std::string> key,
           ServerHooks hooks)
        : acceptor(io), accept_retry(io), config(std::move(config)), files(std::move(files)), hooks(std::move(hooks)) {
        rules.access_key = std::move(key);
        rules.allowed_origins = this->config.allowed_origins;
    }

    // The publish budget of a peer, shared by all its connections (rate_limiter.hpp). Peers are
    // named by budget_owner() (admission.hpp), their normalized Origin: on loopback
    // every peer's address is the same, and only admitted origins ever get here, so the map holds
    // at most allowedOrigins + the bridge's own + 1 entries. Entries stay, so a peer that closes
    // and reconnects finds its budget as it left it.
    std::shared_ptr<TokenBucket> budget_of(const std::string& peer) {
        auto& budget = budgets[peer];
        if (!budget)
            budget = std::make_shared<TokenBucket>(config.messages_per_second, config.burst, TokenBucket::Clock::now());
        return budget;
    }

    boost::asio::ip::tcp::acceptor acceptor;
    boost::asio::steady_timer accept_retry;     // waits out an accept error (accept_backoff.hpp)
    std::chrono::milliseconds accept_delay{0};  // the current one; zero while accepting works
    BridgeConfig config;
    PageFiles files;
    AdmissionRules rules;  // port set once bound
    ServerHooks hooks;
    std::string content_security_policy;
    std::vector<std::weak_ptr<PageSession>> pages;
    std::size_t open_pages = 0;                     // for maxConnections
    std::list<std::weak_ptr<HttpSession>> pending;  // connections not (yet) pages, oldest first
    std::map<std::string, std::shared_ptr<TokenBucket>> budgets;
    bool closed = false;
};

// Counts one open page for maxConnections, from its upgrade until its last object is gone.
class PageSlot {
public:
    explicit PageSlot(std::shared_ptr<BridgeServer::Shared> shared) : shared_(std::move(shared)) {
        ++shared_->open_pages;
    }
    PageSlot(PageSlot&&) = default;
    PageSlot& operator=(PageSlot&&) = delete;
    ~PageSlot() {
        if (shared_) --shared_->open_pages;
    }
    BridgeServer::Shared& shared() const { return *shared_; }

private:
    std::shared_ptr<BridgeServer::Shared> shared_;
};

}  // namespace browser_bridge
