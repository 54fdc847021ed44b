// What the tracer knows about each wrapped MPI function: its name, family and region role.
// The table itself is generated from the MPI headers (interpose/generate_wrappers.py).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mpisight {

// The call families that get hand-written meaning; everything else is kOther.
enum class Family : std::uint8_t {
  kEnvironment,  // init, finalize, abort, queries about the library
  kP2p,
  kCollective,
  kRequest,  // wait/test/start/cancel/free on requests
  kComm,     // communicators, groups, topologies
  kRma,
  kIo,
  kDatatype,
  kTools,  // MPI_T
  kOther,
};

// Mirrors OTF2_RegionRole values used for MPI regions, kept OTF2-free so the table needs no OTF2 headers.
enum class RegionRole : std::uint8_t {
  kFunction,
  kPoint2Point,
  kCollOne2All,
  kCollAll2One,
  kCollAll2All,
  kCollOther,
  kBarrier,
  kRma,
  kFileIo,
  kFileIoMetadata,
  kAllocate,    // MPI_Alloc_mem, as Score-P
  kDeallocate,  // MPI_Free_mem
};

struct FunctionInfo {
  std::string_view name;
  Family family;
  RegionRole role;
};

// Indexed by the generated `Fn` enumerators (function_ids.hpp), in header order.
[[nodiscard]] std::span<const FunctionInfo> function_table() noexcept;

[[nodiscard]] std::string_view family_name(Family family) noexcept;

// The id of the function named exactly `name` (an index into function_table()), if it is wrapped.
[[nodiscard]] std::optional<std::size_t> function_index(std::string_view name) noexcept;

}  // namespace mpisight
