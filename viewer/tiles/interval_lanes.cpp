// Interval pyramids and their descent; consecutive items of a lane are merged while they touch one pixel column.
#include "tiles/interval_lanes.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

#include "tiles/node_pyramid.hpp"

namespace mpisight::viewer {

struct IntervalLanes::Query {
  std::int64_t t0_ns;
  std::int64_t t1_ns;
  double ns_per_px;
  LaneId lane;
  std::vector<TileInterval>& out;
  bool open = false;  // out.back() belongs to this lane and may absorb more

  [[nodiscard]] std::int64_t column(std::int64_t time_ns) const {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(time_ns - t0_ns) / ns_per_px));
  }

  void emit(const Node& node) {
    const bool narrow = static_cast<double>(node.max_end_ns - node.min_start_ns) < ns_per_px;
    if (open && narrow && column(node.min_start_ns) <= column(out.back().end_ns)) {
      TileInterval& merged = out.back();
      merged.end_ns = std::max(merged.end_ns, node.max_end_ns);
      merged.count += static_cast<std::uint32_t>(node.count);
      merged.kind = merged.kind == node.kind ? merged.kind : kMixedKind;
      return;
    }
    out.push_back(
        {lane, node.min_start_ns, node.max_end_ns, static_cast<std::uint32_t>(node.count), node.first, node.kind});
    open = narrow;  // a wide item stays on its own
  }
};

IntervalLanes::IntervalLanes(const std::vector<LaneId>& lanes, const std::vector<Node>& leaves) {
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (lanes_.empty() || lanes_.back().lane != lanes[i]) {
      lanes_.push_back({lanes[i], {}, {}});
    }
    lanes_.back().leaves.push_back(leaves[i]);
  }
  for (Lane& lane : lanes_) {
    build_levels<kFanout>(lane.leaves, lane.levels, [](Node& node, const Node& child) {
      node.min_start_ns = std::min(node.min_start_ns, child.min_start_ns);
      node.max_end_ns = std::max(node.max_end_ns, child.max_end_ns);
      node.count += child.count;
      node.kind = node.kind == child.kind ? node.kind : kMixedKind;
    });
  }
}

namespace {

// The leaves of one kind of item: its lane and [start, end) with the byte the page colours it by.
template <class Item, class Leaf>
auto leaves_of(const std::vector<Item>& items, Leaf leaf) {
  std::vector<LaneId> lanes;
  std::vector<std::invoke_result_t<Leaf, const Item&, std::uint32_t>> leaves;
  for (std::uint32_t id = 0; id < items.size(); ++id) {
    lanes.push_back(items[id].lane);
    leaves.push_back(leaf(items[id], id));
  }
  return std::pair{std::move(lanes), std::move(leaves)};
}

}  // namespace

IntervalLanes IntervalLanes::rma_epochs(const TraceIndex& index) {
  const auto [lanes, leaves] = leaves_of(index.rma_epochs, [](const RmaEpoch& e, std::uint32_t id) {
    return Node{e.start_ns, e.end_ns, 1, id, static_cast<std::uint8_t>(e.kind)};
  });
  return {lanes, leaves};
}

IntervalLanes IntervalLanes::io_operations(const TraceIndex& index) {
  const auto [lanes, leaves] = leaves_of(index.io_ops, [](const IoOperation& op, std::uint32_t id) {
    return Node{op.start_ns, op.end_ns, 1, id, op.mode};
  });
  return {lanes, leaves};
}

IntervalLanes IntervalLanes::file_opens(const TraceIndex& index) {
  const auto [lanes, leaves] = leaves_of(index.file_opens, [](const FileOpen& file, std::uint32_t id) {
    return Node{file.start_ns, file.end_ns, 1, id, file.access_mode};
  });
  return {lanes, leaves};
}

IntervalLanes IntervalLanes::file_seeks(const TraceIndex& index) {
  const auto [lanes, leaves] = leaves_of(index.file_seeks, [](const FileSeek& seek, std::uint32_t id) {
    return Node{seek.time_ns, seek.time_ns, 1, id, seek.whence};
  });
  return {lanes, leaves};
}

void IntervalLanes::query(std::int64_t t0_ns, std::int64_t t1_ns, double ns_per_px, const std::vector<bool>& visible,
                          std::vector<TileInterval>& out) const {
  for (const Lane& lane : lanes_) {
    if (lane.lane >= visible.size() || !visible[lane.lane]) {
      continue;
    }
    Query query{t0_ns, t1_ns, ns_per_px, lane.lane, out};
    descend<kFanout>(lane.leaves.size(), lane.levels, [&](std::size_t level, std::size_t node) {
      const Node& n = level == 0 ? lane.leaves[node] : lane.levels[level - 1][node];
      if (n.min_start_ns > t1_ns || n.max_end_ns < t0_ns) {
        return false;
      }
      const bool fits = static_cast<double>(n.max_end_ns - n.min_start_ns) < ns_per_px;
      if (level == 0 || fits) {
        query.emit(n);
        return false;
      }
      return true;
    });
  }
}

}  // namespace mpisight::viewer
