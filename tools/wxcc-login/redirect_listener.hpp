#pragma once
// The loopback end of the OAuth redirect (RFC 8252): listens on every address given, all on one
// port, and answers each request with what `judge` says, until a reply is final (the sign-in's
// answer). Runs on one io_context's thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/status.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wxcc_login {

class RedirectListener {
public:
    struct Reply {
        boost::beast::http::status status;
        std::string page;    // shown in the browser; empty for none
        bool final = false;  // the answer: listening ends once it is sent
    };
    using Judge = std::function<Reply(const std::string& target)>;

    // Throws Failure when an address cannot be held: the browser may connect to any of them, and
    // another program holding one would receive the code. Port 0: any free port, the same on each.
    RedirectListener(boost::asio::io_context& io, const std::vector<std::string>& addresses, std::uint16_t port);
    std::uint16_t port() const { return doors_.front()->acceptor.local_endpoint().port(); }

    // Starts answering; `done` runs once the final reply is sent.
    void serve(Judge judge, std::function<void()> done);

private:
    struct Door {
        explicit Door(boost::asio::io_context& io) : acceptor(io), backoff(io) {}
        boost::asio::ip::tcp::acceptor acceptor;
        boost::asio::steady_timer backoff;  // after an accept error
    };
    // An accept that failed (out of descriptors, say) is tried again after this: the connection
    // waits in the backlog meanwhile, and the loop neither stops nor spins.
    static constexpr std::chrono::milliseconds accept_backoff{100};

    void listen_on(const std::vector<std::string>& addresses, std::uint16_t port);
    void accept_next(Door& door);
    void read_request(std::shared_ptr<boost::beast::tcp_stream> stream);
    void respond(const std::shared_ptr<boost::beast::tcp_stream>& stream, const Reply& reply);
    void stop();

    boost::asio::io_context& io_;
    std::vector<std::unique_ptr<Door>> doors_;
    Judge judge_;
    std::function<void()> done_;
};

}  // namespace wxcc_login
