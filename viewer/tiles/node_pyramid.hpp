// The upper levels of a pyramid over one row of leaves, shared by the interval lanes and the message channels:
// each node of a level summarizes `fanout` consecutive nodes of the level below.
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

}  // namespace mpisight::viewer
