// Gives every communicator the program creates one global key, agreed by its members when it is created, and
// logs its definition (key, parent, members as world ranks, name) to this rank's communicator log.
#pragma once

#include <mpi.h>
#include <string>

namespace mpisight::interpose::comms {

// At MPI_Init: starts this rank's (empty) log, so a trace directory reused by another run holds no stale one.
void open_log(int world_rank) noexcept;
[[nodiscard]] std::string log_path();

// After a blocking creation succeeded on this rank. Collective over `created` (unless it is MPI_COMM_NULL):
// every member calls it right after the same creation call.
void on_created(MPI_Comm parent, MPI_Comm created) noexcept;
// After MPI_Comm_idup(_with_info): no communication; the key follows from the parent's and the call's order.
void on_idup(MPI_Comm parent, MPI_Comm created) noexcept;
void on_freed(MPI_Comm handle) noexcept;
void on_named(MPI_Comm handle, const char* name) noexcept;

}  // namespace mpisight::interpose::comms
