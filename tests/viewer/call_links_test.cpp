// Calls linked to the RMA operations they issued or completed, and those links in the call's details JSON: from
// the hostile fixture (a put into a window named like markup, completed by a flush) and a sync completing many.
#include <gtest/gtest.h>

#include "api/api_json.hpp"
#include "index/index_builder.hpp"
#include "otf2_fixture.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

using testkit::kHostileWindow;

SpanId call_named(const TraceIndex& index, LaneId lane, const std::string& name, std::size_t nth = 0) {
  for (auto s = index.lanes[lane].span_begin; s < index.lanes[lane].span_end; ++s) {
    if (index.regions[index.spans[s].region].name == name && nth-- == 0) {
      return static_cast<SpanId>(s);
    }
  }
  throw std::runtime_error("no call " + name);
}

TEST(CallLinks, PutAndFlushAreLinkedToTheirOperation) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  const SpanId put = call_named(index, 2, "MPI_Put");
  const SpanId flush = call_named(index, 2, "MPI_Win_flush");
  ASSERT_EQ(index.rma_ops.size(), 1U);
  const RmaOperation& op = index.rma_ops[0];
  EXPECT_EQ(op.origin_lane, 2U);
  EXPECT_EQ(op.target_lane, 3U);
  EXPECT_EQ(op.bytes, 32U);
  EXPECT_EQ(op.target_begin, 8U);
  EXPECT_EQ(op.target_end, 40U);
  EXPECT_EQ(op.start_ns, 40100);
  EXPECT_EQ(op.end_ns, 42500);
  EXPECT_EQ(op.span, put);
  EXPECT_EQ(op.complete_span, flush);
  EXPECT_EQ(index.windows.at(op.window).name, kHostileWindow);

  ASSERT_EQ(index.links_of(put).size(), 1U);
  EXPECT_EQ(index.links_of(put)[0].kind, LinkKind::kRmaOp);
  EXPECT_EQ(index.links_of(put)[0].role, kLinkBegins);
  ASSERT_EQ(index.links_of(flush).size(), 1U);
  EXPECT_EQ(index.links_of(flush)[0].role, kLinkEnds);
  EXPECT_TRUE(index.links_of(call_named(index, 2, "main")).empty());
}

TEST(CallLinks, CallDetailsNameTheOperationsTheCallIssuedOrCompleted) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  const Json put = span_details(index, call_named(index, 2, "MPI_Put"));
  ASSERT_TRUE(put.contains("rma")) << put.dump();
  EXPECT_EQ(put["rma"]["total"], 1);
  EXPECT_EQ(put["rma"]["issued"], 1);
  EXPECT_EQ(put["rma"]["completed"], 0);
  const Json& issued = put["rma"]["listed"].at(0);
  EXPECT_EQ(issued["role"], "issued");
  EXPECT_EQ(issued["kind"], "put");
  EXPECT_EQ(issued["origin_rank"], 2);
  EXPECT_EQ(issued["target_rank"], 3);
  EXPECT_EQ(issued["bytes"], 32);
  EXPECT_EQ(issued["window"], kHostileWindow);
  EXPECT_EQ(issued["target_begin"], 8);
  EXPECT_EQ(issued["target_end"], 40);
  EXPECT_EQ(issued["completed_by"]["function"], "MPI_Win_flush");

  const Json flush = span_details(index, call_named(index, 2, "MPI_Win_flush"));
  EXPECT_EQ(flush["rma"]["completed"], 1);
  EXPECT_EQ(flush["rma"]["issued"], 0);
  EXPECT_EQ(flush["rma"]["listed"].at(0)["role"], "completed");
  EXPECT_EQ(flush["rma"]["listed"].at(0)["function"], "MPI_Put");

  EXPECT_FALSE(span_details(index, call_named(index, 3, "MPI_Recv")).contains("rma"));
  // The window's name reaches an inline script only escaped.
  const std::string script = dump_for_script(put);
  EXPECT_EQ(script.find(kHostileWindow), std::string::npos);
  EXPECT_NE(script.find("\\u003csvg onload=alert(4)>"), std::string::npos);
}

// One unlock completes seven puts: its details count all seven and list the first five in issue order; a call that
// issues and completes its own operation has one link with both roles.
TEST(CallLinks, ASyncCompletingManyListsTheFirstFewAndCountsAll) {
  testkit::TempDir dir;
  testkit::Otf2ArchiveBuilder builder(2);
  const auto put = builder.region("MPI_Put", trace::RegionRole::kRma);
  const auto unlock = builder.region("MPI_Win_unlock", trace::RegionRole::kRma);
  const auto get = builder.region("MPI_Get", trace::RegionRole::kRma);
  const auto window = builder.add_window("w");
  std::int64_t t = 100;
  for (std::uint64_t id = 1; id <= 7; ++id, t += 100) {
    trace::RmaOp op{.location = 0, .time_ns = t + 10, .kind = trace::RmaOpKind::kPut, .win = window, .remote = 1};
    op.bytes_sent = 8 * id;
    op.matching_id = id;
    builder.enter(0, t, put).add(op).leave(0, t + 50, put);
  }
  builder.enter(0, t, unlock);
  for (std::uint64_t id = 1; id <= 7; ++id) {
    builder.add(trace::RmaOpComplete{.location = 0, .time_ns = t + 10, .win = window, .matching_id = id});
  }
  builder.leave(0, t + 20, unlock);
  trace::RmaOp own{.location = 0, .time_ns = t + 110, .kind = trace::RmaOpKind::kGet, .win = window, .remote = 1};
  own.bytes_received = 4;
  own.matching_id = 8;
  builder.enter(0, t + 100, get)
      .add(own)
      .add(trace::RmaOpComplete{.location = 0, .time_ns = t + 120, .win = window, .matching_id = 8})
      .leave(0, t + 130, get);
  const TraceIndex index = build_index(builder.write(dir.path()));

  const Json sync = span_details(index, call_named(index, 0, "MPI_Win_unlock"));
  EXPECT_EQ(sync["rma"]["total"], 7);
  EXPECT_EQ(sync["rma"]["completed"], 7);
  ASSERT_EQ(sync["rma"]["listed"].size(), 5U);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sync["rma"]["listed"][i]["bytes"], 8 * (i + 1)) << "issue order";
    EXPECT_EQ(sync["rma"]["listed"][i]["target_rank"], 1);
  }
  const SpanId get_call = call_named(index, 0, "MPI_Get");
  ASSERT_EQ(index.links_of(get_call).size(), 1U);
  EXPECT_EQ(index.links_of(get_call)[0].role, kLinkBegins | kLinkEnds);
  EXPECT_EQ(span_details(index, get_call)["rma"]["listed"][0]["role"], "issued and completed");
}

}  // namespace
}  // namespace mpisight::viewer
