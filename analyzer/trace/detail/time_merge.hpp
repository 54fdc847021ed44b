// Merges per-location record streams into OTF2's global order: least (time, location) first, stream order within a
// location. The key is a total order over the heads (one per location), so the result is OTF2's whatever the shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "trace/detail/record.hpp"

namespace mpisight::trace::detail {

// The merge key of a record: OTF2 breaks equal times by the lower location.
[[nodiscard]] inline bool merges_before(const Record& x, const Record& y) noexcept {
  return x.time < y.time || (x.time == y.time && x.location < y.location);
}

// A binary min-heap of streams by their current record's key.
template <class Stream>
void sift_down(std::vector<Stream*>& heap, std::size_t node) noexcept {
  const std::size_t n = heap.size();
  for (;;) {
    std::size_t least = node;
    const std::size_t left = 2 * node + 1;
    if (left < n && merges_before(heap[left]->record(), heap[least]->record())) {
      least = left;
    }
    if (left + 1 < n && merges_before(heap[left + 1]->record(), heap[least]->record())) {
      least = left + 1;
    }
    if (least == node) {
      return;
    }
    std::swap(heap[node], heap[least]);
    node = least;
  }
}

// Hands `emit` each stream at each of its records, in global order; a Stream has `const Record& record()` and
// `bool next()` (false at its end). `streams`: those with a current record. Traces interleave their locations in
// runs (a rank records a call's several events before the next rank's), so the stream in front keeps emitting
// while it stays before the runner-up, compared against a copy of the runner-up's key, and only a change of the
// front stream touches the heap.
template <class Stream, class Emit>
void merge_in_time_order(std::vector<Stream*> streams, Emit&& emit) {
  std::vector<Stream*>& heap = streams;
  for (std::size_t i = heap.size(); i-- > 0;) {
    sift_down(heap, i);
  }
  while (!heap.empty()) {
    Stream& front = *heap.front();
    bool more = true;
    if (heap.size() == 1) {
      do {
        emit(std::as_const(front));
      } while (front.next());
      return;
    }
    // The runner-up is the lesser child of the root.
    const Record& second =
        heap.size() > 2 && merges_before(heap[2]->record(), heap[1]->record()) ? heap[2]->record() : heap[1]->record();
    const std::uint64_t until_time = second.time;
    // Equal times: the front may go on only if its location is the lower one (locations differ between streams).
    const bool ties_go_first = front.record().location < second.location;
    for (;;) {
      emit(std::as_const(front));
      more = front.next();
      if (!more) {
        break;
      }
      const std::uint64_t time = front.record().time;
      if (time > until_time || (time == until_time && !ties_go_first)) {
        break;
      }
    }
    if (!more) {
      heap.front() = heap.back();
      heap.pop_back();
    }
    sift_down(heap, 0);
  }
}

}  // namespace mpisight::trace::detail
