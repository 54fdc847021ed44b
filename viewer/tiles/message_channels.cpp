// Channel pyramids and their descent. Lines are merged while consecutive nodes of a channel land on the same
// (send column, receive column) pair.
#include "tiles/message_channels.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "tiles/node_pyramid.hpp"

namespace mpisight::viewer {

struct MessageChannels::Query {
  std::int64_t t0_ns;
  std::int64_t t1_ns;
  double ns_per_px;
  std::vector<TileMessage>& out;
  bool open = false;  // out.back() belongs to the current channel and may absorb more
  std::int64_t send_column = 0;
  std::int64_t recv_column = 0;

  [[nodiscard]] std::int64_t column(std::int64_t time_ns) const {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(time_ns - t0_ns) / ns_per_px));
  }

  void emit(const Channel& channel, const Node& node) {
    const std::int64_t send = column(node.min_send_ns);
    const std::int64_t recv = column(node.min_recv_ns);
    if (open && send == send_column && recv == recv_column) {
      out.back().count += static_cast<std::uint32_t>(node.count);
      out.back().bytes += node.bytes;
      return;
    }
    out.push_back({channel.send_lane, channel.recv_lane, node.min_send_ns, node.min_recv_ns,
                   static_cast<std::uint32_t>(node.count), node.bytes, node.first, channel.kind});
    open = true;
    send_column = send;
    recv_column = recv;
  }
};

MessageChannels::MessageChannels(const TraceIndex& index) {
  std::vector<Line> lines;
  for (std::uint32_t id = 0; id < index.messages.size(); ++id) {
    const Message& m = index.messages[id];
    if (m.send_lane == kNone || m.recv_lane == kNone) {
      continue;  // only matched messages are drawn
    }
    lines.push_back({m.send_lane, m.recv_lane, 0, {m.send_ns, m.send_ns, m.recv_ns, m.recv_ns, 1, m.bytes, id}});
  }
  build(lines);
}

MessageChannels MessageChannels::rma_operations(const TraceIndex& index) {
  std::vector<Line> lines;
  for (std::uint32_t id = 0; id < index.rma_ops.size(); ++id) {
    const RmaOperation& op = index.rma_ops[id];
    if (op.origin_lane == kNone || op.target_lane == kNone) {
      continue;
    }
    lines.push_back({op.origin_lane,
                     op.target_lane,
                     static_cast<std::uint8_t>(op.kind),
                     {op.start_ns, op.start_ns, op.end_ns, op.end_ns, 1, op.bytes, id}});
  }
  MessageChannels channels;
  channels.build(lines);
  return channels;
}

void MessageChannels::build(const std::vector<Line>& lines) {
  std::map<std::tuple<LaneId, LaneId, std::uint8_t>, std::size_t> channel_of;
  for (const Line& line : lines) {
    auto [it, added] = channel_of.try_emplace({line.from, line.to, line.kind}, channels_.size());
    if (added) {
      channels_.push_back({line.from, line.to, line.kind, {}, {}});
    }
    channels_[it->second].leaves.push_back(line.leaf);
  }
  for (Channel& channel : channels_) {
    build_levels<kFanout>(channel.leaves, channel.levels, [](Node& node, const Node& child) {
      node.min_send_ns = std::min(node.min_send_ns, child.min_send_ns);
      node.max_send_ns = std::max(node.max_send_ns, child.max_send_ns);
      node.min_recv_ns = std::min(node.min_recv_ns, child.min_recv_ns);
      node.max_recv_ns = std::max(node.max_recv_ns, child.max_recv_ns);
      node.count += child.count;
      node.bytes += child.bytes;
    });
  }
}

void MessageChannels::query(std::int64_t t0_ns, std::int64_t t1_ns, double ns_per_px, const std::vector<bool>& visible,
                            std::vector<TileMessage>& out) const {
  for (const Channel& channel : channels_) {
    if (!visible[channel.send_lane] || !visible[channel.recv_lane]) {
      continue;
    }
    Query query{t0_ns, t1_ns, ns_per_px, out};
    descend<kFanout>(channel.leaves.size(), channel.levels, [&](std::size_t level, std::size_t node) {
      const Node& n = level == 0 ? channel.leaves[node] : channel.levels[level - 1][node];
      // A message is in the window if its line crosses it: sent before the end and received after the start.
      if (n.min_send_ns > t1_ns || n.max_recv_ns < t0_ns) {
        return false;
      }
      const bool fits = static_cast<double>(n.max_send_ns - n.min_send_ns) < ns_per_px &&
                        static_cast<double>(n.max_recv_ns - n.min_recv_ns) < ns_per_px;
      if (level == 0 || (fits && query.column(n.min_send_ns) == query.column(n.max_send_ns) &&
                         query.column(n.min_recv_ns) == query.column(n.max_recv_ns))) {
        // A merged node may include messages just outside the window; their lines end within a pixel of it.
        query.emit(channel, n);
        return false;
      }
      return true;
    });
  }
}

}  // namespace mpisight::viewer
