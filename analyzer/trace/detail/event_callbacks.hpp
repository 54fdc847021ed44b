// Turns OTF2's global event callbacks into typed Events for one consumer callback.
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <otf2/OTF2_GlobalEvtReaderCallbacks.h>

#include "trace/definitions.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::trace::detail {

struct EventContext {
  const TraceDefinitions& defs;
  const EventCallback& on_event;
  std::exception_ptr consumer_error;  // what on_event threw; the read was interrupted
  std::map<StringId, PeerCounts> peer_counts{};  // parsed PeerCounts strings, by String definition

  [[nodiscard]] std::int64_t to_ns(std::uint64_t ticks) const noexcept;
};

// Sets a callback for every record type Event can hold; returns the first failing OTF2 code.
[[nodiscard]] OTF2_ErrorCode set_event_callbacks(OTF2_GlobalEvtReaderCallbacks* callbacks);

}  // namespace mpisight::trace::detail
