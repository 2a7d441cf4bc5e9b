#pragma once
// What the bridge still has to send one page, bounded in bytes: a page that falls further behind
// than `limit` (a stuck tab, a debugger pause, a flood it cannot take) is disconnected rather than
// buffered without end; the bus and the other pages never wait for it. Pure.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace browser_bridge {

using SharedText = std::shared_ptr<const std::string>;

class SendQueue {
public:
    explicit SendQueue(std::size_t limit) : limit_(limit) {}

    // Appends `text`; false (and nothing appended) when it would exceed the limit.
    bool push(SharedText text) {
        if (queued_bytes_ + text->size() > limit_) return false;
        queued_bytes_ += text->size();
        texts_.push_back(std::move(text));
        return true;
    }
    bool empty() const { return texts_.empty(); }
    const SharedText& front() const { return texts_.front(); }
    void pop() {
        queued_bytes_ -= texts_.front()->size();
        texts_.pop_front();
    }
    std::size_t queued_bytes() const { return queued_bytes_; }

private:
    std::size_t limit_;
    std::size_t queued_bytes_ = 0;
    std::deque<SharedText> texts_;
};

}  // namespace browser_bridge
