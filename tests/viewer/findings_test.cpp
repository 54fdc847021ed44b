// Findings from an mpi-analyze report are placed on the calls they name, so the page can zoom to them.
#include "findings/findings.hpp"

#include <fstream>
#include <gtest/gtest.h>

#include "index/index_builder.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

TEST(Findings, CallsArePlacedOnTheInnermostSpanAtTheirTime) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  testkit::write_hostile_findings(dir.path() / "findings.json");
  std::ifstream in(dir.path() / "findings.json");
  const Json placed = place_findings(index, Json::parse(in));
  ASSERT_EQ(placed["findings"].size(), 1U);
  const Json& finding = placed["findings"][0];
  EXPECT_EQ(finding["check"], "hostile-check");
  EXPECT_EQ(finding["severity"], "error");
  EXPECT_EQ(finding["message"], "<b>hostile</b> finding");
  ASSERT_EQ(finding["calls"].size(), 2U);
  const Json& recv = finding["calls"][0];
  EXPECT_EQ(recv["lane"], 1);
  EXPECT_EQ(recv["start_ns"], 1500);
  EXPECT_EQ(recv["end_ns"], 2600);
  EXPECT_EQ(recv["file"], "<x>.c");
  EXPECT_EQ(recv["line"], 12);
  EXPECT_EQ(recv["role"], "waits here");
  EXPECT_EQ(finding["hint"], "<i>fix</i> it");
  const Json& send = finding["calls"][1];
  EXPECT_EQ(send["lane"], 0);
  EXPECT_EQ(send["function"], testkit::kHostileRegion);  // the nested call, not "main" around it
  EXPECT_EQ(send["start_ns"], 1000);
  EXPECT_EQ(finding["start_ns"], 1000);
  EXPECT_EQ(finding["end_ns"], 2600);
  EXPECT_EQ(finding["ranks"], Json::array({1, 0}));
}

TEST(Findings, ReportsOfUnknownShapeGiveAnEmptyList) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  for (const char* text : {"{}", "[]", "{\"findings\": 3}", "{\"findings\": [1, \"x\", {\"calls\": 5}]}"}) {
    const Json placed = place_findings(index, Json::parse(text));
    for (const Json& finding : placed["findings"]) {
      EXPECT_TRUE(finding["calls"].empty()) << text;
    }
  }
  // A call on a rank that does not exist stays unplaced.
  const Json placed = place_findings(index, Json::parse(R"({"findings":[{"calls":[{"rank":9,"time_ns":5}]}]})"));
  EXPECT_TRUE(placed["findings"][0]["calls"][0]["lane"].is_null());
  EXPECT_FALSE(placed["findings"][0].contains("start_ns"));
}

TEST(Findings, MissingAnalyzerIsReportedNotThrown) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  const Json result = analyze_findings(index, dir.path() / "no-mpi-analyze");
  EXPECT_TRUE(result["findings"].empty());
  EXPECT_NE(result["error"].get<std::string>().find("not found"), std::string::npos);
}

}  // namespace
}  // namespace mpisight::viewer
