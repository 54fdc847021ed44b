// The OTF2 library's way to read events: one global-reader callback per record type, each handing the record's
// fields and attributes to the shared conversion (record_conversion.hpp).
#pragma once

#include <exception>
#include <otf2/OTF2_GlobalEvtReaderCallbacks.h>

#include "trace/detail/record_conversion.hpp"

namespace mpisight::trace::detail {

struct LibraryReadContext {
  EventContext& events;
  std::exception_ptr consumer_error{};  // what the consumer threw; the read was interrupted
};

// Sets a callback for every record kind (user data: a LibraryReadContext); returns the first failing OTF2 code.
[[nodiscard]] OTF2_ErrorCode set_event_callbacks(OTF2_GlobalEvtReaderCallbacks* callbacks);

}  // namespace mpisight::trace::detail
