// Tiles: exact calls when zoomed in; at most about one item per pixel per lane when zoomed out, with every call,
// message and collective still counted once.
#include "tiles/tile_engine.hpp"

#include <gtest/gtest.h>
#include <numeric>
#include <set>

#include "index/index_builder.hpp"
#include "otf2_fixture.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

constexpr int kCalls = 20000;  // per rank
constexpr std::int64_t kPeriodNs = 100;

// Two ranks; every 100 ns rank 0 sends (call of 10 ns) and rank 1 receives the message 30 ns later.
TraceIndex dense_trace(const std::filesystem::path& dir) {
  testkit::Otf2ArchiveBuilder builder(2);
  const auto send = builder.region("MPI_Send", trace::RegionRole::kPoint2Point);
  const auto recv = builder.region("MPI_Recv", trace::RegionRole::kPoint2Point);
  for (int i = 0; i < kCalls; ++i) {
    const std::int64_t t = i * kPeriodNs;
    builder.enter(0, t, send).send(0, t + 5, 1, 0, 100).leave(0, t + 10, send);
    builder.enter(1, t + 20, recv).recv(1, t + 35, 0, 0, 100).leave(1, t + 40, recv);
  }
  return build_index(builder.write(dir));
}

std::uint64_t total_calls(const TileLane& lane) {
  return std::accumulate(lane.spans.begin(), lane.spans.end(), std::uint64_t{0},
                         [](std::uint64_t sum, const TileSpan& s) { return sum + s.count; });
}

TEST(TileEngine, ZoomedOutTileHasAboutOneItemPerPixelAndCountsEveryCall) {
  testkit::TempDir dir;
  const TraceIndex index = dense_trace(dir.path());
  const TileEngine engine(index);
  constexpr std::uint32_t kWidth = 500;
  const Tile tile = engine.query({index.begin_ns, index.end_ns, kWidth, {}});
  ASSERT_EQ(tile.lanes.size(), 2U);
  for (const TileLane& lane : tile.lanes) {
    EXPECT_LE(lane.spans.size(), 2U * kWidth) << "lane " << lane.lane;
    EXPECT_EQ(total_calls(lane), static_cast<std::uint64_t>(kCalls));
    for (const TileSpan& s : lane.spans) {
      EXPECT_EQ(s.family, Family::kP2p);
    }
  }
  EXPECT_LE(tile.messages.size(), 2U * kWidth);
  std::uint64_t messages = 0;
  for (const TileMessage& m : tile.messages) {
    EXPECT_EQ(m.send_lane, 0U);
    EXPECT_EQ(m.recv_lane, 1U);
    EXPECT_EQ(m.bytes, 100U * m.count);
    messages += m.count;
  }
  EXPECT_EQ(messages, static_cast<std::uint64_t>(kCalls));
}

TEST(TileEngine, ZoomedInTileHasEachCallWithItsId) {
  testkit::TempDir dir;
  const TraceIndex index = dense_trace(dir.path());
  const TileEngine engine(index);
  const std::int64_t t0 = 1000 * kPeriodNs;
  const Tile tile = engine.query({t0, t0 + 10 * kPeriodNs - 1, 1000, {}});
  const TileLane& sender = tile.lanes.at(0);
  ASSERT_EQ(sender.spans.size(), 10U);
  for (int i = 0; i < 10; ++i) {
    const TileSpan& s = sender.spans[static_cast<std::size_t>(i)];
    EXPECT_EQ(s.count, 1U);
    EXPECT_EQ(s.start_ns, t0 + i * kPeriodNs);
    EXPECT_EQ(s.end_ns, s.start_ns + 10);
    ASSERT_NE(s.span, kNone);
    EXPECT_EQ(index.spans[s.span].start_ns, s.start_ns);
    EXPECT_EQ(index.regions[s.region].name, "MPI_Send");
  }
  ASSERT_EQ(tile.messages.size(), 10U);
  EXPECT_EQ(tile.messages[0].send_ns, t0 + 5);
  EXPECT_EQ(tile.messages[0].recv_ns, t0 + 35);
  EXPECT_EQ(index.messages[tile.messages[0].message].send_ns, t0 + 5);
}

TEST(TileEngine, MessageEndingInsideTheWindowIsShownEvenIfSentBefore) {
  testkit::TempDir dir;
  const TraceIndex index = dense_trace(dir.path());
  const TileEngine engine(index);
  // Window [t+30, t+50): the message of call t was sent at t+5 and received at t+35.
  const std::int64_t t = 500 * kPeriodNs;
  const Tile tile = engine.query({t + 30, t + 50, 100, {}});
  ASSERT_EQ(tile.messages.size(), 1U);
  EXPECT_EQ(tile.messages[0].send_ns, t + 5);
}

TEST(TileEngine, LaneSelectionDropsOtherLanesAndTheirMessages) {
  testkit::TempDir dir;
  const TraceIndex index = dense_trace(dir.path());
  const TileEngine engine(index);
  const Tile tile = engine.query({0, 1000, 100, {1}});
  ASSERT_EQ(tile.lanes.size(), 1U);
  EXPECT_EQ(tile.lanes[0].lane, 1U);
  EXPECT_TRUE(tile.messages.empty());
  EXPECT_THROW((void)engine.query({0, 1000, 100, {7}}), std::invalid_argument);
  EXPECT_THROW((void)engine.query({1000, 1000, 100, {}}), std::invalid_argument);
  EXPECT_THROW((void)engine.query({0, 1000, 0, {}}), std::invalid_argument);
}

TEST(TileEngine, NestedCallsKeepDepthAndCollectivesBecomeBands) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  const TileEngine engine(index);
  const Tile tile = engine.query({0, 100000, 2000, {}});
  const TileLane& rank0 = tile.lanes.at(0);
  ASSERT_EQ(rank0.spans.size(), 4U);
  EXPECT_EQ(rank0.spans[0].depth, 0U);
  EXPECT_EQ(rank0.spans[0].family, Family::kUser);
  EXPECT_EQ(rank0.spans[1].depth, 1U);
  EXPECT_EQ(index.regions[rank0.spans[1].region].name, testkit::kHostileRegion);
  ASSERT_EQ(tile.collectives.size(), 2U);
  EXPECT_EQ(tile.collectives[0].start_ns, 10000);
  EXPECT_EQ(tile.collectives[0].end_ns, 20030);
  EXPECT_EQ(index.comms[tile.collectives[1].comm].name, testkit::kHostileComm);
  // Zoomed out so far that both collectives fall into one pixel: one band that counts both.
  const Tile far = engine.query({0, 100'000'000, 100, {}});
  ASSERT_EQ(far.collectives.size(), 2U);  // different communicators never merge
  std::set<std::uint32_t> comms;
  for (const TileCollective& c : far.collectives) {
    comms.insert(c.comm);
    EXPECT_EQ(c.count, 1U);
  }
  EXPECT_EQ(comms.size(), 2U);
}

TEST(TileEngine, EmptyTraceGivesEmptyLanes) {
  testkit::TempDir dir;
  testkit::Otf2ArchiveBuilder builder(2);
  const TraceIndex index = build_index(builder.write(dir.path()));
  const TileEngine engine(index);
  const Tile tile = engine.query({0, 10, 10, {}});
  ASSERT_EQ(tile.lanes.size(), 2U);
  EXPECT_TRUE(tile.lanes[0].spans.empty());
}

}  // namespace
}  // namespace mpisight::viewer
