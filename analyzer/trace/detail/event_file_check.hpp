// Names the damaged event file after OTF2's merged reader failed: that reader does not say which location it was
// reading, so each location is re-read alone.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "trace/definitions.hpp"

namespace mpisight::trace::detail {

// After OTF2 failed on the merged stream of `locations`: re-reads each alone with a fresh reader and names the
// first one that fails or comes up short. Nothing if every location reads fine.
[[nodiscard]] std::optional<std::string> find_damaged_event_file(const std::filesystem::path& anchor,
                                                                 const TraceDefinitions& defs,
                                                                 std::span<const LocationId> locations);

}  // namespace mpisight::trace::detail
