// Decodes every location's event file (location_decoder.hpp) and merges the records (time_merge.hpp).
#include "trace/detail/direct_event_reader.hpp"

#include <memory>
#include <utility>

#include "trace/detail/location_decoder.hpp"
#include "trace/detail/time_merge.hpp"

namespace mpisight::trace::detail {

std::uint64_t read_events_directly(const std::vector<DirectLocation>& locations, std::uint64_t chunk_bytes,
                                   EventContext& ctx) {
  std::vector<std::unique_ptr<LocationDecoder>> decoders;
  std::vector<LocationDecoder*> streams;
  for (const DirectLocation& location : locations) {
    decoders.push_back(std::make_unique<LocationDecoder>(location.event_file, location.id, chunk_bytes,
                                                         ClockCorrection(location.clock_offsets), ctx));
    if (decoders.back()->next()) {
      streams.push_back(decoders.back().get());
    }
  }
  std::uint64_t records = 0;
  merge_in_time_order(std::move(streams), [&](const LocationDecoder& decoder) {
    ++records;
    if (decoder.record().kind != RecordKind::kCount) {
      ctx.convert(decoder.record(), decoder.attributes());
    }
  });
  return records;
}

}  // namespace mpisight::trace::detail
