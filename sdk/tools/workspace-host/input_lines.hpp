#pragma once
// workspace-host's input: one JSON message per line of a stream, published on the bus. A line that
// is not a strict JSON envelope becomes a Workspace / Host / InputError message and reading goes on.

#include "workspace/host/log.hpp"
#include "workspace/host/message_bus.hpp"

#include <istream>

namespace workspace::host {

// Reads `in` to its end. Blank lines are skipped; nothing in a line can stop the loop.
void publish_input_lines(std::istream& in, MessageBus& bus, const LogSink& log);

}  // namespace workspace::host
