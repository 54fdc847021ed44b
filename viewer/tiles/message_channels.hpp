// Lines for tiles (messages, and RMA operations from origin to target), grouped into channels (one per sender lane
// -> receiver lane and kind) with a summary pyramid per channel: a node whose sends and receives each fall within one
// pixel becomes one line counting all its messages, so a zoomed-out tile costs about pixels x fanout x levels per
// channel, not one step per message.
#pragma once

#include <cstdint>
#include <vector>

#include "index/trace_index.hpp"
#include "tiles/tile.hpp"

namespace mpisight::viewer {

class MessageChannels {
 public:
  static constexpr std::size_t kFanout = 8;

  // Matched messages (TileMessage::kind 0).
  explicit MessageChannels(const TraceIndex& index);
  // RMA operations with a known target: from the origin's issue to the target at completion (kind: RmaKind).
  [[nodiscard]] static MessageChannels rma_operations(const TraceIndex& index);

  // Appends the window's message lines between visible lanes to `out`, in channel order.
  void query(std::int64_t t0_ns, std::int64_t t1_ns, double ns_per_px, const std::vector<bool>& visible,
             std::vector<TileMessage>& out) const;

 private:
  struct Node {
    std::int64_t min_send_ns = 0;
    std::int64_t max_send_ns = 0;
    std::int64_t min_recv_ns = 0;
    std::int64_t max_recv_ns = 0;
    std::uint64_t count = 0;
    std::uint64_t bytes = 0;
    std::uint32_t first = 0;  // message id of the earliest send below
  };
  struct Channel {
    LaneId send_lane = 0;
    LaneId recv_lane = 0;
    std::uint8_t kind = 0;
    std::vector<Node> leaves;               // one per message, in send order
    std::vector<std::vector<Node>> levels;  // levels[0] over leaves, levels[k] over levels[k-1]
  };
  struct Query;
  struct Line {
    LaneId from;
    LaneId to;
    std::uint8_t kind;
    Node leaf;
  };

  MessageChannels() = default;
  void build(const std::vector<Line>& lines);  // `lines` in order of their start

  std::vector<Channel> channels_;
};

}  // namespace mpisight::viewer
