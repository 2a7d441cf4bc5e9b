// The browser-bridge plugin: lets CRM pages in a browser publish and receive bus messages through
// one loopback endpoint (bridge_server.hpp), and serves the agent panel page. Built on the public
// plugin SDK only.
//
// Threads: activate/deactivate on [main]; bus messages arrive on [bus] and are handed to the
// bridge's own io thread [io] as shared texts, so the bus never waits for a page.

#include "access_key.hpp"
#include "bridge_server.hpp"

#include <workspace/plugin/plugin.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <thread>

namespace {

namespace asio = boost::asio;
using namespace browser_bridge;
using workspace::plugin::LogLevel;

class BrowserBridgePlugin : public workspace::plugin::Plugin {
public:
    using Plugin::Plugin;

    void activate() override {
        auto config = read_bridge_config(host().config(), std::string(host().config_directory()));
        std::optional<std::string> key;
        if (config.access_key_file) key = read_access_key(*config.access_key_file);
        auto files = config.page_directory ? PageFiles::load(*config.page_directory) : PageFiles::embedded();
        io_ = std::make_unique<asio::io_context>(1);
        server_.emplace(*io_, config, std::move(files), std::move(key), hooks());
        try {
            endpoint_ = server_->listen();
        } catch (const boost::system::system_error& error) {
            throw std::runtime_error("cannot listen on " + config.address + ":" + std::to_string(config.port) + ": " +
                                     error.code().message());
        }
        for (const auto& key_to_forward : config.subscribe)
            subscriptions_.push_back(
                host().subscribe_answers(key_to_forward.channel, key_to_forward.topic, key_to_forward.subtopic,
                                         [this](const workspace::plugin::Message& message) { forward(message); }));
        work_.emplace(io_->get_executor());
        thread_ = std::thread([this] { io_->run(); });
        host().log(LogLevel::info,
                   "agent panel at " + url() + " (pages connect to ws://" + authority() + "/bus; page " +
                       (config.page_directory ? "from " + config.page_directory->string() : std::string("built in")) +
                       ")");
    }

    void deactivate() override {
        subscriptions_.clear();  // no bus message reaches the io thread from here on
        if (thread_.joinable()) {
            asio::post(*io_, [this] {
                server_->close();
                io_->stop();
            });
            thread_.join();
        }
        work_.reset();
        server_.reset();
        io_.reset();  // frees the connections' handlers, and with them the connections
    }

    nlohmann::json status() override { return {{"url", url()}, {"bus", "ws://" + authority() + "/bus"}}; }

private:
    ServerHooks hooks() {
        return {[this](const RoutingKey& key, std::string_view text) { return host().publish_text(key, text); },
                [this](int level, const std::string& text) { host().log(static_cast<LogLevel>(level), text); }};
    }

    // [bus] Only copies and hands over: what pages get is decided on the bridge's thread.
    void forward(const workspace::plugin::Message& message) {
        auto text = std::make_shared<const std::string>(message.text);
        asio::post(*io_, [this, text] { server_->forward(text); });
    }

    std::string authority() const {
        auto address = endpoint_.address();
        auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
        return host + ":" + std::to_string(endpoint_.port());
    }
    std::string url() const { return "http://" + authority() + "/"; }

    std::unique_ptr<asio::io_context> io_;
    std::optional<BridgeServer> server_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::thread thread_;
    asio::ip::tcp::endpoint endpoint_;
    std::vector<workspace::plugin::Subscription> subscriptions_;
};

}  // namespace

WORKSPACE_PLUGIN_ENTRY(BrowserBridgePlugin)
