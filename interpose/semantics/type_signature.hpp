// Type signatures and element counts of datatypes (runtime/schema/attributes.hpp): builtins are read from the
// handle, derived types are computed once at MPI_Type_commit and looked up lock-free on the hot path.
// Other families attach them with type_shape(datatype) and elements(count, shape).
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <mpi.h>

#include "call_scope.hpp"
#include "schema/attributes.hpp"

namespace mpisight::interpose {

// What a record needs about a datatype: its signature and how many schema elements one item of it counts.
struct TypeShape {
  std::uint64_t signature = schema::kUnknownSignature;
  std::uint64_t elements_per_item = 1;  // basic elements per item (homogeneous), else 1
  std::uint64_t bytes_per_element = 0;  // to count received elements from received bytes; 0 when unknown
  // Where one item lies in memory (semantics/buffer_range.hpp): true lower bound, extent and true extent in bytes.
  // A true extent of 0 means unknown (or an empty type): no buffer range is recorded.
  std::int64_t true_lb = 0;
  std::int64_t extent = 0;
  std::int64_t true_extent = 0;
};

namespace shape_cache {

// Committed derived datatypes by handle. Open addressing; a slot is claimed with a CAS and published with a
// release store of its key, so lookups never lock.
class TypeShapeTable {
 public:
  void store(MPI_Datatype type, const TypeShape& shape) noexcept;
  [[nodiscard]] TypeShape find(MPI_Datatype type) const noexcept {
    const auto key = static_cast<std::uint32_t>(type);
    const std::size_t start = home(key);
    for (std::size_t probe = 0; probe < kSlots; ++probe) {
      const Slot& slot = slots_[(start + probe) & (kSlots - 1)];
      const std::uint32_t seen = slot.key.load(std::memory_order_acquire);
      if (seen == key) {
        return slot.shape;
      }
      if (seen == kEmpty) {
        break;
      }
    }
    return {};
  }

 private:
  static constexpr std::size_t kSlots = 1U << 12U;  // committed types alive at once; more stay unknown
  static constexpr std::uint32_t kEmpty = 0;        // never an MPICH datatype handle
  static constexpr std::uint32_t kFilling = 0xffffffffU;
  [[nodiscard]] static std::size_t home(std::uint32_t key) noexcept { return (key * 0x9E3779B1U) >> (32U - 12U); }

  struct Slot {
    std::atomic<std::uint32_t> key{kEmpty};
    TypeShape shape;
  };
  Slot slots_[kSlots];
};

[[nodiscard]] TypeShapeTable& type_shapes() noexcept;

}  // namespace shape_cache

// MPICH builtin handles have kind 01 in bits 30-31 and their size in bits 8-15 (see mpi_values.hpp).
[[nodiscard, gnu::always_inline]] inline TypeShape type_shape(MPI_Datatype type) noexcept {
  const auto handle = static_cast<std::uint32_t>(type);
  if ((handle >> 30U) == 1U) [[likely]] {
    const std::uint64_t size = (handle >> 8U) & 0xffU;
    const auto bytes = static_cast<std::int64_t>(size);
    return {handle, 1, size, 0, bytes, bytes};
  }
  return shape_cache::type_shapes().find(type);
}

// The signature alone, for families that attach it with journal::Attribute.
[[nodiscard]] inline std::uint64_t type_signature(MPI_Datatype type) noexcept {
  return type_shape(type).signature;
}

// Elements counted by `count` items of a type (schema: basic elements if homogeneous, else items).
[[nodiscard, gnu::always_inline]] inline std::uint64_t elements(MPI_Count count, const TypeShape& shape) noexcept {
  return count <= 0 ? 0 : static_cast<std::uint64_t>(count) * shape.elements_per_item;
}

// Elements that `bytes` received bytes make up. Element sizes are nearly always powers of two: a shift keeps a
// 64-bit division (tens of cycles) off every traced receive.
[[nodiscard, gnu::always_inline]] inline std::uint64_t received_elements(std::uint64_t bytes,
                                                                         const TypeShape& shape) noexcept {
  const std::uint64_t size = shape.bytes_per_element;
  if (std::has_single_bit(size)) [[likely]] {
    return bytes >> std::countr_zero(size);
  }
  return size == 0 ? 0 : bytes / size;
}

// Computes a datatype's shape from its type map (PMPI_Type_get_envelope/contents, recursively): slow, for commit.
[[nodiscard]] TypeShape compute_type_shape(MPI_Datatype type) noexcept;

// The predefined types MPICH does not encode as builtins (MPI_DOUBLE_INT and the other pair types): at MPI_Init.
void remember_predefined_types() noexcept;

template <>
struct Semantics<Fn::MPI_Type_commit> {
  static int call(CallScope& scope, decltype(&PMPI_Type_commit) pmpi, MPI_Datatype* datatype);
};

}  // namespace mpisight::interpose
