// Small translations from MPI arguments to what records carry: communicator ids and byte counts.
#pragma once

#include <cstdint>
#include <mpi.h>

#include "core/journal_format.hpp"
#include "semantics/comm_table.hpp"

namespace mpisight::interpose {

// The id this rank's records give `comm`: fixed for the predefined ones, looked up for those the program
// created (semantics/comms.hpp); kCommUnknown for handles never seen created (made inside MPI, or too many).
[[nodiscard, gnu::always_inline]] inline std::uint32_t comm_id(MPI_Comm comm) noexcept {
  if (comm == MPI_COMM_WORLD) [[likely]] {
    return journal::kCommWorld;
  }
  if (comm == MPI_COMM_SELF) {
    return journal::kCommSelf;
  }
  return comm_table().local_id(comm);
}

// MPICH encodes a builtin datatype's size in its handle (kind 01 in bits 30-31, size in bits 8-15); reading it
// there keeps a PMPI call off every traced send. Derived types ask MPI. tests/interpose checks every builtin.
[[nodiscard]] inline std::uint64_t type_size(MPI_Datatype type) noexcept {
  const auto handle = static_cast<std::uint32_t>(type);
  if ((handle >> 30U) == 1U) {
    return (handle >> 8U) & 0xffU;
  }
  MPI_Count size = 0;
  return PMPI_Type_size_c(type, &size) == MPI_SUCCESS && size > 0 ? static_cast<std::uint64_t>(size) : 0;
}

[[nodiscard]] inline std::uint64_t bytes_of(MPI_Count count, MPI_Datatype type) noexcept {
  return count <= 0 ? 0 : static_cast<std::uint64_t>(count) * type_size(type);
}

[[nodiscard]] inline int comm_size(MPI_Comm comm) noexcept {
  int size = 0;
  PMPI_Comm_size(comm, &size);
  return size;
}

[[nodiscard]] inline int comm_rank(MPI_Comm comm) noexcept {
  int rank = 0;
  PMPI_Comm_rank(comm, &rank);
  return rank;
}

// The raw handle value records carry (MPICH handles are ints; their top bits are set, so no sign extension).
[[nodiscard]] inline std::uint64_t request_handle_value(MPI_Request handle) noexcept {
  return static_cast<std::uint32_t>(handle);
}

// Bytes actually received, from a completed receive's status: MPICH keeps the byte count in count_lo and the
// upper bits of count_hi_and_cancelled (whose lowest bit is the cancelled flag).
[[nodiscard]] inline std::uint64_t received_bytes(const MPI_Status& status) noexcept {
  const auto low = static_cast<std::uint32_t>(status.count_lo);
  const auto high = static_cast<std::uint64_t>(static_cast<std::uint32_t>(status.count_hi_and_cancelled) >> 1U);
  return (high << 32U) | low;
}

}  // namespace mpisight::interpose
