// Turns OTF2's global event callbacks into typed Events for one consumer callback.
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <otf2/OTF2_GlobalEvtReaderCallbacks.h>

#include "schema/attributes.hpp"
#include "trace/definitions.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::trace::detail {

struct EventContext {
  const TraceDefinitions& defs;
  const EventCallback& on_event;
  std::exception_ptr consumer_error;             // what on_event threw; the read was interrupted
  std::map<StringId, PeerCounts> peer_counts{};  // parsed PeerCounts strings, by String definition

  [[nodiscard]] std::int64_t to_ns(std::uint64_t ticks) const noexcept;
};

// Hands `event` to the consumer; an exception it throws is parked in `ctx` and interrupts the read.
[[nodiscard]] OTF2_CallbackCode deliver_event(EventContext& ctx, Event&& event);

// One schema attribute of an event's attribute list as a 64-bit word, if present.
[[nodiscard]] std::optional<std::uint64_t> schema_word(const EventContext& ctx, const OTF2_AttributeList* attributes,
                                                       schema::Attribute attribute);

// Sets a callback for every record type Event can hold (the I/O ones through io_event_callbacks.hpp); returns the first
// failing OTF2 code.
[[nodiscard]] OTF2_ErrorCode set_event_callbacks(OTF2_GlobalEvtReaderCallbacks* callbacks);

}  // namespace mpisight::trace::detail
