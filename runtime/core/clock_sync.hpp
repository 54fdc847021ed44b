// Measures each rank's clock offset to rank 0 by PMPI ping-pong, keeping the round trip with the least
// delay, and records it so the converter can write OTF2 clock offsets.
#pragma once

#include <mpi.h>

namespace mpisight::clock {

// Collective over `comm`; every rank records one ClockOffset into its journal.
void synchronize(MPI_Comm comm) noexcept;

}  // namespace mpisight::clock
