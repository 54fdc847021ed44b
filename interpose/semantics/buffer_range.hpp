// The user memory a call hands to MPI (schema: kSendBufferBegin/End, kRecvBufferBegin/End): `count` items of a
// datatype at an address span [address + true_lb, address + true_lb + (count - 1) * extent + true_extent).
// Computed from the cached TypeShape, so the hot path adds a multiply and no MPI call.
#pragma once

#include <cstdint>
#include <mpi.h>

#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

// An absolute byte range; begin == end means none (MPI_IN_PLACE, zero bytes, or a layout the tracer does not know).
struct BufferRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  [[nodiscard]] bool empty() const noexcept { return begin == end; }
};

[[nodiscard, gnu::always_inline]] inline BufferRange buffer_range(std::uint64_t address, MPI_Count count,
                                                                  const TypeShape& shape) noexcept {
  if (count <= 0 || shape.true_extent <= 0) {
    return {};
  }
  const std::uint64_t begin = address + static_cast<std::uint64_t>(shape.true_lb);
  return {begin, begin + static_cast<std::uint64_t>((count - 1) * shape.extent + shape.true_extent)};
}

[[nodiscard, gnu::always_inline]] inline BufferRange buffer_range(const void* address, MPI_Count count,
                                                                  const TypeShape& shape) noexcept {
  if (address == MPI_IN_PLACE) {
    return {};
  }
  return buffer_range(reinterpret_cast<std::uintptr_t>(address), count, shape);
}

[[nodiscard]] inline BufferRange buffer_range(const void* address, MPI_Count count, MPI_Datatype type) noexcept {
  return buffer_range(address, count, type_shape(type));
}

// The smallest range holding both (blocks of a v-collective).
[[nodiscard]] inline BufferRange hull(BufferRange a, BufferRange b) noexcept {
  if (a.empty()) {
    return b;
  }
  if (b.empty()) {
    return a;
  }
  return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
}

// Blocks of `counts[i]` items at `displacements[i]` (in units of `unit` bytes) from `address`: their hull.
template <class Count, class Displacement>
[[nodiscard]] BufferRange blocks_range(const void* address, const Count* counts, const Displacement* displacements,
                                       int n, const TypeShape& shape, std::int64_t unit) noexcept {
  if (address == MPI_IN_PLACE || counts == nullptr || displacements == nullptr) {
    return {};
  }
  BufferRange all;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t block =
        reinterpret_cast<std::uintptr_t>(address) + static_cast<std::uint64_t>(displacements[i] * unit);
    all = hull(all, buffer_range(block, counts[i], shape));
  }
  return all;
}

// The address of the program's MPI_Request variable (schema: kRequestSlot).
[[nodiscard]] inline std::uint64_t request_slot(const MPI_Request* request) noexcept {
  return reinterpret_cast<std::uintptr_t>(request);
}

}  // namespace mpisight::interpose
