// A location's local definitions as far as the event readers care: the clock offsets OTF2 corrects timestamps
// with, and whether it maps local ids (mapping tables), which only the OTF2 library path reproduces.
#pragma once

#include <otf2/OTF2_Reader.h>
#include <vector>

#include "trace/detail/clock_correction.hpp"

namespace mpisight::trace::detail {

struct LocalDefinitions {
  std::vector<ClockOffset> clock_offsets;
  bool mapping_tables = false;
};

// Reads all local definitions of `def_reader` into `out` (OTF2 also keeps them for its own event readers);
// returns OTF2's code.
[[nodiscard]] OTF2_ErrorCode read_local_definitions(OTF2_Reader* reader, OTF2_DefReader* def_reader,
                                                    LocalDefinitions& out);

}  // namespace mpisight::trace::detail
