// `use mpi` programs are traced: MPICH's Fortran bindings (mpi_send_ in libmpichfort.so) call the C MPI_Send
// through the dynamic linker, so libmpisight's exported wrappers see every call. Checked record by record.
#include <gtest/gtest.h>

#include "fortran_ring.hpp"

namespace mpisight::fortran_test {
namespace {

TEST(UseMpi, RingRunsUnchangedAndEveryCallIsRecorded) {
  constexpr int kRanks = 2;
  const NativeAndTraced runs = run_native_and_traced(MPISIGHT_RING_USE_MPI, kRanks);
  EXPECT_EQ(runs.native.exit_code, 0) << runs.native.err;
  EXPECT_EQ(runs.native.out, "ring_use_mpi: 2 ranks, 3 rounds, checksum 251448: OK\n");
  EXPECT_EQ(runs.traced.exit_code, runs.native.exit_code) << runs.traced.err;
  EXPECT_EQ(runs.traced.out, runs.native.out);
  EXPECT_NE(runs.traced.err.find("trace written to " + runs.archive.string()), std::string::npos) << runs.traced.err;
  ASSERT_TRUE(std::filesystem::exists(runs.archive));
  EXPECT_EQ(otf2_print_problems(runs.archive), "");

  const trace::Trace trace = trace::load_trace(runs.archive);
  expect_ring_messages(trace, kRanks);
  for (int r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto rank = static_cast<trace::WorldRank>(r);
    std::vector<std::string> expected = {"MPI_Init", "MPI_Comm_rank", "MPI_Comm_size"};
    const auto rounds = ring_round_calls(rank);
    expected.insert(expected.end(), rounds.begin(), rounds.end());
    expected.insert(expected.end(), {"MPI_Allreduce", "MPI_Barrier", "MPI_Finalize"});
    EXPECT_EQ(entered_regions(trace, rank), expected);

    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(trace.definitions.location_of(rank).value());
    ASSERT_EQ(ends.size(), 2U);
    expect_ring_allreduce(trace, ends[0], kRanks);
    EXPECT_EQ(ends[1].op, trace::CollectiveOp::kBarrier);
    EXPECT_EQ(ends[1].bytes_sent + ends[1].bytes_received, 0U);
  }
}

}  // namespace
}  // namespace mpisight::fortran_test
