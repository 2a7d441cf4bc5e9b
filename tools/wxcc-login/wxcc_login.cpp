// wxcc-login: signs the agent in to Webex once (OAuth 2.0 authorization code with PKCE, RFC 8252)
// and stores the tokens where the webexcc-outbound plugin keeps them fresh.
//
//   wxcc-login --config host.json
//   -> Open this address in a browser to sign in to Webex:
//        https://webexapis.com/v1/authorize?client_id=...
//   -> Signed in to Webex. Tokens stored in /home/agent/.config/webexcc/tokens.json ...
//
// Exit codes (ExitCode below): 0 signed in; 1 configuration, a redirect address it cannot hold or a
// token store it cannot write; 2 a command-line mistake; 3 no sign-in in time, only answers with
// another state (ignored); 4 the token endpoint refused or failed; 5 no sign-in in time; 6 the
// sign-in was not completed (the user declined). Never prints a token, a code or a secret.

#include "plugin_config.hpp"

#include "webexcc/client/oauth.hpp"
#include "webexcc/client/token_endpoint.hpp"
#include "webexcc/client/token_store.hpp"
#include "webexcc/client/url.hpp"
#include "workspace/host/host_config.hpp"
#include "workspace/problem.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace webexcc;

constexpr const char* usage = R"(usage: wxcc-login --config HOST_CONFIG [--plugin ID] [--no-browser] [--timeout SECONDS]

Signs the agent in to Webex and stores the tokens in the plugin's "tokenStore", where the plugin
keeps them fresh. Reads the plugin's "oauth" settings (clientId, clientSecretFile or
clientSecretEnv, scopes, redirectUri, ...) from the host configuration. Waits for the browser's
redirect on the loopback redirectUri; opens the browser when a desktop session is there.
  --plugin ID      the plugin whose settings to use (default webexcc-outbound)
  --no-browser     only print the address to open
  --timeout S      give up after S seconds (default 300)
)";

// What the exit status tells a script (docs/configuration.md lists them for users).
enum ExitCode : int {
    exit_signed_in = 0,
    exit_setup = 1,  // configuration, the redirect address, the token store
    exit_usage = 2,  // the command line, as is conventional
    exit_only_wrong_state = 3,
    exit_token_endpoint = 4,
    exit_timeout = 5,
    exit_not_completed = 6,
};

// Why signing in stopped, and the exit status that tells a script so.
class Failure : public std::runtime_error {
public:
    Failure(ExitCode exit_code, const std::string& message) : std::runtime_error(message), exit_code(exit_code) {}
    ExitCode exit_code;
};

struct Options {
    std::filesystem::path config;
    std::string plugin = "webexcc-outbound";
    bool open_browser = true;
    std::chrono::seconds timeout{300};
};

bool wants_help(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") return true;
    return false;
}

// What the command line asks for, or USAGE saying what is wrong with it.
workspace::Result<Options> read_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        if (argument == "--no-browser") {
            options.open_browser = false;
            continue;
        }
        if (argument != "--config" && argument != "--plugin" && argument != "--timeout")
            return workspace::Problem("USAGE", "unknown argument " + argument);
        if (i + 1 >= argc) return workspace::Problem("USAGE", argument + " needs a value");
        std::string value = argv[++i];
        if (argument == "--config") options.config = value;
        else if (argument == "--plugin") options.plugin = value;
        else if (value.empty() || value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos)
            return workspace::Problem("USAGE", "--timeout needs a whole number of seconds");
        else options.timeout = std::chrono::seconds(std::stoi(value));
    }
    if (options.config.empty()) return workspace::Problem("USAGE", "--config is required");
    return options;
}

outbound::PluginSettings plugin_settings(const Options& options) {
    try {
        auto host = workspace::host::load_host_config(options.config);
        const auto* plugin = host.find_plugin(options.plugin);
        if (plugin == nullptr) throw Failure{exit_setup, options.config.string() + " has no plugin \"" + options.plugin + "\""};
        auto settings = outbound::parse_plugin_config(plugin->config, host.config_directory);
        if (!settings.client.oauth)
            throw Failure{exit_setup, "the plugin \"" + options.plugin + "\" has no \"tokenStore\" and \"oauth\" settings to sign in with"};
        settings.client.oauth->client_secret = outbound::read_client_secret(settings.client_secret);
        return settings;
    } catch (const Failure&) {
        throw;
    } catch (const std::exception& error) {
        throw Failure{exit_setup, std::string("configuration: ") + error.what()};
    }
}

void open_browser(const std::string& url) {
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) return;
    pid_t pid;
    const char* args[] = {"xdg-open", url.c_str(), nullptr};
    if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char**>(args), environ) == 0) waitpid(pid, nullptr, 0);
}

// The loopback end of the redirect: listens on every address given, all on one port, and answers
// each request with what `judge` says, until a reply is final (the sign-in's answer).
class RedirectListener {
public:
    struct Reply {
        http::status status;
        std::string page;    // shown in the browser; empty for none
        bool final = false;  // the answer: listening ends once it is sent
    };
    using Judge = std::function<Reply(const std::string& target)>;

    // Throws Failure when an address cannot be held: the browser may connect to any of them, and
    // another program holding one would receive the code. Port 0: any free port, the same on each.
    RedirectListener(asio::io_context& io, const std::vector<std::string>& addresses, std::uint16_t port) : io_(io) {
        for (int attempt = 1;; ++attempt) {
            try {
                listen_on(addresses, port);
                return;
            } catch (const Failure&) {
                if (port != 0 || attempt == 5) throw;
                doors_.clear();  // the free port of the first address was taken on another: pick again
            }
        }
    }
    std::uint16_t port() const { return doors_.front()->acceptor.local_endpoint().port(); }

    void serve(Judge judge, std::function<void()> done) {
        judge_ = std::move(judge);
        done_ = std::move(done);
        for (auto& door : doors_) accept_next(*door);
    }

private:
    struct Door {
        explicit Door(asio::io_context& io) : acceptor(io), backoff(io) {}
        tcp::acceptor acceptor;
        asio::steady_timer backoff;  // after an accept error
    };
    // An accept that failed (out of descriptors, say) is tried again after this: the connection
    // waits in the backlog meanwhile, and the loop neither stops nor spins.
    static constexpr std::chrono::milliseconds accept_backoff{100};

    void listen_on(const std::vector<std::string>& addresses, std::uint16_t port) {
        for (const auto& address : addresses) {
            tcp::endpoint endpoint(asio::ip::make_address(address), port);
            auto door = std::make_unique<Door>(io_);
            beast::error_code error;
            door->acceptor.open(endpoint.protocol(), error);
            if (!error) door->acceptor.set_option(asio::socket_base::reuse_address(true), error);
            if (!error) door->acceptor.bind(endpoint, error);
            if (!error) door->acceptor.listen(asio::socket_base::max_listen_connections, error);
            // An address this machine does not have (no IPv6 loopback, say) nobody else can hold
            // either, and no browser reaches it: skipped. One that is taken is the danger.
            if (error == beast::errc::address_not_available || error == asio::error::address_family_not_supported) continue;
            if (error) throw Failure{exit_setup, "cannot listen on " + endpoint_text(endpoint) + " (" + error.message() +
                                            "), where the browser may bring the sign-in answer; stop the program that holds "
                                            "it, or register and configure another oauth.redirectUri (http://127.0.0.1:<port>/... "
                                            "needs that one address only)"};
            if (port == 0) port = door->acceptor.local_endpoint().port();
            doors_.push_back(std::move(door));
        }
        if (doors_.empty()) throw Failure{exit_setup, "this machine has none of the redirect's addresses to listen on"};
    }

    static std::string endpoint_text(const tcp::endpoint& endpoint) {
        auto address = endpoint.address().to_string();
        return (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(endpoint.port());
    }

    void accept_next(Door& door) {
        door.acceptor.async_accept([this, &door](beast::error_code error, tcp::socket socket) {
            if (!door.acceptor.is_open()) return;  // closed: the answer came
            if (error) {
                door.backoff.expires_after(accept_backoff);
                door.backoff.async_wait([this, &door](beast::error_code cancelled) {
                    if (!cancelled) accept_next(door);
                });
                return;
            }
            read_request(std::make_shared<beast::tcp_stream>(std::move(socket)));
            accept_next(door);  // a slow or silent client never holds up the next one
        });
    }

    void read_request(std::shared_ptr<beast::tcp_stream> stream) {
        auto buffer = std::make_shared<beast::flat_buffer>();
        auto request = std::make_shared<http::request<http::empty_body>>();
        stream->expires_after(std::chrono::seconds(10));
        http::async_read(*stream, *buffer, *request, [this, stream, buffer, request](beast::error_code error, std::size_t) {
            if (!error) respond(stream, judge_(std::string(request->target())));
        });
    }

    void respond(const std::shared_ptr<beast::tcp_stream>& stream, const Reply& reply) {
        auto response = std::make_shared<http::response<http::string_body>>(reply.status, 11);
        response->set(http::field::content_type, "text/html; charset=utf-8");
        response->set(http::field::cache_control, "no-store");
        response->keep_alive(false);
        if (!reply.page.empty()) response->body() = "<!doctype html><title>Webex sign-in</title><p>" + reply.page + "</p>";
        response->prepare_payload();
        http::async_write(*stream, *response, [this, stream, response, final = reply.final](beast::error_code, std::size_t) {
            beast::error_code ignored;
            stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
            if (final) stop();
        });
    }

    void stop() {
        for (auto& door : doors_) {
            beast::error_code ignored;
            door->acceptor.close(ignored);
            door->backoff.cancel();
        }
        done_();
    }

    asio::io_context& io_;
    std::vector<std::unique_ptr<Door>> doors_;
    Judge judge_;
    std::function<void()> done_;
};

// The redirect URI's host and port, and the addresses to listen on: every one its host can name.
struct LoopbackRedirect {
    client::Url url;
    std::vector<std::string> addresses;
};

LoopbackRedirect loopback_redirect(const std::string& text) {
    auto url = client::parse_url(text);
    auto addresses = client::loopback_listen_addresses(url.host);
    if (url.scheme != "http" || addresses.empty())
        throw Failure{exit_setup, "oauth.redirectUri must be an http:// address on this machine (127.0.0.1, [::1] or localhost)"};
    return {std::move(url), std::move(addresses)};
}

std::string lifetime_text(client::SystemTime from, client::SystemTime until) {
    if (until == client::SystemTime::max()) return "no expiry";
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(until - from).count();
    return seconds >= 7200 ? std::to_string(seconds / 3600) + " h" : std::to_string(seconds) + " s";
}

// The page and status for each kind of request; an answer with another state gets a page saying it
// was ignored (the user may be looking at a stale tab), and waiting goes on.
RedirectListener::Reply reply_to(const client::RedirectCheck& check) {
    using Kind = client::RedirectCheck::Kind;
    switch (check.kind) {
    case Kind::other_path: return {http::status::not_found, ""};
    case Kind::no_answer: return {http::status::bad_request, ""};
    case Kind::wrong_state:
        return {http::status::bad_request,
                "This is not the sign-in wxcc-login is waiting for (a stale or forged answer), so it was ignored. "
                "If you are signing in, open the address wxcc-login printed last."};
    case Kind::declined: return {http::status::ok, "Sign-in was not completed. You may close this window.", true};
    case Kind::code: return {http::status::ok, "Signed in. You may close this window and return to Workspace.", true};
    }
    return {http::status::bad_request, ""};
}

// Waits for the browser's redirect with the state sent, ignoring any other; the code it carries.
std::string wait_for_code(asio::io_context& io, RedirectListener& listener, const client::Url& redirect, const std::string& state,
                          std::chrono::seconds timeout) {
    auto path = redirect.target.substr(0, redirect.target.find('?'));
    std::optional<client::Redirect> answer;
    int ignored = 0;
    listener.serve([&](const std::string& target) -> RedirectListener::Reply {
        if (answer) return {http::status::bad_request, ""};  // the answer came already; this one is too late
        auto check = client::check_redirect(target, path, state);
        if (check.kind == client::RedirectCheck::Kind::wrong_state) {
            ++ignored;
            std::cout << "Ignored a sign-in answer carrying another state (a stale or forged redirect); still waiting..." << std::endl;
        }
        auto reply = reply_to(check);
        if (reply.final) answer = check.redirect;
        return reply;
    }, [&] { io.stop(); });
    asio::steady_timer deadline(io, timeout);
    deadline.async_wait([&](beast::error_code error) {
        if (!error) io.stop();
    });
    io.run();
    if (!answer && ignored > 0)
        throw Failure{exit_only_wrong_state, "no sign-in within " + std::to_string(timeout.count()) + " s, only " + std::to_string(ignored) +
                             " answer(s) carrying another state (stale or forged; ignored); nothing was stored. Run wxcc-login again"};
    if (!answer) throw Failure{exit_timeout, "no sign-in within " + std::to_string(timeout.count()) + " s; run wxcc-login again"};
    if (answer->error) {
        const auto& error = *answer->error;
        throw Failure{exit_not_completed, "Webex sign-in was not completed: " + (client::plain_error_name(error) ? error : std::string("an error")) +
                             (error == "access_denied" ? " (consent was declined)" : "")};
    }
    return *answer->code;
}

// Trades the code for tokens and stores them.
void store_tokens(const outbound::PluginSettings& settings, const std::string& code, const std::string& verifier) {
    const auto& oauth = *settings.client.oauth;
    auto now = std::chrono::system_clock::now();
    auto reply = client::post_token_request(
        settings.client, oauth.settings.token_url,
        client::code_exchange_body(oauth.settings, oauth.client_secret, code, oauth.settings.redirect_uri, verifier));
    if (!reply) throw Failure{exit_token_endpoint, reply.error().message};
    auto tokens = client::read_token_response(reply->status, reply->body, now);
    if (!tokens) throw Failure{exit_token_endpoint, "the token endpoint did not sign you in: " + tokens.error().message};
    const auto& signed_in = *tokens;
    if (auto stored = client::write_token_store(oauth.token_store, signed_in); !stored)
        throw Failure{exit_setup, stored.error().message};
    std::cout << "Signed in to Webex. Tokens stored in " << oauth.token_store.string() << " (access token "
              << lifetime_text(now, signed_in.access_expires) << ", refresh token "
              << lifetime_text(now, signed_in.refresh_expires) << "); the plugin keeps them fresh." << std::endl;
}

int sign_in(const Options& options) {
    auto settings = plugin_settings(options);
    auto& oauth = *settings.client.oauth;
    asio::io_context io;
    auto redirect = loopback_redirect(oauth.settings.redirect_uri);
    RedirectListener listener(io, redirect.addresses, static_cast<std::uint16_t>(std::stoi(redirect.url.port)));
    if (redirect.url.port == "0") {  // any free port (tests): the address sent names the one bound
        redirect.url.port = std::to_string(listener.port());
        oauth.settings.redirect_uri = redirect.url.to_string();
    }
    auto pkce = client::make_pkce();
    auto state = client::random_state();
    auto url = client::authorize_url(oauth.settings, oauth.settings.redirect_uri, state, pkce.challenge);
    // The redirect must be registered with the integration as written: Webex refuses any other
    // (the default changed from http://localhost:8751/callback to the IP literal).
    std::cout << "Open this address in a browser to sign in to Webex:\n  " << url << "\n"
              << "(The integration must list this redirect URI: " << oauth.settings.redirect_uri << ")\n"
              << "Waiting up to " << options.timeout.count() << " s for the sign-in..." << std::endl;
    if (options.open_browser) open_browser(url);
    auto code = wait_for_code(io, listener, redirect.url, state, options.timeout);
    store_tokens(settings, code, pkce.verifier);
    return exit_signed_in;
}

}  // namespace

int main(int argc, char** argv) {
    if (wants_help(argc, argv)) {
        std::cout << usage;
        return 0;
    }
    auto options = read_options(argc, argv);
    if (!options) {
        std::cerr << "wxcc-login: " << options.error().message << '\n' << usage;
        return exit_usage;
    }
    try {
        return sign_in(*options);
    } catch (const Failure& failure) {
        std::cerr << "wxcc-login: " << failure.what() << std::endl;
        return failure.exit_code;
    } catch (const std::exception& error) {
        std::cerr << "wxcc-login: " << error.what() << std::endl;
        return exit_setup;
    }
}
