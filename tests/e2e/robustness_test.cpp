// The tracer under conditions real runs meet: threads calling MPI, a trace directory that cannot be written,
// a journal that reaches its size limit, and mistakes on mpi-trace's command line.
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

TEST(Robustness, EveryThreadIsItsOwnLocationWithItsOwnMessages) {
  constexpr int kRanks = 2;
  constexpr int kThreads = 3;
  constexpr std::size_t kRounds = 4;
  const trace::Trace trace = trace_program("threaded", kRanks, MPISIGHT_THREADED_PROGRAM, "threaded: OK\n").trace;
  for (int rank = 0; rank < kRanks; ++rank) {
    std::vector<trace::LocationId> locations;
    for (const auto& [id, location] : trace.definitions.locations) {
      if (location.world_rank == static_cast<trace::WorldRank>(rank)) {
        locations.push_back(id);
      }
    }
    ASSERT_EQ(locations.size(), static_cast<std::size_t>(kThreads + 1)) << "rank " << rank;
    std::set<std::uint32_t> tags_seen;
    for (const trace::LocationId location : locations) {
      const auto isends = trace.events_of<trace::MpiIsend>(location);
      if (location == trace.definitions.location_of(static_cast<trace::WorldRank>(rank))) {
        EXPECT_TRUE(isends.empty()) << "the main thread only initialises and reduces";
        continue;
      }
      // Each worker thread sends on its own tag, and completes each of its requests itself.
      ASSERT_EQ(isends.size(), kRounds);
      const std::uint32_t tag = isends.front().tag;
      EXPECT_TRUE(tags_seen.insert(tag).second);
      for (const auto& isend : isends) {
        EXPECT_EQ(isend.tag, tag);
        EXPECT_EQ(isend.bytes, 4U);
        EXPECT_EQ(isend.peer_world_rank, static_cast<trace::WorldRank>((rank + 1) % kRanks));
      }
      EXPECT_EQ(trace.events_of<trace::MpiIsendComplete>(location).size(), kRounds);
      // MPI_Recv of the Isend's message (tag 100 + thread) and MPI_Sendrecv's own exchange (tag = thread).
      const auto recvs = trace.events_of<trace::MpiRecv>(location);
      ASSERT_EQ(recvs.size(), 2 * kRounds);
      for (std::size_t i = 0; i < recvs.size(); ++i) {
        EXPECT_EQ(recvs[i].tag, i % 2 == 0 ? tag - 100 : tag);
        EXPECT_EQ(recvs[i].peer_world_rank, static_cast<trace::WorldRank>((rank + kRanks - 1) % kRanks));
      }
      const auto sends = trace.events_of<trace::MpiSend>(location);
      ASSERT_EQ(sends.size(), kRounds);
      EXPECT_EQ(sends.front().tag, tag - 100);
    }
    EXPECT_EQ(tags_seen, (std::set<std::uint32_t>{100, 101, 102}));
  }
  EXPECT_EQ(expect_messages_matched(trace), static_cast<std::size_t>(kRanks * kThreads) * kRounds * 2);
}

TEST(Robustness, UnwritableTraceDirectoryStopsTracingWithOneWarning) {
  const ProcessResult native = run_native(2, example_path("ring"));
  // Even root cannot create a directory below a character device.
  const ProcessResult traced = run_process({MPISIGHT_MPIEXEC, "-n", "2", "-genv", "LD_PRELOAD", MPISIGHT_LIBRARY,
                                            "-genv", "MPISIGHT_TRACE_DIR", "/dev/null/trace", example_path("ring")},
                                           std::chrono::seconds(60));
  EXPECT_EQ(traced.exit_code, native.exit_code);
  EXPECT_EQ(traced.out, native.out);
  EXPECT_EQ(count_lines_containing(traced.err, "mpisight: tracing stopped"), 1U) << traced.err;
  EXPECT_NE(traced.err.find("/dev/null/trace"), std::string::npos) << traced.err;
  EXPECT_EQ(count_lines_containing(traced.err, "mpisight:"), 1U) << traced.err;
}

TEST(Robustness, JournalLimitStopsTracingButNotTheProgram) {
  const std::vector<std::string> args = {"10000"};
  const ProcessResult native = run_native(2, example_path("ring"), args);
  const auto dir = fresh_trace_dir("limit");
  const ProcessResult traced =
      run_process({MPISIGHT_MPI_TRACE, "-o", dir.string(), "-n", "2", example_path("ring"), "10000"},
                  std::chrono::seconds(90), {{"MPISIGHT_JOURNAL_LIMIT_MB", "1"}, {"MPISIGHT_CHUNK_KB", "64"}});
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(traced.out, native.out);
  const std::size_t warnings = count_lines_containing(traced.err, "mpisight: tracing stopped");
  EXPECT_GE(warnings, 1U) << traced.err;
  EXPECT_LE(warnings, 2U) << "at most one line per process: " << traced.err;
  EXPECT_NE(traced.err.find("MPISIGHT_JOURNAL_LIMIT_MB=1"), std::string::npos) << traced.err;
  // What was recorded before the limit is a valid trace whose messages are the first ones of the run.
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
  const trace::Trace trace = trace::load_trace(dir / "traces.otf2");
  const auto sends = trace.events_of<trace::MpiSend>(trace.definitions.location_of(0).value());
  ASSERT_GT(sends.size(), 100U);
  EXPECT_LT(sends.size(), 10000U);
  for (std::size_t i = 0; i < sends.size(); ++i) {
    ASSERT_EQ(sends[i].tag, static_cast<std::uint32_t>(i));
  }
}

TEST(Robustness, FailedArchiveIsOneWarningAndTheJournalsStayRecoverable) {
  const auto dir = fresh_trace_dir("blocked");
  std::filesystem::create_directories(dir / "traces");  // OTF2 refuses to write over this
  const ProcessResult native = run_native(2, example_path("ring"));
  const ProcessResult traced = run_process({MPISIGHT_MPIEXEC, "-n", "2", "-genv", "LD_PRELOAD", MPISIGHT_LIBRARY,
                                            "-genv", "MPISIGHT_TRACE_DIR", dir.string(), example_path("ring")},
                                           std::chrono::seconds(60));
  EXPECT_EQ(traced.exit_code, native.exit_code);
  EXPECT_EQ(traced.out, native.out);
  EXPECT_EQ(count_lines_containing(traced.err, "mpisight: could not write the trace"), 1U) << traced.err;
  EXPECT_EQ(traced.err.find("[OTF2]"), std::string::npos) << "OTF2's own report leaked: " << traced.err;
  std::filesystem::remove_all(dir / "traces");
  const ProcessResult recovered =
      run_process({MPISIGHT_MPI_TRACE, "--recover", dir.string()}, std::chrono::seconds(60));
  ASSERT_EQ(recovered.exit_code, 0) << recovered.err;
  const trace::Trace trace = trace::load_trace(dir / "traces.otf2");
  EXPECT_EQ(expect_messages_matched(trace), 20U);
}

TEST(Robustness, MpiTraceRejectsBadUsageWithOneLine) {
  const ProcessResult nothing = run_process({MPISIGHT_MPI_TRACE}, std::chrono::seconds(10));
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("usage: mpi-trace"), std::string::npos);

  const ProcessResult help = run_process({MPISIGHT_MPI_TRACE, "--help"}, std::chrono::seconds(10));
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--recover DIR"), std::string::npos);

  const ProcessResult no_journals =
      run_process({MPISIGHT_MPI_TRACE, "--recover", "/nonexistent/trace"}, std::chrono::seconds(10));
  EXPECT_EQ(no_journals.exit_code, 2);
  EXPECT_EQ(no_journals.err, "mpi-trace: error: '/nonexistent/trace' has no journals to recover\n");

  const auto dir = fresh_trace_dir("occupied");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "traces.otf2") << "x";
  const ProcessResult occupied =
      run_process({MPISIGHT_MPI_TRACE, "-o", dir.string(), "-n", "2", example_path("ring")}, std::chrono::seconds(10));
  EXPECT_EQ(occupied.exit_code, 2);
  EXPECT_EQ(occupied.out, "") << "the program must not run";
  EXPECT_NE(occupied.err.find("already holds a trace"), std::string::npos) << occupied.err;
}

}  // namespace
}  // namespace mpisight::testkit
