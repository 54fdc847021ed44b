// A receive MPI cut short (MPI_ERR_TRUNCATE) still matched its message, so it is recorded like a completed one,
// with the error and the bytes its buffer could hold: MPICH's status then says 0 bytes arrived.
#pragma once

#include <cstdint>
#include <mpi.h>
#include <optional>

#include "call_scope.hpp"

namespace mpisight::interpose {

// Whether `error` (a return code or a status's MPI_ERROR) is of class MPI_ERR_TRUNCATE. Off the hot path: only
// failed calls ask.
[[nodiscard]] inline bool is_truncation(int error) noexcept {
  int error_class = MPI_SUCCESS;
  return error != MPI_SUCCESS && PMPI_Error_class(error, &error_class) == MPI_SUCCESS &&
         error_class == MPI_ERR_TRUNCATE;
}

// Attaches the receive buffer's size in bytes (when known, non-zero) to the receive record this call writes next.
inline void attach_capacity(CallScope& scope, std::uint64_t capacity_bytes) noexcept {
  if (capacity_bytes != 0) {
    scope.attach_at_leave(schema::Attribute::kRecvCapacity, capacity_bytes);
  }
}

// The status to record for a receive cut short: MPICH leaves its count undefined, so it says `capacity_bytes`
// arrived, the most MPI may have written. A copy: the program's status stays as MPI left it.
[[nodiscard]] inline MPI_Status truncated_status(const MPI_Status& status, std::uint64_t capacity_bytes) noexcept {
  MPI_Status copy = status;
  PMPI_Status_set_elements_x(&copy, MPI_BYTE, static_cast<MPI_Count>(capacity_bytes));
  return copy;
}

// For blocking receives: if `result` is a truncation, attaches it and the capacity and returns the status to
// record.
[[nodiscard]] inline std::optional<MPI_Status> note_truncation(CallScope& scope, int result, const MPI_Status& status,
                                                               std::uint64_t capacity_bytes) noexcept {
  if (!is_truncation(result)) {
    return std::nullopt;
  }
  scope.attach_at_leave(schema::Attribute::kStatusError, static_cast<std::uint64_t>(std::int64_t{result}));
  attach_capacity(scope, capacity_bytes);
  return truncated_status(status, capacity_bytes);
}

}  // namespace mpisight::interpose
