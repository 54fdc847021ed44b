// Tiles of RMA operations, RMA epochs and I/O operations: exact items with their ids and kinds when zoomed in; at
// most about one item per pixel per lane (per lane pair for operation lines) when zoomed out, every item counted.
#include <gtest/gtest.h>
#include <numeric>

#include "tiles/tile_engine.hpp"

namespace mpisight::viewer {
namespace {

constexpr std::uint32_t kItems = 50000;  // per kind
constexpr std::int64_t kPeriodNs = 100;

// Two lanes without calls. Every 100 ns: lane 0 puts to lane 1 (completed 40 ns later), lane 0 has a 30 ns exclusive
// lock epoch, lane 1 a 20 ns read; every 10th operation is a get, every 10th read a write.
TraceIndex synthetic_index() {
  TraceIndex index;
  index.lanes = {LaneInfo{0, 0, 0, "rank 0", 0, 0}, LaneInfo{1, 1, 0, "rank 1", 0, 0}};
  index.windows = {{"window 0", kNone}};
  index.io_handles = {{"data.bin", kNone}};
  for (std::uint32_t i = 0; i < kItems; ++i) {
    const std::int64_t t = i * kPeriodNs;
    RmaOperation op;
    op.start_ns = t;
    op.end_ns = t + 40;
    op.bytes = 8;
    op.origin_lane = 0;
    op.target_lane = 1;
    op.window = 0;
    op.kind = i % 10 == 0 ? RmaKind::kGet : RmaKind::kPut;
    index.rma_ops.push_back(op);
    RmaEpoch epoch;
    epoch.start_ns = t;
    epoch.end_ns = t + 30;
    epoch.lane = 0;
    epoch.window = 0;
    epoch.target = 1;
    epoch.kind = EpochKind::kLockExclusive;
    index.rma_epochs.push_back(epoch);
    IoOperation io;
    io.start_ns = t + 50;
    io.end_ns = t + 70;
    io.bytes_request = io.bytes_result = 16;
    io.lane = 1;
    io.handle = 0;
    io.mode = i % 10 == 0 ? 1 : 0;
    index.io_ops.push_back(io);
  }
  index.begin_ns = 0;
  index.end_ns = kItems * kPeriodNs;
  return index;
}

template <class T>
std::uint64_t counted(const std::vector<T>& items) {
  return std::accumulate(items.begin(), items.end(), std::uint64_t{0},
                         [](std::uint64_t sum, const T& item) { return sum + item.count; });
}

TEST(TileRmaIo, ZoomedOutTileHasAboutOneItemPerPixelAndCountsEveryItem) {
  const TraceIndex index = synthetic_index();
  const TileEngine engine(index);
  constexpr std::uint32_t kWidth = 500;
  const Tile tile = engine.query({index.begin_ns, index.end_ns, kWidth, {}});
  EXPECT_LE(tile.epochs.size(), 2U * kWidth);
  EXPECT_LE(tile.io_ops.size(), 2U * kWidth);
  EXPECT_LE(tile.rma_ops.size(), 2U * 2U * kWidth);  // two channels: puts and gets
  EXPECT_EQ(counted(tile.epochs), kItems);
  EXPECT_EQ(counted(tile.io_ops), kItems);
  EXPECT_EQ(counted(tile.rma_ops), kItems);
  std::uint64_t gets = 0;
  for (const TileMessage& line : tile.rma_ops) {
    EXPECT_EQ(line.send_lane, 0U);
    EXPECT_EQ(line.recv_lane, 1U);
    EXPECT_EQ(line.bytes, 8U * line.count);
    gets += line.kind == static_cast<std::uint8_t>(RmaKind::kGet) ? line.count : 0;
  }
  EXPECT_EQ(gets, kItems / 10);
  for (const TileInterval& epoch : tile.epochs) {
    EXPECT_EQ(epoch.lane, 0U);
    EXPECT_EQ(epoch.kind, static_cast<std::uint8_t>(EpochKind::kLockExclusive));
  }
  for (const TileInterval& io : tile.io_ops) {
    EXPECT_EQ(io.lane, 1U);
    EXPECT_EQ(io.kind, kMixedKind) << "reads and writes merged";
  }
}

TEST(TileRmaIo, ZoomedInTileHasEachItemWithItsIdAndKind) {
  const TraceIndex index = synthetic_index();
  const TileEngine engine(index);
  // Items 10 and 11 (1000..1200 ns) at 1 ns per pixel.
  const Tile tile = engine.query({1000, 1199, 199, {}});
  ASSERT_EQ(tile.rma_ops.size(), 2U);
  EXPECT_EQ(tile.rma_ops[0].message, 10U);
  EXPECT_EQ(tile.rma_ops[0].kind, static_cast<std::uint8_t>(RmaKind::kGet));
  EXPECT_EQ(tile.rma_ops[0].send_ns, 1000);
  EXPECT_EQ(tile.rma_ops[0].recv_ns, 1040);
  EXPECT_EQ(tile.rma_ops[1].message, 11U);
  EXPECT_EQ(tile.rma_ops[1].kind, static_cast<std::uint8_t>(RmaKind::kPut));
  ASSERT_EQ(tile.epochs.size(), 2U);
  EXPECT_EQ(tile.epochs[0].item, 10U);
  EXPECT_EQ(tile.epochs[0].count, 1U);
  EXPECT_EQ(tile.epochs[0].start_ns, 1000);
  EXPECT_EQ(tile.epochs[0].end_ns, 1030);
  ASSERT_EQ(tile.io_ops.size(), 2U);
  EXPECT_EQ(tile.io_ops[0].item, 10U);
  EXPECT_EQ(tile.io_ops[0].kind, 1U);  // write
  EXPECT_EQ(tile.io_ops[1].kind, 0U);  // read
}

TEST(TileRmaIo, LaneSelectionDropsOtherLanesItems) {
  const TraceIndex index = synthetic_index();
  const TileEngine engine(index);
  const Tile tile = engine.query({0, 10'000, 1000, {1}});
  EXPECT_TRUE(tile.epochs.empty());
  EXPECT_TRUE(tile.rma_ops.empty()) << "lines need both their lanes";
  EXPECT_EQ(counted(tile.io_ops), 100U);
}

}  // namespace
}  // namespace mpisight::viewer
