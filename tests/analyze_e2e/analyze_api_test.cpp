// Bugs made through the C++ API (examples/bugs/api_*.cpp): mpi-analyze names the user's marked line and function,
// never a line inside the API's headers (its fixed twin is among analyze_correct_test.cpp's programs).
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "analyzed_run.hpp"

namespace mpisight::testkit {
namespace {

TEST(ApiBugs, RootMismatchIsFoundAtTheUsersLine) {
  const std::string source = std::string(MPISIGHT_BUGS_SOURCE_DIR) + "/api_root_mismatch.cpp";
  const int line = marker_line(source, "BUG(collectives.root_mismatch)");
  ASSERT_GT(line, 0);
  const AnalyzedRun run =
      trace_and_analyze("api_root_mismatch", 2, std::string(MPISIGHT_BUGS_DIR) + "/api_root_mismatch");
  EXPECT_EQ(run.traced.exit_code, 0) << run.traced.err;
  EXPECT_EQ(run.analyzed.exit_code, 1) << run.analyzed.out;
  ASSERT_EQ(run.report.at("findings").size(), 1U) << run.analyzed.out;
  const nlohmann::json& finding = run.report.at("findings").at(0);
  EXPECT_EQ(finding.at("check"), "collectives.root_mismatch");
  EXPECT_EQ(finding.at("ranks").get<std::vector<int>>(), (std::vector<int>{0, 1}));
  EXPECT_EQ(calls_of(finding), (std::vector<std::string>{"MPI_Bcast@0", "MPI_Bcast@1"}));
  for (const nlohmann::json& call : finding.at("calls")) {
    const nlohmann::json& location = call.at("location");
    ASSERT_TRUE(location.is_object()) << finding.dump(2);
    EXPECT_EQ(location.at("line"), line) << finding.dump(2);
    EXPECT_TRUE(location.at("file").get<std::string>().ends_with("/api_root_mismatch.cpp")) << location.dump();
    EXPECT_EQ(location.at("function"), "int main(int, char**)");
  }
}

}  // namespace
}  // namespace mpisight::testkit
