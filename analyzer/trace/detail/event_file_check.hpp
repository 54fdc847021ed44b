// Names the damaged event file after the merged read failed or came up short: the global reader cannot say
// which location it was reading, so each location is re-read alone with a fresh reader.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "trace/definitions.hpp"

namespace mpisight::trace::detail {

// A reason like "truncated event file for location 3: 2 of 4 events", or nothing if every location reads fine.
[[nodiscard]] std::optional<std::string> find_damaged_event_file(const std::filesystem::path& anchor,
                                                                 const TraceDefinitions& defs);

}  // namespace mpisight::trace::detail
