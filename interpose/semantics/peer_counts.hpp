// The per-peer counts of the v and w collectives as PeerCounts journal records (schema kSendCounts/kRecvCounts):
// written straight into the thread's journal just before the event they describe, without allocating.
#pragma once

#include <cstdint>
#include <cstring>
#include <mpi.h>

#include "core/journal_format.hpp"
#include "core/recorder.hpp"
#include "schema/attributes.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose::coll {

// One side's counts array as the call gave it: int counts, or MPI_Count ones for the _c forms; one datatype for
// every peer, or one per peer (Alltoallw). Empty (n == 0) when the side has none to record.
struct PeerCountsView {
  const int* counts = nullptr;
  const MPI_Count* large_counts = nullptr;
  const MPI_Datatype* types = nullptr;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  int n = 0;

  [[nodiscard]] MPI_Count at(int i) const noexcept { return counts != nullptr ? counts[i] : large_counts[i]; }
  [[nodiscard]] bool recordable() const noexcept {
    return n > 0 && static_cast<std::uint32_t>(n) <= journal::kMaxPeerCounts &&
           (counts != nullptr || large_counts != nullptr);
  }
};

inline PeerCountsView peer_counts(const int* counts, int n, MPI_Datatype type) {
  return {.counts = counts, .type = type, .n = n};
}
inline PeerCountsView peer_counts(const MPI_Count* counts, int n, MPI_Datatype type) {
  return {.large_counts = counts, .type = type, .n = n};
}
inline PeerCountsView peer_counts(const int* counts, int n, const MPI_Datatype* types) {
  return {.counts = counts, .types = types, .n = types != nullptr ? n : 0};
}
inline PeerCountsView peer_counts(const MPI_Count* counts, int n, const MPI_Datatype* types) {
  return {.large_counts = counts, .types = types, .n = types != nullptr ? n : 0};
}

// Writes one PeerCounts record for the next event record of this thread; nothing when the side is empty, has more
// than journal::kMaxPeerCounts peers, or the journal has no room.
inline void record_peer_counts(schema::Attribute side, const PeerCountsView& view) noexcept {
  if (!view.recordable()) {
    return;
  }
  const auto entries = static_cast<std::size_t>(view.n);
  const bool typed = view.types != nullptr;
  const std::size_t bytes = sizeof(journal::PeerCounts) + entries * sizeof(std::uint64_t) * (typed ? 2 : 1);
  recorder::ThreadState& state = recorder::this_thread();
  std::byte* at = recorder::reserve(state, bytes);
  if (at == nullptr) {
    return;
  }
  // The space is zero-filled: write the body, then commit the header word last.
  const journal::PeerCounts head{
      {.ticks = state.last_ticks}, static_cast<std::uint32_t>(entries), typed ? std::uint32_t{1} : 0};
  std::memcpy(at + 8, reinterpret_cast<const std::byte*>(&head) + 8, sizeof(head) - 8);
  std::byte* body = at + sizeof(head);
  const TypeShape one = typed ? TypeShape{} : type_shape(view.type);
  for (std::size_t i = 0; i < entries; ++i) {
    const TypeShape shape = typed ? type_shape(view.types[i]) : one;
    const std::uint64_t count = elements(view.at(static_cast<int>(i)), shape);
    std::memcpy(body + i * 8, &count, 8);
    if (typed) {
      std::memcpy(body + (entries + i) * 8, &shape.signature, 8);
    }
  }
  journal::commit_head(at, journal::Kind::kPeerCounts, static_cast<std::uint16_t>(bytes / 8),
                       static_cast<std::uint32_t>(side));
}

}  // namespace mpisight::interpose::coll
