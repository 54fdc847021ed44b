// Small translations from MPI arguments to what records carry: communicator ids and byte counts.
#pragma once

#include <cstdint>
#include <mpi.h>

#include "core/journal_format.hpp"

namespace mpisight::interpose {

// Predefined communicators only, for now; communicators the program creates come with the comm family.
[[nodiscard]] inline std::uint32_t comm_id(MPI_Comm comm) noexcept {
  if (comm == MPI_COMM_WORLD) {
    return journal::kCommWorld;
  }
  if (comm == MPI_COMM_SELF) {
    return journal::kCommSelf;
  }
  return journal::kCommUnknown;
}

[[nodiscard]] inline std::uint64_t bytes_of(MPI_Count count, MPI_Datatype type) noexcept {
  MPI_Count size = 0;
  if (count <= 0 || PMPI_Type_size_c(type, &size) != MPI_SUCCESS || size <= 0) {
    return 0;
  }
  return static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(size);
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

// Bytes actually received, from a completed receive's status.
[[nodiscard]] inline std::uint64_t received_bytes(const MPI_Status& status) noexcept {
  MPI_Count count = 0;
  if (PMPI_Get_count_c(&status, MPI_BYTE, &count) != MPI_SUCCESS || count == MPI_UNDEFINED) {
    return 0;
  }
  return static_cast<std::uint64_t>(count);
}

}  // namespace mpisight::interpose
