#pragma once
// The one lifetime rule for an object a user owns and may destroy while its operations are pending
// (RestClient, AccessTokens, NotificationChannel): a handler that outlives its owner does nothing.
//
// The owner holds a Lifetime and passes every handler that uses `this` through guard(); once the
// Lifetime is destroyed (with its owner) or renewed, each guarded handler still pending is a no-op.
// Single-threaded executor only (one thread runs it, or a strand): the check takes no lock.

#include <boost/asio/associator.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace webexcc::client {

// A handler that runs only while the Lifetime that made it lives. Move-only when Handler is, and
// it keeps Handler's associated executor, allocator and cancellation slot (see the associator below).
template <typename Handler>
class Guarded {
public:
    Guarded(std::weak_ptr<const void> owner, Handler handler)
        : owner_(std::move(owner)), handler_(std::move(handler)) {}

    template <typename... Args>
    void operator()(Args&&... args) {
        if (!owner_.expired()) handler_(std::forward<Args>(args)...);
    }

    const Handler& handler() const noexcept { return handler_; }

private:
    std::weak_ptr<const void> owner_;
    Handler handler_;
};

class Lifetime {
public:
    Lifetime() = default;
    Lifetime(const Lifetime&) = delete;
    Lifetime& operator=(const Lifetime&) = delete;

    template <typename Handler>
    Guarded<std::decay_t<Handler>> guard(Handler&& handler) const {
        return {token_, std::forward<Handler>(handler)};
    }

    // Every handler guarded so far becomes a no-op; those guarded from now on run (a restart).
    void renew() { token_ = std::make_shared<char>(); }

private:
    std::shared_ptr<const void> token_ = std::make_shared<char>();
};

}  // namespace webexcc::client

// Asio asks a handler for its executor, allocator and cancellation slot: a Guarded answers for the
// handler it wraps, so guarding changes when a handler runs, never where.
template <template <typename, typename> class Associator, typename Handler, typename DefaultCandidate>
struct boost::asio::associator<Associator, webexcc::client::Guarded<Handler>, DefaultCandidate> {
    using type = typename Associator<Handler, DefaultCandidate>::type;

    static type get(const webexcc::client::Guarded<Handler>& guarded) noexcept {
        return Associator<Handler, DefaultCandidate>::get(guarded.handler());
    }

    static auto get(const webexcc::client::Guarded<Handler>& guarded, const DefaultCandidate& candidate) noexcept
        -> decltype(Associator<Handler, DefaultCandidate>::get(guarded.handler(), candidate)) {
        return Associator<Handler, DefaultCandidate>::get(guarded.handler(), candidate);
    }
};
