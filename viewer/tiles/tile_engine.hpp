// Answers tile requests from a TraceIndex. Each lane gets a summary pyramid (nodes over kFanout spans, then over
// kFanout nodes, ...): a node that fits in one pixel is drawn from its summary without visiting its spans, so a
// request costs about pixels x fanout x levels per lane, whatever the trace's size.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "index/trace_index.hpp"
#include "tiles/interval_lanes.hpp"
#include "tiles/message_channels.hpp"
#include "tiles/tile.hpp"

namespace mpisight::viewer {

class TileEngine {
 public:
  static constexpr std::size_t kFanout = 8;

  // Keeps a reference: `index` must outlive the engine.
  explicit TileEngine(const TraceIndex& index);

  // Throws std::invalid_argument for an empty window, zero width or an unknown lane.
  [[nodiscard]] Tile query(const TileRequest& request) const;

  [[nodiscard]] const TraceIndex& index() const noexcept { return index_; }

 private:
  struct Summary {
    std::int64_t min_start_ns = 0;
    std::int64_t max_end_ns = 0;
    std::uint64_t count = 0;
    std::uint32_t region = kNone;  // shared by all spans below, or kNone
    std::uint16_t min_depth = 0;
    std::array<std::int64_t, kFamilyCount> busy_ns{};  // time per family, plus one per call so instants count
  };
  struct Pyramid {
    std::vector<std::vector<Summary>> levels;  // levels[0] summarizes spans, levels[k] summarizes levels[k-1]
  };
  class LaneCollector;

  [[nodiscard]] static Summary summary_of(const Span& span);
  static void absorb(Summary& into, const Summary& other);  // `other` starts no earlier than `into`

  void query_lane(LaneId lane, const TileRequest& request, double ns_per_px, std::vector<TileSpan>& out) const;
  void query_collectives(const TileRequest& request, double ns_per_px, Tile& tile) const;

  const TraceIndex& index_;
  std::vector<Pyramid> pyramids_;  // per lane
  MessageChannels channels_;
  MessageChannels rma_channels_;
  IntervalLanes epochs_;
  IntervalLanes io_;
  IntervalLanes file_opens_;
  IntervalLanes seeks_;
  std::int64_t max_collective_ns_ = 0;
};

}  // namespace mpisight::viewer
