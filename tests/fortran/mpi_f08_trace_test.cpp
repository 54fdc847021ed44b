// Pins down what the tracer sees of `mpi_f08` programs on MPICH 4.0.2 (README: Fortran), so a change is noticed:
// the routines with a choice buffer reach the C MPI_ functions and are traced, all others call PMPI_ and are not.
#include <gtest/gtest.h>

#include "fortran_ring.hpp"

namespace mpisight::fortran_test {
namespace {

constexpr int kRanks = 2;

// MPI_INIT and MPI_FINALIZE go through `use mpi`, so the tracer starts and the trace shows the mpi_f08 calls.
TEST(MpiF08, BufferCallsAreRecordedAndTheOthersBypassTheTracer) {
  const NativeAndTraced runs = run_native_and_traced(MPISIGHT_RING_F08_INSIDE_USE_MPI, kRanks);
  EXPECT_EQ(runs.native.exit_code, 0) << runs.native.err;
  EXPECT_EQ(runs.native.out, "ring_f08_inside_use_mpi: 2 ranks, 3 rounds, checksum 251448: OK\n");
  EXPECT_EQ(runs.traced.exit_code, runs.native.exit_code) << runs.traced.err;
  EXPECT_EQ(runs.traced.out, runs.native.out);
  ASSERT_TRUE(std::filesystem::exists(runs.archive)) << runs.traced.err;
  EXPECT_EQ(otf2_print_problems(runs.archive), "");

  const trace::Trace trace = trace::load_trace(runs.archive);
  // mpi_send_f08ts_, mpi_recv_f08ts_ and mpi_allreduce_f08ts_ call MPI_Send, MPI_Recv and MPI_Allreduce.
  expect_ring_messages(trace, kRanks);
  for (int r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto rank = static_cast<trace::WorldRank>(r);
    // mpi_comm_rank_f08_, mpi_comm_size_f08_ and mpi_barrier_f08_ call PMPI_ directly: no region, no record.
    std::vector<std::string> expected = {"MPI_Init"};
    const auto rounds = ring_round_calls(rank);
    expected.insert(expected.end(), rounds.begin(), rounds.end());
    expected.insert(expected.end(), {"MPI_Allreduce", "MPI_Finalize"});
    EXPECT_EQ(entered_regions(trace, rank), expected);

    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(trace.definitions.location_of(rank).value());
    ASSERT_EQ(ends.size(), 1U);
    expect_ring_allreduce(trace, ends[0], kRanks);
  }
}

// mpi_init_f08_ calls PMPI_Init, so no rank ever starts tracing and mpi-trace has nothing to convert; the program
// itself still runs unchanged.
TEST(MpiF08, PureProgramRunsUnchangedAndLeavesNoTrace) {
  const NativeAndTraced runs = run_native_and_traced(MPISIGHT_RING_MPI_F08, kRanks);
  EXPECT_EQ(runs.native.exit_code, 0) << runs.native.err;
  EXPECT_EQ(runs.native.out, "ring_mpi_f08: 2 ranks, 3 rounds, checksum 251448: OK\n");
  EXPECT_EQ(runs.traced.exit_code, runs.native.exit_code) << runs.traced.err;
  EXPECT_EQ(runs.traced.out, runs.native.out);
  EXPECT_FALSE(std::filesystem::exists(runs.archive)) << runs.traced.err;
  EXPECT_EQ(runs.traced.err.find("trace written to"), std::string::npos) << runs.traced.err;
}

}  // namespace
}  // namespace mpisight::fortran_test
