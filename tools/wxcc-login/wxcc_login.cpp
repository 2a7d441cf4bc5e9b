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

#include "desktop.hpp"
#include "plugin_config.hpp"

#include "redirect_listener.hpp"
#include "sign_in_failure.hpp"
#include "webexcc/client/oauth.hpp"
#include "webexcc/client/token_endpoint.hpp"
#include "webexcc/client/token_store.hpp"
#include "webexcc/client/url.hpp"
#include "workspace/files/utf8_path.hpp"
#include "workspace/host/host_config.hpp"
#include "workspace/problem.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace {

using namespace wxcc_login;

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
On Windows --config defaults to %ProgramData%\webexcc-workspace\host.json.
)";

struct Options {
    std::filesystem::path config;
    std::string plugin = "webexcc-outbound";
    bool open_browser = true;
    std::chrono::seconds timeout{300};
};

bool wants_help(const std::vector<std::string>& arguments) {
    for (const auto& argument : arguments)
        if (argument == "--help" || argument == "-h") return true;
    return false;
}

// What the command line asks for, or USAGE saying what is wrong with it.
workspace::Result<Options> read_options(const std::vector<std::string>& arguments) {
    Options options;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (argument == "--no-browser") {
            options.open_browser = false;
            continue;
        }
        if (argument != "--config" && argument != "--plugin" && argument != "--timeout")
            return workspace::Problem("USAGE", "unknown argument " + argument);
        if (i + 1 >= arguments.size()) return workspace::Problem("USAGE", argument + " needs a value");
        const std::string& value = arguments[++i];
        if (argument == "--config") options.config = workspace::files::path_from_utf8(value);
        else if (argument == "--plugin") options.plugin = value;
        else if (value.empty() || value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos)
            return workspace::Problem("USAGE", "--timeout needs a whole number of seconds");
        else options.timeout = std::chrono::seconds(std::stoi(value));
    }
    if (options.config.empty()) options.config = default_host_config().value_or("");
    if (options.config.empty()) return workspace::Problem("USAGE", "--config is required");
    return options;
}

outbound::PluginSettings plugin_settings(const Options& options) {
    try {
        auto host = workspace::host::load_host_config(options.config);
        const auto* plugin = host.find_plugin(options.plugin);
        if (plugin == nullptr)
            throw Failure{exit_setup,
                          workspace::files::utf8_of(options.config) + " has no plugin \"" + options.plugin + "\""};
        auto settings = outbound::parse_plugin_config(plugin->config, host.config_directory);
        if (!settings.client.oauth)
            throw Failure{exit_setup, "the plugin \"" + options.plugin +
                                          "\" has no \"tokenStore\" and \"oauth\" settings to sign in with"};
        settings.client.oauth->client_secret = outbound::read_client_secret(settings.client_secret);
        return settings;
    } catch (const Failure&) {
        throw;
    } catch (const std::exception& error) {
        throw Failure{exit_setup, std::string("configuration: ") + error.what()};
    }
}

// The redirect URI's host and port, and the addresses to listen on: every one its host can name.
struct LoopbackRedirect {
    client::Url url;
    std::vector<std::string> addresses;
};

LoopbackRedirect loopback_redirect(const std::string& text) {
    auto url = client::parse_url(text);
    auto addresses = client::loopback_listen_addresses(url.host);
    if (url.scheme != "http" || addresses.empty())
        throw Failure{exit_setup,
                      "oauth.redirectUri must be an http:// address on this machine (127.0.0.1, [::1] or localhost)"};
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
        case Kind::code:
            return {http::status::ok, "Signed in. You may close this window and return to Workspace.", true};
    }
    return {http::status::bad_request, ""};
}

// Waits for the browser's redirect with the state sent, ignoring any other; the code it carries.
std::string wait_for_code(asio::io_context& io, RedirectListener& listener, const client::Url& redirect,
                          const std::string& state, std::chrono::seconds timeout) {
    auto path = redirect.target.substr(0, redirect.target.find('?'));
    std::optional<client::Redirect> answer;
    int ignored = 0;
    listener.serve(
        [&](const std::string& target) -> RedirectListener::Reply {
            if (answer) return {http::status::bad_request, ""};  // the answer came already; this one is too late
            auto check = client::check_redirect(target, path, state);
            if (check.kind == client::RedirectCheck::Kind::wrong_state) {
                ++ignored;
                std::cout
                    << "Ignored a sign-in answer carrying another state (a stale or forged redirect); still waiting..."
                    << std::endl;
            }
            auto reply = reply_to(check);
            if (reply.final) answer = check.redirect;
            return reply;
        },
        [&] { io.stop(); });
    asio::steady_timer deadline(io, timeout);
    deadline.async_wait([&](beast::error_code error) {
        if (!error) io.stop();
    });
    io.run();
    if (!answer && ignored > 0)
        throw Failure{exit_only_wrong_state, "no sign-in within " + std::to_string(timeout.count()) + " s, only " +
                                                 std::to_string(ignored) +
                                                 " answer(s) carrying another state (stale or forged; ignored); "
                                                 "nothing was stored. Run wxcc-login again"};
    if (!answer)
        throw Failure{exit_timeout,
                      "no sign-in within " + std::to_string(timeout.count()) + " s; run wxcc-login again"};
    if (answer->error) {
        const auto& error = *answer->error;
        throw Failure{exit_not_completed, "Webex sign-in was not completed: " +
                                              (client::plain_error_name(error) ? error : std::string("an error")) +
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
    if (!tokens)
        throw Failure{exit_token_endpoint, "the token endpoint did not sign you in: " + tokens.error().message};
    const auto& signed_in = *tokens;
    if (auto stored = client::write_token_store(oauth.token_store, signed_in); !stored)
        throw Failure{exit_setup, stored.error().message};
    std::cout << "Signed in to Webex. Tokens stored in " << workspace::files::utf8_of(oauth.token_store)
              << " (access token " << lifetime_text(now, signed_in.access_expires) << ", refresh token "
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
    auto arguments = workspace::files::utf8_arguments(argc, argv);
    if (!arguments.empty()) arguments.erase(arguments.begin());  // the program's own name
    if (wants_help(arguments)) {
        std::cout << usage;
        return 0;
    }
    auto options = read_options(arguments);
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
