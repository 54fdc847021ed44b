// How a run ended, told from its (recovered) trace: mpi-trace recovers the trace of a run that never reached
// MPI_Finalize, and the report's "run" says whether it was aborted (MPI_Abort), crashed (a rank died outside MPI)
// or hung (every unfinished rank stopped inside an MPI call), naming each rank's call and line.
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

#include "analyzed_run.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// The "run" ranks entry of `rank`: its state, its call's function and line.
void expect_rank(const nlohmann::json& run, std::size_t index, int rank, const std::string& state,
                 const std::string& function, const std::string& source, const std::string& marker) {
  SCOPED_TRACE(marker);
  const nlohmann::json& entry = run.at("ranks").at(index);
  EXPECT_EQ(entry.at("rank"), rank);
  EXPECT_EQ(entry.at("state"), state);
  const nlohmann::json& call = entry.at("call");
  ASSERT_TRUE(call.is_object()) << run.dump(2);
  EXPECT_EQ(call.at("function"), function);
  EXPECT_EQ(call.at("location").at("line"), marker_line(source, marker)) << run.dump(2);
}

TEST(RunEnding, AbortedRunNamesTheRankThatCalledMpiAbort) {
  const AnalyzedRun run = trace_and_analyze("run_abort", 2, MPISIGHT_RUN_ABORT_PROGRAM);
  EXPECT_NE(run.traced.exit_code, 0);
  const nlohmann::json& ending = run.report.at("run");
  EXPECT_EQ(ending.at("state"), "aborted") << ending.dump(2);
  ASSERT_EQ(ending.at("ranks").size(), 2u) << ending.dump(2);
  expect_rank(ending, 0, 0, "aborted", "MPI_Abort", MPISIGHT_RUN_ABORT_SOURCE, "// ABORT");
  expect_rank(ending, 1, 1, "in_mpi", "MPI_Recv", MPISIGHT_RUN_ABORT_SOURCE, "// WAIT");
  // Rank 1 waits for a message nobody sends, but the run was aborted, not hung: no deadlock is claimed.
  EXPECT_EQ(run.report.at("findings").size(), 0u) << run.report.at("findings").dump(2);
  EXPECT_EQ(run.analyzed.exit_code, 0);
}

TEST(RunEnding, CrashedRunNamesTheRankThatDiedOutsideMpi) {
  const AnalyzedRun run = trace_and_analyze("run_crash", 2, MPISIGHT_RUN_CRASH_PROGRAM);
  EXPECT_NE(run.traced.exit_code, 0);
  const nlohmann::json& ending = run.report.at("run");
  EXPECT_EQ(ending.at("state"), "crashed") << ending.dump(2);
  ASSERT_EQ(ending.at("ranks").size(), 2u) << ending.dump(2);
  expect_rank(ending, 0, 0, "in_mpi", "MPI_Recv", MPISIGHT_RUN_CRASH_SOURCE, "// WAIT");
  expect_rank(ending, 1, 1, "outside_mpi", "MPI_Barrier", MPISIGHT_RUN_CRASH_SOURCE, "// LAST");
}

TEST(RunEnding, HungRunKilledByATimeoutHasEveryRankInsideMpi) {
  const std::string source = std::string(MPISIGHT_BUGS_SOURCE_DIR) + "/messages_deadlock.c";
  const AnalyzedRun run =
      trace_and_analyze("run_hang", 2, std::string(MPISIGHT_BUGS_DIR) + "/messages_deadlock", std::chrono::seconds(4));
  const nlohmann::json& ending = run.report.at("run");
  EXPECT_EQ(ending.at("state"), "hung") << ending.dump(2);
  ASSERT_EQ(ending.at("ranks").size(), 2u) << ending.dump(2);
  for (std::size_t rank = 0; rank < 2; ++rank) {
    EXPECT_EQ(ending.at("ranks").at(rank).at("state"), "in_mpi");
    EXPECT_EQ(ending.at("ranks").at(rank).at("call").at("function"), "MPI_Recv");
  }
}

// examples/deadlock.c at 3 ranks, stopped by a timeout: ranks 0 and 1 both receive first at the marked line, rank 2
// waits in the MPI_Barrier after it. The recovered trace shows the cycle of the two receives, with rank 2 waiting on
// it, and the barrier that ranks 0 and 1 never reached.
TEST(RunEnding, HungExampleIsACycleOfItsMarkedReceives) {
  const std::string source = std::string(MPISIGHT_EXAMPLES_SOURCE_DIR) + "/deadlock.c";
  const int line = marker_line(source, "BUG: both receive first");
  ASSERT_GT(line, 0);
  const AnalyzedRun run = trace_and_analyze("example_deadlock", 3, example_path("deadlock"), std::chrono::seconds(4));
  EXPECT_EQ(run.report.at("run").at("state"), "hung") << run.report.at("run").dump(2);
  EXPECT_EQ(run.analyzed.exit_code, 1) << run.analyzed.out;
  std::map<std::string, const nlohmann::json*> found;
  for (const nlohmann::json& finding : run.report.at("findings")) {
    EXPECT_TRUE(found.emplace(finding.at("check").get<std::string>(), &finding).second) << run.analyzed.out;
  }
  ASSERT_EQ(found.size(), 2U) << run.analyzed.out;
  ASSERT_TRUE(found.contains("messages.deadlock")) << run.analyzed.out;
  ASSERT_TRUE(found.contains("collectives.missing_rank")) << run.analyzed.out;
  for (const auto& [check, finding] : found) {
    SCOPED_TRACE(check);
    EXPECT_EQ(finding->at("ranks").get<std::vector<int>>(), (std::vector<int>{0, 1, 2}));
    for (const nlohmann::json& call : finding->at("calls")) {
      ASSERT_TRUE(call.at("location").is_object()) << finding->dump(2);
      EXPECT_TRUE(call.at("location").at("file").get<std::string>().ends_with("/deadlock.c"));
      const int call_line = call.at("location").at("line");
      EXPECT_TRUE(call.at("function") == "MPI_Recv" ? call_line == line : call_line > line) << call.dump();
    }
  }
  const nlohmann::json& cycle = *found.at("messages.deadlock");
  EXPECT_EQ(calls_of(cycle), (std::vector<std::string>{"MPI_Recv@0", "MPI_Recv@1", "MPI_Barrier@2"}));
  EXPECT_NE(cycle.at("message").get<std::string>().find("ranks 0 -> 1 -> 0 wait for each other in a cycle"),
            std::string::npos)
      << cycle.dump(2);
  EXPECT_EQ(calls_of(*found.at("collectives.missing_rank")),
            (std::vector<std::string>{"MPI_Barrier@2", "MPI_Recv@0", "MPI_Recv@1"}));
}

TEST(RunEnding, CompleteRunHasNoUnfinishedRanks) {
  const AnalyzedRun run = trace_and_analyze("run_complete", 2, example_path("ring"));
  const nlohmann::json& ending = run.report.at("run");
  EXPECT_EQ(ending.at("state"), "complete");
  EXPECT_EQ(ending.at("ranks").size(), 0u);
}

}  // namespace
}  // namespace mpisight::testkit
