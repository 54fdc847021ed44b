// A tile: what the page draws for one time window at one pixel width. Spans narrower than a pixel are merged into
// one item per pixel column and lane (so are RMA epochs, I/O operations, file opens and seeks), messages, RMA
// operations and collectives into one per pixel pair, so a tile's size depends on the window's pixels, not on the
// trace's events.
#pragma once

#include <cstdint>
#include <vector>

#include "index/trace_index.hpp"

namespace mpisight::viewer {

struct TileRequest {
  std::int64_t t0_ns = 0;
  std::int64_t t1_ns = 0;
  std::uint32_t width_px = 1000;
  std::vector<LaneId> lanes;  // empty: all lanes
};

// One call (count 1, span set) or several merged calls (span kNone) drawn with their dominant family.
struct TileSpan {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t count = 1;
  SpanId span = kNone;
  std::uint32_t region = kNone;  // of the single call, or of the merged calls if they share one
  Family family = Family::kOther;
  std::uint16_t depth = 0;
};

struct TileMessage {
  LaneId send_lane = 0;
  LaneId recv_lane = 0;
  std::int64_t send_ns = 0;
  std::int64_t recv_ns = 0;
  std::uint32_t count = 1;
  std::uint64_t bytes = 0;    // summed over `count` messages
  std::uint32_t message = 0;  // the first of them (a message, or an RMA operation)
  std::uint8_t kind = 0;      // RMA lines: RmaKind
};

struct TileCollective {
  std::uint32_t comm = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t count = 1;
  std::uint32_t collective = 0;  // the first of them
  std::uint8_t op = 0;
};

// One RMA epoch, I/O operation, file open or seek (count 1), or several on one lane merged within a pixel column.
struct TileInterval {
  LaneId lane = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t count = 1;
  std::uint32_t item = 0;  // the first of them: index into TraceIndex::rma_epochs, io_ops, file_opens or file_seeks
  std::uint8_t kind = 0;   // EpochKind, I/O mode, access mode or seek origin; kMixedKind when merged items differ
};
inline constexpr std::uint8_t kMixedKind = 0xFF;

struct TileLane {
  LaneId lane = 0;
  std::vector<TileSpan> spans;
};

struct Tile {
  std::int64_t t0_ns = 0;
  std::int64_t t1_ns = 0;
  std::uint32_t width_px = 0;
  std::vector<TileLane> lanes;
  std::vector<TileMessage> messages;
  std::vector<TileCollective> collectives;
  std::vector<TileMessage> rma_ops;  // origin lane -> target lane
  std::vector<TileInterval> epochs;  // RMA epochs
  std::vector<TileInterval> io_ops;  // MPI-IO operations
  std::vector<TileInterval> file_opens;
  std::vector<TileInterval> seeks;  // instants: start_ns == end_ns unless merged
};

}  // namespace mpisight::viewer
