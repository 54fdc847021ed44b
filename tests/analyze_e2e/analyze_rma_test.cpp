// The window-synchronisation checks end to end: each RMA bug example (examples/bugs/rma_*.c) runs under the
// tracer and mpi-analyze finds exactly its bug with the right check id, on the right ranks and calls, at the
// BUG-marked line; the correct twins and the tracer's RMA test program analyze with zero findings.
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

#include "analyzed_run.hpp"

namespace mpisight::testkit {
namespace {

struct RmaBug {
  const char* program;
  int ranks;
  int hang_after_s;  // 0: ends by itself
  const char* check;
  std::vector<int> ranks_involved;
  std::vector<std::string> calls;      // "MPI_Put@0", in the finding's order
  std::set<std::string> also_allowed;  // consequences of the bug other checks may report
  std::size_t marked_call = 0;         // which of `calls` is on the BUG line
};

void PrintTo(const RmaBug& c, std::ostream* os) {
  *os << c.program;
}

class RmaBugExample : public ::testing::TestWithParam<RmaBug> {};

TEST_P(RmaBugExample, IsFoundAtItsMarkedCall) {
  const RmaBug& c = GetParam();
  const std::string program = std::string(MPISIGHT_BUGS_DIR) + "/" + c.program;
  const std::string source = std::string(MPISIGHT_BUGS_SOURCE_DIR) + "/" + c.program + ".c";
  const int line = marker_line(source, std::string("BUG(") + c.check + ")");
  ASSERT_GT(line, 0) << source << " has no BUG(" << c.check << ") marker";

  const AnalyzedRun run = trace_and_analyze(c.program, c.ranks, program, std::chrono::seconds(c.hang_after_s));
  ASSERT_TRUE(run.report.contains("findings")) << run.analyzed.out;
  EXPECT_EQ(run.analyzed.exit_code, 1) << run.analyzed.out;
  const nlohmann::json* found = nullptr;
  for (const nlohmann::json& finding : run.report.at("findings")) {
    const std::string check = finding.at("check");
    if (check == c.check) {
      EXPECT_EQ(found, nullptr) << "reported twice: " << run.analyzed.out;
      found = &finding;
    } else {
      EXPECT_TRUE(c.also_allowed.contains(check)) << "unexpected " << check << ": " << finding.dump(2);
    }
  }
  ASSERT_NE(found, nullptr) << c.check << " not found in\n" << run.analyzed.out;
  EXPECT_EQ(found->at("severity"), "error");
  EXPECT_EQ(found->at("ranks").get<std::vector<int>>(), c.ranks_involved);
  EXPECT_EQ(calls_of(*found), c.calls) << found->dump(2);
  EXPECT_FALSE(found->at("hint").get<std::string>().empty());

  const nlohmann::json& location = found->at("calls").at(c.marked_call).at("location");
  ASSERT_TRUE(location.is_object()) << found->dump(2);
  EXPECT_EQ(location.at("line"), line);
  EXPECT_TRUE(location.at("file").get<std::string>().ends_with(std::string(c.program) + ".c"));
  EXPECT_EQ(location.at("function"), "main");
}

INSTANTIATE_TEST_SUITE_P(
    Rma, RmaBugExample,
    ::testing::Values(
        // MPICH refuses the put with MPI_ERR_RMA_SYNC (the program ignores it): errors.return_code says so too.
        RmaBug{"rma_outside_epoch", 2, 0, "rma.outside_epoch", {0}, {"MPI_Put@0"}, {"errors.return_code"}},
        RmaBug{"rma_fence_mismatch",
               2,
               4,
               "rma.fence_mismatch",
               {0, 1},
               {"MPI_Win_fence@0", "MPI_Win_fence@1"},
               {"messages.deadlock", "collectives.missing_rank"}},
        RmaBug{"rma_pscw_mismatch",
               3,
               4,
               "rma.pscw_mismatch",
               {0, 2},
               {"MPI_Win_post@0"},
               {"messages.deadlock", "collectives.missing_rank"}},
        RmaBug{"rma_lock_misuse",
               2,
               0,
               "rma.lock_misuse",
               {0},
               {"MPI_Win_lock@0", "MPI_Win_lock@0"},
               {"errors.return_code"}},
        RmaBug{"rma_epoch_open", 2, 0, "rma.epoch_open", {0}, {"MPI_Win_lock@0", "MPI_Finalize@0"}, {}},
        RmaBug{"rma_conflict", 3, 0, "rma.conflict", {0, 1, 2}, {"MPI_Put@1", "MPI_Put@2"}, {}},
        RmaBug{"rma_origin_buffer_reuse", 2, 0, "rma.origin_buffer_reuse", {0}, {"MPI_Put@0", "MPI_Get@0"}, {}}),
    [](const auto& info) { return std::string(info.param.program); });

struct RmaCorrect {
  std::string name;
  int ranks;
  std::string program;
};

void PrintTo(const RmaCorrect& c, std::ostream* os) {
  *os << c.name;
}

class RmaCorrectProgram : public ::testing::TestWithParam<RmaCorrect> {};

TEST_P(RmaCorrectProgram, HasNoFindings) {
  const RmaCorrect& c = GetParam();
  const AnalyzedRun run = trace_and_analyze(c.name, c.ranks, c.program);
  EXPECT_EQ(run.traced.exit_code, 0) << run.traced.err;
  EXPECT_EQ(run.analyzed.exit_code, 0) << run.analyzed.out;
  ASSERT_TRUE(run.report.contains("findings")) << run.analyzed.out;
  EXPECT_EQ(run.report.at("findings").size(), 0u) << run.report.at("findings").dump(2);
  EXPECT_GT(run.report.at("events").get<long>(), 0);
}

std::string fixed(const std::string& name) {
  return std::string(MPISIGHT_BUGS_DIR) + "/" + name + "_fixed";
}

INSTANTIATE_TEST_SUITE_P(Rma, RmaCorrectProgram,
                         ::testing::Values(RmaCorrect{"rma_family", 4, MPISIGHT_RMA_PROGRAM},
                                           RmaCorrect{"rma_outside_epoch_fixed", 2, fixed("rma_outside_epoch")},
                                           RmaCorrect{"rma_fence_mismatch_fixed", 2, fixed("rma_fence_mismatch")},
                                           RmaCorrect{"rma_pscw_mismatch_fixed", 3, fixed("rma_pscw_mismatch")},
                                           RmaCorrect{"rma_lock_misuse_fixed", 2, fixed("rma_lock_misuse")},
                                           RmaCorrect{"rma_epoch_open_fixed", 2, fixed("rma_epoch_open")},
                                           RmaCorrect{"rma_conflict_fixed", 3, fixed("rma_conflict")},
                                           RmaCorrect{"rma_origin_buffer_reuse_fixed", 2,
                                                      fixed("rma_origin_buffer_reuse")}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mpisight::testkit
