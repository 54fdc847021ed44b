// Intervals drawn on lanes (RMA epochs, MPI-IO operations, file opens, seeks as empty intervals) for tiles: per lane a
// summary pyramid over the intervals in start order; a node within one pixel becomes one merged item, so a tile costs
// about pixels x fanout x levels per lane, whatever the number of intervals.
#pragma once

#include <cstdint>
#include <vector>

#include "index/trace_index.hpp"
#include "tiles/tile.hpp"

namespace mpisight::viewer {

class IntervalLanes {
 public:
  static constexpr std::size_t kFanout = 8;

  [[nodiscard]] static IntervalLanes rma_epochs(const TraceIndex& index);
  [[nodiscard]] static IntervalLanes io_operations(const TraceIndex& index);
  [[nodiscard]] static IntervalLanes file_opens(const TraceIndex& index);
  [[nodiscard]] static IntervalLanes file_seeks(const TraceIndex& index);

  // Appends the window's intervals on visible lanes to `out`, lane by lane in start order.
  void query(std::int64_t t0_ns, std::int64_t t1_ns, double ns_per_px, const std::vector<bool>& visible,
             std::vector<TileInterval>& out) const;

 private:
  struct Node {
    std::int64_t min_start_ns = 0;
    std::int64_t max_end_ns = 0;
    std::uint64_t count = 0;
    std::uint32_t first = 0;  // item id of the earliest below
    std::uint8_t kind = 0;    // shared by all below, or kMixedKind
  };
  struct Lane {
    LaneId lane = 0;
    std::vector<Node> leaves;               // one per interval, in start order
    std::vector<std::vector<Node>> levels;  // levels[0] over leaves, levels[k] over levels[k-1]
  };
  struct Query;

  // `leaves[i]` lies on `lanes[i]`; both in (lane, start) order.
  IntervalLanes(const std::vector<LaneId>& lanes, const std::vector<Node>& leaves);

  std::vector<Lane> lanes_;
};

}  // namespace mpisight::viewer
