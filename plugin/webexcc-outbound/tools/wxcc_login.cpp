// wxcc-login: signs the agent in to Webex once (OAuth 2.0 authorization code with PKCE, RFC 8252)
// and stores the tokens where the webexcc-outbound plugin keeps them fresh.
//
//   wxcc-login --config host.json
//   -> Open this address in a browser to sign in to Webex:
//        https://webexapis.com/v1/authorize?client_id=...
//   -> Signed in to Webex. Tokens stored in /home/agent/.config/webexcc/tokens.json ...
//
// Exit codes: 0 signed in; 1 usage or configuration; 2 the user declined; 3 a wrong state; 4 the
// token endpoint refused or failed; 5 no sign-in in time. Never prints a token, a code or a secret.

#include "plugin_config.hpp"

#include "webexcc/client/oauth.hpp"
#include "webexcc/client/token_endpoint.hpp"
#include "webexcc/client/token_store.hpp"
#include "webexcc/client/url.hpp"
#include "workspace/host/host_config.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <iostream>
#include <optional>

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

struct Failure {
    int exit_code;
    std::string message;
};

struct Options {
    std::filesystem::path config;
    std::string plugin = "webexcc-outbound";
    bool open_browser = true;
    std::chrono::seconds timeout{300};
};

Options read_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw Failure{1, argument + " needs a value\n" + usage};
            return argv[++i];
        };
        if (argument == "--config") options.config = value();
        else if (argument == "--plugin") options.plugin = value();
        else if (argument == "--no-browser") options.open_browser = false;
        else if (argument == "--timeout") options.timeout = std::chrono::seconds(std::stoi(value()));
        else if (argument == "--help" || argument == "-h") throw Failure{0, usage};
        else throw Failure{1, "unknown argument " + argument + "\n" + usage};
    }
    if (options.config.empty()) throw Failure{1, std::string("--config is required\n") + usage};
    return options;
}

outbound::PluginSettings plugin_settings(const Options& options) {
    try {
        auto host = workspace::host::load_host_config(options.config);
        const auto* plugin = host.find_plugin(options.plugin);
        if (plugin == nullptr) throw Failure{1, options.config.string() + " has no plugin \"" + options.plugin + "\""};
        auto settings = outbound::parse_plugin_config(plugin->config, host.config_directory);
        if (!settings.client.oauth)
            throw Failure{1, "the plugin \"" + options.plugin + "\" has no \"tokenStore\" and \"oauth\" settings to sign in with"};
        settings.client.oauth->client_secret = outbound::read_client_secret(settings.client_secret);
        return settings;
    } catch (const Failure&) {
        throw;
    } catch (const std::exception& error) {
        throw Failure{1, std::string("configuration: ") + error.what()};
    }
}

void open_browser(const std::string& url) {
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) return;
    pid_t pid;
    const char* args[] = {"xdg-open", url.c_str(), nullptr};
    if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char**>(args), environ) == 0) waitpid(pid, nullptr, 0);
}

// The loopback end of the redirect: answers each request and keeps the first that carries the
// redirect's query on the redirect path.
class RedirectListener {
public:
    RedirectListener(asio::io_context& io, const client::Url& redirect) : acceptor_(io), path_(redirect.target.substr(0, redirect.target.find('?'))) {
        tcp::resolver resolver(io);
        auto endpoint = *resolver.resolve(redirect.host, redirect.port).begin();
        acceptor_.open(endpoint.endpoint().protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint.endpoint());
        acceptor_.listen();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    // Serves until a redirect arrives; `answer` gives the page to show for it, and `done` runs
    // once that page is sent.
    void serve(std::function<std::string(const client::Redirect&)> answer, std::function<void()> done) {
        answer_ = std::move(answer);
        done_ = std::move(done);
        accept_next();
    }

private:
    void accept_next() {
        acceptor_.async_accept([this](beast::error_code error, tcp::socket socket) {
            if (error) return;  // closed: the answer came
            read_request(std::make_shared<beast::tcp_stream>(std::move(socket)));
            accept_next();  // a slow or silent client never holds up the next one
        });
    }

    void read_request(std::shared_ptr<beast::tcp_stream> stream) {
        auto buffer = std::make_shared<beast::flat_buffer>();
        auto request = std::make_shared<http::request<http::empty_body>>();
        stream->expires_after(std::chrono::seconds(10));
        http::async_read(*stream, *buffer, *request, [this, stream, buffer, request](beast::error_code error, std::size_t) {
            if (!error) respond(stream, std::string(request->target()));
        });
    }

    // Only the first request on the redirect path that carries a code or an error is the answer;
    // anything else (another path, no parameters, a second answer) is refused and waiting goes on.
    void respond(const std::shared_ptr<beast::tcp_stream>& stream, const std::string& target) {
        auto redirect = client::read_redirect_target(target);
        bool on_path = target.substr(0, target.find('?')) == path_;
        bool answer = on_path && !redirect_ && (redirect.code || redirect.error);
        auto status = answer ? http::status::ok : on_path ? http::status::bad_request : http::status::not_found;
        auto response = std::make_shared<http::response<http::string_body>>(status, 11);
        response->set(http::field::content_type, "text/html; charset=utf-8");
        response->set(http::field::cache_control, "no-store");
        response->keep_alive(false);
        if (answer) {
            redirect_ = redirect;
            response->body() = "<!doctype html><title>Webex sign-in</title><p>" + answer_(redirect) + "</p>";
        }
        response->prepare_payload();
        http::async_write(*stream, *response, [this, stream, response, answer](beast::error_code, std::size_t) {
            beast::error_code ignored;
            stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
            if (!answer) return;
            acceptor_.close();
            done_();
        });
    }

public:
    const std::optional<client::Redirect>& redirect() const { return redirect_; }

private:
    std::function<std::string(const client::Redirect&)> answer_;
    std::function<void()> done_;
    tcp::acceptor acceptor_;
    std::string path_;
    std::optional<client::Redirect> redirect_;
};

client::Url loopback_redirect(const std::string& text) {
    auto url = client::parse_url(text);
    if (url.scheme != "http" || !(url.host == "localhost" || url.host == "127.0.0.1" || url.host == "::1"))
        throw Failure{1, "oauth.redirectUri must be an http:// address on this machine (localhost, 127.0.0.1 or [::1])"};
    return url;
}

std::string lifetime_text(client::SystemTime from, client::SystemTime until) {
    if (until == client::SystemTime::max()) return "no expiry";
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(until - from).count();
    return seconds >= 7200 ? std::to_string(seconds / 3600) + " h" : std::to_string(seconds) + " s";
}

// Waits for the browser's redirect; the code it carries, once its state is checked.
std::string wait_for_code(asio::io_context& io, RedirectListener& listener, const std::string& state, std::chrono::seconds timeout) {
    asio::steady_timer deadline(io, timeout);
    listener.serve([&](const client::Redirect& answer) -> std::string {
        if (answer.error) return "Sign-in was not completed. You may close this window.";
        if (answer.state != state) return "This sign-in answer is not the one expected. Run wxcc-login again.";
        return "Signed in. You may close this window and return to Workspace.";
    }, [&] { deadline.cancel(); });
    deadline.async_wait([&](beast::error_code error) {
        if (!error) io.stop();
    });
    io.run();
    const auto& answer = listener.redirect();
    if (!answer) throw Failure{5, "no sign-in within " + std::to_string(timeout.count()) + " s; run wxcc-login again"};
    if (answer->error) {
        const auto& error = *answer->error;
        throw Failure{2, "Webex sign-in was not completed: " + (client::plain_error_name(error) ? error : std::string("an error")) +
                             (error == "access_denied" ? " (consent was declined)" : "")};
    }
    if (answer->state != state || !answer->code)
        throw Failure{3, "the sign-in answer's state does not match the one sent (a stale or forged redirect); nothing was stored"};
    return *answer->code;
}

// Trades the code for tokens and stores them.
void store_tokens(const outbound::PluginSettings& settings, const std::string& code, const std::string& verifier) {
    const auto& oauth = *settings.client.oauth;
    auto now = std::chrono::system_clock::now();
    auto reply = client::post_token_request(
        settings.client, oauth.settings.token_url,
        client::code_exchange_body(oauth.settings, oauth.client_secret, code, oauth.settings.redirect_uri, verifier));
    if (!reply.transport_error.empty()) throw Failure{4, "the token endpoint could not be reached: " + reply.transport_error};
    auto tokens = client::read_token_response(reply.status, reply.body, now);
    if (auto* failure = std::get_if<client::TokenFailure>(&tokens))
        throw Failure{4, "the token endpoint did not sign you in: " + failure->reason};
    const auto& signed_in = std::get<client::Tokens>(tokens);
    try {
        client::write_token_store(oauth.token_store, signed_in);
    } catch (const client::TokenStoreError& error) {
        throw Failure{1, error.what()};
    }
    std::cout << "Signed in to Webex. Tokens stored in " << oauth.token_store.string() << " (access token "
              << lifetime_text(now, signed_in.access_expires) << ", refresh token "
              << lifetime_text(now, signed_in.refresh_expires) << "); the plugin keeps them fresh." << std::endl;
}

int sign_in(const Options& options) {
    auto settings = plugin_settings(options);
    auto& oauth = *settings.client.oauth;
    asio::io_context io;
    auto redirect = loopback_redirect(oauth.settings.redirect_uri);
    RedirectListener listener(io, redirect);
    if (redirect.port == "0") {  // any free port (tests): the address sent names the one bound
        redirect.port = std::to_string(listener.port());
        oauth.settings.redirect_uri = redirect.to_string();
    }
    auto pkce = client::make_pkce();
    auto state = client::random_state();
    auto url = client::authorize_url(oauth.settings, oauth.settings.redirect_uri, state, pkce.challenge);
    std::cout << "Open this address in a browser to sign in to Webex:\n  " << url << "\n"
              << "Waiting up to " << options.timeout.count() << " s for the sign-in..." << std::endl;
    if (options.open_browser) open_browser(url);
    auto code = wait_for_code(io, listener, state, options.timeout);
    store_tokens(settings, code, pkce.verifier);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return sign_in(read_options(argc, argv));
    } catch (const Failure& failure) {
        (failure.exit_code == 0 ? std::cout : std::cerr) << (failure.exit_code == 0 ? "" : "wxcc-login: ") << failure.message << std::endl;
        return failure.exit_code;
    } catch (const std::exception& error) {
        std::cerr << "wxcc-login: " << error.what() << std::endl;
        return 1;
    }
}
