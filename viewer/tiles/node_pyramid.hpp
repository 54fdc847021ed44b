// The upper levels of a pyramid over one row of leaves and its top-down walk, shared by the tile engine's span lanes,
// the interval lanes and the message channels: each node of a level summarizes `fanout` consecutive nodes below.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace mpisight::viewer {

// Fills `levels` (levels[0] over `leaves`, levels[k] over levels[k-1]) until the top level has at most `fanout`
// nodes; a non-empty row always gets at least one level. `absorb(node, child)` folds a child into its parent, which
// starts as a copy of its first child.
template <std::size_t fanout, class Node, class Absorb>
void build_levels(const std::vector<Node>& leaves, std::vector<std::vector<Node>>& levels, Absorb absorb) {
  const std::vector<Node>* below = &leaves;
  while (below->size() > fanout || (levels.empty() && !below->empty())) {
    std::vector<Node> level((below->size() + fanout - 1) / fanout);
    for (std::size_t n = 0; n < level.size(); ++n) {
      const auto first = below->begin() + static_cast<std::ptrdiff_t>(n * fanout);
      const auto last = below->begin() + static_cast<std::ptrdiff_t>(std::min(below->size(), (n + 1) * fanout));
      Node node = *first;
      for (auto child = first + 1; child != last; ++child) {
        absorb(node, *child);
      }
      level[n] = node;
    }
    levels.push_back(std::move(level));
    below = &levels.back();
  }
}

// Walks the pyramid from its top level down. `enter(level, node)` sees node `node` of levels[level - 1], or leaf
// `node` when `level` is 0, and returns whether to go on into its children (a leaf has none).
template <std::size_t fanout, class Levels, class Enter>
void descend(std::size_t leaf_count, const Levels& levels, Enter enter) {
  const auto walk = [&](const auto& self, std::size_t level, std::size_t node) -> void {
    if (!enter(level, node) || level == 0) {
      return;
    }
    const std::size_t children = level == 1 ? leaf_count : levels[level - 2].size();
    const std::size_t last = std::min(children, (node + 1) * fanout);
    for (std::size_t child = node * fanout; child < last; ++child) {
      self(self, level - 1, child);
    }
  };
  if (levels.empty()) {
    return;
  }
  for (std::size_t node = 0; node < levels.back().size(); ++node) {
    walk(walk, levels.size(), node);
  }
}

}  // namespace mpisight::viewer
