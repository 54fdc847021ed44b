// One finding per key (a pair of call sites, say), however many ranks and loop iterations repeat it, described by
// the calls of its lowest rank's first occurrence: which rank's calls the merged trace shows first depends on the
// run's timing, and the same program should get the same report.
#pragma once

#include <map>
#include <variant>
#include <vector>

#include "trace/events.hpp"

namespace mpisight::analyzer {

// `Description`: what the finding's text names (the calls); `Totals`: what it sums over every occurrence.
template <class Key, class Description, class Totals = std::monostate>
class FindingsBySite {
 public:
  struct Entry {
    Description described{};
    Totals totals{};
    std::vector<trace::WorldRank> ranks;  // one per occurrence
    trace::WorldRank described_rank = 0;
  };

  // One occurrence on `rank`; its description is kept if it is the lowest rank's first. Returns the entry, so the
  // caller can add to its totals.
  Entry& add(const Key& key, trace::WorldRank rank, const Description& description) {
    auto [it, inserted] = entries_.try_emplace(key);
    Entry& entry = it->second;
    if (inserted || rank < entry.described_rank) {
      entry.described = description;
      entry.described_rank = rank;
    }
    entry.ranks.push_back(rank);
    return entry;
  }

  [[nodiscard]] const std::map<Key, Entry>& entries() const noexcept { return entries_; }

 private:
  std::map<Key, Entry> entries_;
};

}  // namespace mpisight::analyzer
