// A binary min-heap of location decoders keyed by (time, location id). The key is a total order over the heads
// (one per location), so the merged sequence is the same as OTF2's global reader's, whatever the heap's shape.
#include "trace/detail/direct_event_reader.hpp"

#include <memory>

#include "trace/detail/location_decoder.hpp"

namespace mpisight::trace::detail {
namespace {

bool before(const LocationDecoder& a, const LocationDecoder& b) noexcept {
  const Record& x = a.record();
  const Record& y = b.record();
  return x.time < y.time || (x.time == y.time && x.location < y.location);
}

void sift_down(std::vector<LocationDecoder*>& heap, std::size_t node) noexcept {
  const std::size_t n = heap.size();
  for (;;) {
    std::size_t least = node;
    const std::size_t left = 2 * node + 1;
    if (left < n && before(*heap[left], *heap[least])) {
      least = left;
    }
    if (left + 1 < n && before(*heap[left + 1], *heap[least])) {
      least = left + 1;
    }
    if (least == node) {
      return;
    }
    std::swap(heap[node], heap[least]);
    node = least;
  }
}

}  // namespace

std::uint64_t read_events_directly(const std::vector<DirectLocation>& locations, std::uint64_t chunk_bytes,
                                   EventContext& ctx) {
  std::vector<std::unique_ptr<LocationDecoder>> decoders;
  std::vector<LocationDecoder*> heap;
  for (const DirectLocation& location : locations) {
    decoders.push_back(std::make_unique<LocationDecoder>(location.event_file, location.id, chunk_bytes,
                                                         ClockCorrection(location.clock_offsets), ctx));
    if (decoders.back()->next()) {
      heap.push_back(decoders.back().get());
    }
  }
  for (std::size_t i = heap.size(); i-- > 0;) {
    sift_down(heap, i);
  }
  std::uint64_t records = 0;
  while (!heap.empty()) {
    LocationDecoder& top = *heap.front();
    ++records;
    if (top.record().kind != RecordKind::kCount) {
      ctx.convert(top.record(), top.attributes());
    }
    if (!top.next()) {
      heap.front() = heap.back();
      heap.pop_back();
    }
    sift_down(heap, 0);
  }
  return records;
}

}  // namespace mpisight::trace::detail
