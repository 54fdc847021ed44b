// The fast way to read events: decodes the event files directly (location_decoder.hpp) and merges them in OTF2's
// order, for archives the decoder fully understands (see TraceReader::Impl::direct_decoding_possible).
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "trace/detail/local_definitions.hpp"
#include "trace/detail/record_conversion.hpp"

namespace mpisight::trace::detail {

struct DirectLocation {
  LocationId id = 0;
  std::filesystem::path event_file;
  std::vector<ClockOffset> clock_offsets;
};

// Hands every converted record to `ctx` in OTF2's global order: least (corrected time, location id) first, file
// order within a location. Returns the records read, converted or not (OTF2's count). Throws DecodeError for a
// damaged file; what the consumer throws propagates.
[[nodiscard]] std::uint64_t read_events_directly(const std::vector<DirectLocation>& locations,
                                                 std::uint64_t chunk_bytes, EventContext& ctx);

}  // namespace mpisight::trace::detail
