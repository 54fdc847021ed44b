// The MPI-IO event callbacks (io_events.hpp), kept apart from the MPI and RMA ones of event_callbacks.cpp.
#pragma once

#include <cstddef>
#include <otf2/OTF2_GlobalEvtReaderCallbacks.h>

namespace mpisight::trace::detail {

// How many Event alternatives set_io_event_callbacks serves (one callback each).
inline constexpr std::size_t kIoEventTypes = 8;

// Sets a callback for every I/O record (user data: an EventContext); returns the first failing OTF2 code.
[[nodiscard]] OTF2_ErrorCode set_io_event_callbacks(OTF2_GlobalEvtReaderCallbacks* callbacks);

}  // namespace mpisight::trace::detail
