// Tiles of RMA operations, RMA epochs, I/O operations, file opens and seeks: exact items with their ids and kinds
// when zoomed in; at most about one item per pixel per lane (per lane pair for operation lines) when zoomed out,
// every item counted.
#include <cmath>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <numeric>

#include "api/api_json.hpp"
#include "tiles/tile_engine.hpp"

namespace mpisight::viewer {
namespace {

constexpr std::uint32_t kItems = 50000;  // per kind
constexpr std::int64_t kPeriodNs = 100;

// Two lanes without calls. Every 100 ns: lane 0 puts to lane 1 (completed 40 ns later), lane 0 has a 30 ns exclusive
// lock epoch, lane 1 a 20 ns read, a file open read-write 40..95 ns into the period and a seek at 45 ns from the start;
// every 10th operation is a get, every 10th read a write, every 10th seek from the current position.
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
    FileOpen file;
    file.start_ns = t + 40;
    file.end_ns = t + 95;
    file.lane = 1;
    file.handle = 0;
    file.access_mode = 2;
    file.closed = 1;
    index.file_opens.push_back(file);
    FileSeek seek;
    seek.time_ns = t + 45;
    seek.offset_request = seek.offset_result = 16;
    seek.lane = 1;
    seek.handle = 0;
    seek.whence = i % 10 == 0 ? 1 : 0;
    index.file_seeks.push_back(seek);
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

// The level-of-detail rule for lane items: one lane's items of one kind never share a pixel column.
void expect_one_per_pixel_column(const std::vector<TileInterval>& items, const TileRequest& request) {
  const double ns_per_px = static_cast<double>(request.t1_ns - request.t0_ns) / request.width_px;
  auto column = [&](std::int64_t t) { return std::floor(static_cast<double>(t - request.t0_ns) / ns_per_px); };
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (items[i].lane == items[i - 1].lane) {
      EXPECT_GT(column(items[i].start_ns), column(items[i - 1].end_ns)) << "item " << i;
    }
  }
}

TEST(TileRmaIo, ZoomedOutFileOpensAndSeeksKeepOnePerPixelAndCountEveryItem) {
  const TraceIndex index = synthetic_index();
  const TileEngine engine(index);
  const TileRequest request{index.begin_ns, index.end_ns, 700, {}};
  const Tile tile = engine.query(request);
  EXPECT_LE(tile.file_opens.size(), 701U);
  EXPECT_LE(tile.seeks.size(), 701U);
  EXPECT_EQ(counted(tile.file_opens), kItems);
  EXPECT_EQ(counted(tile.seeks), kItems);
  expect_one_per_pixel_column(tile.file_opens, request);
  expect_one_per_pixel_column(tile.seeks, request);
  for (const TileInterval& seek : tile.seeks) {
    EXPECT_EQ(seek.lane, 1U);
    EXPECT_EQ(seek.kind, kMixedKind) << "seeks from the start and from the current position merged";
  }
  for (const TileInterval& file : tile.file_opens) {
    EXPECT_EQ(file.kind, 2U) << "all read-write";
  }
}

TEST(TileRmaIo, ZoomedInTileHasEachFileOpenAndSeekInItsJson) {
  const TraceIndex index = synthetic_index();
  const TileEngine engine(index);
  const auto json = nlohmann::json::parse(tile_to_json(engine.query({1000, 1199, 199, {}})));
  // [lane, start_ns, end_ns, kind, count, id]
  EXPECT_EQ(json["files"], nlohmann::json::parse("[[1,1040,1095,2,1,10],[1,1140,1195,2,1,11]]"));
  EXPECT_EQ(json["seeks"], nlohmann::json::parse("[[1,1045,1045,1,1,10],[1,1145,1145,0,1,11]]"));
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
