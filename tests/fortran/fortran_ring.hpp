// Runs this folder's Fortran rings natively and under mpi-trace, and checks the records their traces hold.
// Program and tool paths come from CMake (MPISIGHT_* definitions), so the tests run the build tree's tracer.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "subprocess.hpp"
#include "trace/load_trace.hpp"
#include "traced_run.hpp"

namespace mpisight::fortran_test {

using testkit::otf2_print_problems;

inline constexpr int kRounds = 3;  // ring_pattern.f90: `iterations`

struct NativeAndTraced {
  testkit::ProcessResult native;
  testkit::ProcessResult traced;
  std::filesystem::path archive;  // where mpi-trace was told to write traces.otf2
};

// Runs `program` with `ranks` ranks under plain mpiexec, then under mpi-trace into a fresh directory.
[[nodiscard]] NativeAndTraced run_native_and_traced(const std::string& program, int ranks);

// The regions `rank` entered, in order: for these programs, the MPI calls that reached the tracer.
[[nodiscard]] std::vector<std::string> entered_regions(const trace::Trace& trace, trace::WorldRank rank);

// The MPI calls of one ring rank after MPI_Init's rank/size queries: three rounds in the rank's even/odd order.
[[nodiscard]] std::vector<std::string> ring_round_calls(trace::WorldRank rank);

// Every rank's MpiSend/MpiRecv records: one per round, to the right and from the left neighbour, tag = round,
// 4 * round MPI_INTEGERs, on MPI_COMM_WORLD.
void expect_ring_messages(const trace::Trace& trace, int ranks);

// The ring's one MPI_Allreduce of two MPI_INTEGERs on MPI_COMM_WORLD, as Score-P counts its bytes.
void expect_ring_allreduce(const trace::Trace& trace, const trace::MpiCollectiveEnd& end, int ranks);

}  // namespace mpisight::fortran_test
