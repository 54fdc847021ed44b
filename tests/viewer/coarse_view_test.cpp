// The coarse view a running build shows: calls binned by time per lane, read back as merged tile spans, and the
// server's answers while the index is still building.
#include "index/coarse_view.hpp"

#include <future>
#include <gtest/gtest.h>

#include "index/build_progress.hpp"
#include "index/index_builder.hpp"
#include "index/index_file.hpp"
#include "server/routes.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

constexpr std::int64_t kBinNs = 1000;
constexpr std::int64_t kEndNs = 2048 * kBinNs;  // two lanes get the maximum of 2048 bins

std::uint64_t calls_in(const Tile& tile) {
  std::uint64_t calls = 0;
  for (const TileLane& lane : tile.lanes) {
    for (const TileSpan& span : lane.spans) {
      calls += span.count;
    }
  }
  return calls;
}

TEST(CoarseView, CountsCallsInTheirStartBinAndSpreadsTheirTime) {
  CoarseView view(2, 0, kEndNs);
  ASSERT_EQ(view.bins(), 2048U);
  view.add(0, 100, 200, Family::kP2p);
  view.add(0, 300, 310, Family::kP2p);
  view.add(0, 1500, 4500, Family::kCollective);  // bins 1 to 4
  view.add(1, 0, 10, Family::kIo);
  const Tile tile = view.query({0, kEndNs, 4096, {}});  // two pixels per bin
  ASSERT_EQ(tile.lanes.size(), 2U);
  const auto& lane0 = tile.lanes[0].spans;
  ASSERT_EQ(lane0.size(), 5U);
  EXPECT_EQ(lane0[0].start_ns, 0);
  EXPECT_EQ(lane0[0].end_ns, kBinNs);
  EXPECT_EQ(lane0[0].count, 2U);
  EXPECT_EQ(lane0[0].family, Family::kP2p);
  EXPECT_EQ(lane0[1].start_ns, kBinNs);
  EXPECT_EQ(lane0[1].count, 1U);
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(lane0[i].family, Family::kCollective) << i;
    EXPECT_EQ(lane0[i].span, kNone) << "a bin is never one call with details";
  }
  EXPECT_EQ(lane0[4].start_ns, 4 * kBinNs);
  EXPECT_EQ(lane0[4].count, 0U);  // only the collective's time reaches it
  ASSERT_EQ(tile.lanes[1].spans.size(), 1U);
  EXPECT_EQ(tile.lanes[1].spans[0].family, Family::kIo);

  // Two bins per pixel: merged per column, calls summed, the family busiest over both.
  const Tile narrow = view.query({0, kEndNs, 1024, {0}});
  const auto& merged = narrow.lanes[0].spans;
  ASSERT_EQ(merged.size(), 3U);
  EXPECT_EQ(merged[0].start_ns, 0);
  EXPECT_EQ(merged[0].end_ns, 2 * kBinNs);
  EXPECT_EQ(merged[0].count, 3U);
  EXPECT_EQ(merged[0].family, Family::kCollective);
  EXPECT_EQ(merged[2].start_ns, 4 * kBinNs);
  EXPECT_EQ(merged[2].end_ns, 5 * kBinNs);
}

TEST(CoarseView, WindowAndLaneSelectionKeepOnlyTheirBins) {
  CoarseView view(2, 0, kEndNs);
  view.add(0, 100, 200, Family::kP2p);
  view.add(0, 3100, 3200, Family::kCollective);
  view.add(1, 3100, 3200, Family::kIo);
  const Tile tile = view.query({3050, 3500, 100, {1}});
  ASSERT_EQ(tile.lanes.size(), 1U);
  EXPECT_EQ(tile.lanes[0].lane, 1U);
  ASSERT_EQ(tile.lanes[0].spans.size(), 1U);
  EXPECT_EQ(tile.lanes[0].spans[0].start_ns, 3 * kBinNs);
  EXPECT_EQ(tile.lanes[0].spans[0].family, Family::kIo);
  EXPECT_THROW((void)view.query({10, 10, 100, {}}), std::invalid_argument);
}

TEST(CoarseView, TraceWithoutTimeRangeStaysEmpty) {
  CoarseView view(3, 0, 0);
  view.add(0, 0, 10, Family::kP2p);
  const Tile tile = view.query({0, 100, 10, {}});
  EXPECT_EQ(view.bins(), 0U);
  for (const TileLane& lane : tile.lanes) {
    EXPECT_TRUE(lane.spans.empty());
  }
}

TEST(BuildingIndex, BuilderPublishesLanesAndACoarseViewOfEveryCall) {
  testkit::TempDir dir;
  BuildProgress progress;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()), &progress);
  ASSERT_TRUE(progress.snapshot().started);
  EXPECT_EQ(progress.snapshot().events_read, progress.snapshot().total_events);
  EXPECT_GT(progress.snapshot().total_events, 0U);
  const TraceIndex& skeleton = progress.skeleton();
  EXPECT_EQ(skeleton.lanes.size(), index.lanes.size());
  EXPECT_EQ(skeleton.comms[2].name, testkit::kHostileComm);
  EXPECT_TRUE(skeleton.spans.empty());
  EXPECT_GE(skeleton.end_ns, index.end_ns);  // the clock's trace length covers every event
  EXPECT_EQ(calls_in(progress.query({skeleton.begin_ns, skeleton.end_ns + 1, 1000, {}})), index.spans.size());
}

TEST(BuildingIndex, CachedIndexPublishesItsStoredCoarseViewBeforeTheArrays) {
  testkit::TempDir dir;
  const auto anchor = testkit::write_hostile_trace(dir.path());
  const OpenedIndex built = open_index(anchor);
  ASSERT_TRUE(built.cached);
  BuildProgress progress;
  const OpenedIndex cached = open_index(anchor, &progress);
  ASSERT_TRUE(cached.from_cache);
  ASSERT_TRUE(progress.snapshot().started);
  const TraceIndex& skeleton = progress.skeleton();
  ASSERT_EQ(skeleton.lanes.size(), cached.index.lanes.size());
  for (const LaneInfo& lane : skeleton.lanes) {
    EXPECT_EQ(lane.span_end, 0U) << "the skeleton's lanes must not point at spans it does not have";
  }
  EXPECT_EQ(calls_in(progress.query({skeleton.begin_ns, skeleton.end_ns + 1, 1000, {}})), cached.index.spans.size());
}

TEST(BuildingIndex, ServerAnswersFromTheCoarseViewUntilReady) {
  TraceIndex skeleton;
  skeleton.lanes.resize(2);
  skeleton.lanes[0].rank = 0;
  skeleton.lanes[1].rank = 1;
  skeleton.comms.push_back({"<b>world</b>", {0, 1}});
  skeleton.end_ns = kEndNs;
  BuildProgress progress;
  progress.start(skeleton, 500);
  CoarseView view(2, 0, kEndNs);
  view.add(1, 2500, 2600, Family::kP2p);
  progress.publish(view, 120);
  LiveIndex live(progress);
  std::promise<Json> findings;
  Routes routes(live, findings.get_future().share(), "nonce");
  auto get = [&](std::string path, std::map<std::string, std::string> query = {}) {
    return routes(HttpRequest{"GET", std::move(path), std::move(query), {}});
  };
  const Json meta = Json::parse(get("/api/meta").body);
  EXPECT_EQ(meta["building"]["events_read"], 120);
  EXPECT_EQ(meta["building"]["total_events"], 500);
  EXPECT_EQ(meta["lanes"].size(), 2U);
  EXPECT_EQ(meta["comms"][0]["name"], "<b>world</b>");
  const Json tile = Json::parse(get("/api/tile", {{"t0", "0"}, {"t1", "4000"}, {"width", "100"}}).body);
  ASSERT_EQ(tile["lanes"].size(), 2U);
  EXPECT_TRUE(tile["lanes"][0]["spans"].empty());
  ASSERT_EQ(tile["lanes"][1]["spans"].size(), 1U);
  EXPECT_EQ(tile["lanes"][1]["spans"][0], Json::parse("[2000,3000,1,1,-1,-1,0]"));
  EXPECT_EQ(get("/api/span", {{"id", "0"}}).status, 503);
  EXPECT_EQ(Json::parse(get("/api/findings").body)["pending"], true);
  EXPECT_TRUE(Json::parse(get("/api/summary", {{"t0", "0"}, {"t1", "10"}}).body)["functions"].empty());

  TraceIndex ready = skeleton;
  ready.lanes[0].span_end = 1;
  ready.lanes[1].span_begin = 1;
  ready.lanes[1].span_end = 1;
  ready.regions.push_back({"MPI_Send", Family::kP2p});
  ready.spans.push_back(Span{.start_ns = 10, .end_ns = 20});
  live.set_ready(std::move(ready));
  const Json meta_ready = Json::parse(get("/api/meta").body);
  EXPECT_FALSE(meta_ready.contains("building"));
  EXPECT_EQ(meta_ready["spans"], 1);
  EXPECT_EQ(Json::parse(get("/api/span", {{"id", "0"}}).body)["function"], "MPI_Send");
}

}  // namespace
}  // namespace mpisight::viewer
