// Reads an archive's global definitions into TraceDefinitions and derives who is which world rank.
#pragma once

#include <filesystem>
#include <otf2/OTF2_Reader.h>

#include "trace/definitions.hpp"
#include "trace/detail/otf2_errors.hpp"

namespace mpisight::trace::detail {

// Throws TraceError on a read error or a reference to a definition that does not exist.
[[nodiscard]] TraceDefinitions read_global_definitions(OTF2_Reader* reader, Otf2ErrorCapture& capture,
                                                       const std::filesystem::path& anchor);

}  // namespace mpisight::trace::detail
