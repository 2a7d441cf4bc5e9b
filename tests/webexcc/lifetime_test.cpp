// Lifetime: a guarded handler runs while its owner lives and is a no-op after, as Asio sees it.

#include "webexcc/client/lifetime.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

using webexcc::client::Lifetime;
namespace asio = boost::asio;

TEST_CASE("A guarded handler runs while its Lifetime lives, with the arguments forwarded") {
    Lifetime lifetime;
    std::string heard;
    auto handler = lifetime.guard([&](std::string text, int number) { heard = text + std::to_string(number); });
    handler("call ", 1);
    CHECK(heard == "call 1");
}

TEST_CASE("A guarded handler does nothing once its Lifetime is gone or renewed") {
    int calls = 0;
    auto count = [&] { ++calls; };
    std::optional<Lifetime> lifetime;
    lifetime.emplace();
    auto before_renew = lifetime->guard(count);
    lifetime->renew();
    auto after_renew = lifetime->guard(count);
    before_renew();
    after_renew();
    CHECK(calls == 1);
    lifetime.reset();
    after_renew();
    CHECK(calls == 1);
}

TEST_CASE("A guarded handler may be move-only, and is copyable when what it wraps is") {
    Lifetime lifetime;
    auto owned = std::make_unique<int>(7);
    int seen = 0;
    auto move_only = lifetime.guard([&, owned = std::move(owned)] { seen = *owned; });
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<decltype(move_only)>);
    auto moved = std::move(move_only);
    moved();
    CHECK(seen == 7);
    std::function<void()> stored = lifetime.guard([&] { seen = 8; });  // std::function needs a copy
    stored();
    CHECK(seen == 8);
}

TEST_CASE("Asio handlers: a pending wait of a destroyed owner completes without calling it") {
    asio::io_context io;
    asio::steady_timer timer(io, std::chrono::milliseconds(1));
    bool waited = false;
    auto owner = std::make_unique<Lifetime>();
    timer.async_wait(owner->guard([&](boost::system::error_code) { waited = true; }));
    owner.reset();
    io.run();
    CHECK_FALSE(waited);

    Lifetime lifetime;
    timer.expires_after(std::chrono::milliseconds(1));
    timer.async_wait(lifetime.guard([&](boost::system::error_code error) { waited = !error; }));
    io.restart();
    io.run();
    CHECK(waited);
}

TEST_CASE("A guarded handler keeps the executor of the handler it wraps") {
    asio::io_context io;
    auto strand = asio::make_strand(io);
    Lifetime lifetime;
    auto guarded = lifetime.guard(asio::bind_executor(strand, [] {}));
    CHECK(asio::get_associated_executor(guarded) == strand);
    bool on_strand = false;
    asio::post(lifetime.guard(asio::bind_executor(strand, [&] { on_strand = strand.running_in_this_thread(); })));
    io.run();
    CHECK(on_strand);
}
