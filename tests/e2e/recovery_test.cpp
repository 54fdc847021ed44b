// Runs that never reach MPI_Finalize still leave a trace: a rank killed by SIGKILL mid-loop, and a deadlock
// ended by a timeout. The recovered archive's last events show the call each rank was stuck in.
#include <signal.h>

#include <filesystem>
#include <gtest/gtest.h>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

trace::LocationId rank_location(const trace::Trace& trace, int rank) {
  return trace.definitions.location_of(static_cast<trace::WorldRank>(rank)).value();
}

std::string last_event_region(const trace::Trace& trace, int rank) {
  const auto& events = trace.events.at(rank_location(trace, rank));
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (const auto* enter = std::get_if<trace::Enter>(&*it)) {
      return "enter " + trace.definitions.region_name(enter->region);
    }
    if (const auto* leave = std::get_if<trace::Leave>(&*it)) {
      return "leave " + trace.definitions.region_name(leave->region);
    }
  }
  return "";
}

class Recovery : public ::testing::TestWithParam<int> {};

TEST_P(Recovery, RankKilledMidLoopLeavesRecoveredTrace) {
  const int ranks = GetParam();
  constexpr int kCrashRank = 1;  // odd: it dies right after its MPI_Recv of iteration 3
  const auto dir = fresh_trace_dir("crash-np" + std::to_string(ranks));
  const ProcessResult native = run_native(ranks, example_path("crash_midloop"));
  const ProcessResult traced = run_traced(dir, ranks, example_path("crash_midloop"));
  ASSERT_FALSE(traced.timed_out);
  EXPECT_NE(traced.exit_code, 0);
  EXPECT_EQ(traced.exit_code, native.exit_code) << "the tracer changed the exit status";
  EXPECT_NE(traced.err.find("recovering the trace"), std::string::npos) << traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");

  const trace::Trace trace = trace::load_trace(dir / "traces.otf2");
  ASSERT_EQ(trace.definitions.world_size(), static_cast<std::size_t>(ranks));
  expect_time_ordered(trace);
  // The killed rank was between calls: its last record closes the MPI_Recv of iteration 3.
  EXPECT_TRUE(open_regions_at_end(trace, rank_location(trace, kCrashRank)).empty());
  EXPECT_EQ(last_event_region(trace, kCrashRank), "leave MPI_Recv");
  const auto received = trace.events_of<trace::MpiRecv>(rank_location(trace, kCrashRank));
  ASSERT_FALSE(received.empty());
  EXPECT_EQ(received.back().tag, 3U);
  // Its right neighbour waits forever for the message rank 1 never sent.
  const int waiting = (kCrashRank + 1) % ranks;
  EXPECT_EQ(last_event_region(trace, waiting), "enter MPI_Recv");
  EXPECT_EQ(open_regions_at_end(trace, rank_location(trace, waiting)), std::vector<std::string>{"MPI_Recv"});
  for (int r = 0; r < ranks; ++r) {
    if (r != kCrashRank) {
      const auto open = open_regions_at_end(trace, rank_location(trace, r));
      ASSERT_EQ(open.size(), 1U) << "rank " << r;
      EXPECT_TRUE(open[0] == "MPI_Recv" || open[0] == "MPI_Send") << "rank " << r << " ended in " << open[0];
    }
  }
}

TEST_P(Recovery, DeadlockKilledByTimeoutShowsWhereEachRankHung) {
  const int ranks = GetParam();
  const auto dir = fresh_trace_dir("deadlock-np" + std::to_string(ranks));
  std::vector<std::string> argv = {MPISIGHT_MPI_TRACE,      "-o", dir.string(), "-n", std::to_string(ranks),
                                   example_path("deadlock")};
  // As `timeout 6 mpi-trace ...` would: SIGTERM to mpi-trace, which stops mpiexec and recovers.
  const ProcessResult stopped =
      run_process_signal_at_deadline(argv, std::chrono::seconds(6), SIGTERM, std::chrono::seconds(30));
  ASSERT_TRUE(stopped.timed_out);
  EXPECT_NE(stopped.err.find("trace written to"), std::string::npos) << stopped.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");

  auto check = [&](const trace::Trace& trace) {
    ASSERT_EQ(trace.definitions.world_size(), static_cast<std::size_t>(ranks));
    for (int r = 0; r < ranks; ++r) {
      const std::string expected = r < 2 ? "MPI_Recv" : "MPI_Barrier";
      EXPECT_EQ(open_regions_at_end(trace, rank_location(trace, r)), std::vector<std::string>{expected})
          << "rank " << r;
      EXPECT_EQ(last_event_region(trace, r), "enter " + expected) << "rank " << r;
    }
    // The two good rounds before the deadlock are complete on both sides.
    EXPECT_EQ(trace.events_of<trace::MpiSend>(rank_location(trace, 0)).size(), 2U);
    EXPECT_EQ(trace.events_of<trace::MpiRecv>(rank_location(trace, 1)).size(), 2U);
  };
  check(trace::load_trace(dir / "traces.otf2"));

  // The recover command rebuilds the same picture from the journals alone.
  for (const char* part : {"traces.otf2", "traces.def", "traces"}) {
    std::filesystem::remove_all(dir / part);
  }
  const ProcessResult recovered =
      run_process({MPISIGHT_MPI_TRACE, "--recover", dir.string()}, std::chrono::seconds(60));
  EXPECT_EQ(recovered.exit_code, 0) << recovered.err;
  check(trace::load_trace(dir / "traces.otf2"));
  const ProcessResult again = run_process({MPISIGHT_MPI_TRACE, "--recover", dir.string()}, std::chrono::seconds(60));
  EXPECT_NE(again.exit_code, 0) << "recovering over an existing trace must refuse";
  EXPECT_NE(again.err.find("already holds a trace"), std::string::npos) << again.err;
}

INSTANTIATE_TEST_SUITE_P(Ranks, Recovery, ::testing::Values(2, 4),
                         [](const auto& info) { return "np" + std::to_string(info.param); });

}  // namespace
}  // namespace mpisight::testkit
