// The MPI-IO definitions (files and handles) of the global definitions, read into Collector::defs.
#pragma once

#include <otf2/OTF2_GlobalDefReaderCallbacks.h>

namespace mpisight::trace::detail {

// Sets the IoRegularFile, IoDirectory and IoHandle callbacks (user data: a Collector); returns the first failing
// OTF2 code.
[[nodiscard]] OTF2_ErrorCode set_io_definition_callbacks(OTF2_GlobalDefReaderCallbacks* callbacks);

}  // namespace mpisight::trace::detail
