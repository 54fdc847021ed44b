// Scans the spans and messages of the window once; cost grows with the calls in the window (see bench/).
#include "api/window_summary.hpp"

#include <algorithm>
#include <bit>
#include <map>

namespace mpisight::viewer {

Json window_summary(const TraceIndex& index, std::int64_t t0_ns, std::int64_t t1_ns) {
  struct PerRank {
    std::uint64_t calls = 0;
    std::int64_t time_ns = 0;
  };
  struct PerFunction {
    std::uint64_t calls = 0;
    std::int64_t time_ns = 0;
    std::map<std::uint32_t, PerRank> ranks;
  };
  std::map<std::uint32_t, PerFunction> functions;
  for (const LaneInfo& lane : index.lanes) {
    const Span* first = index.spans.data() + lane.span_begin;
    const Span* last = index.spans.data() + lane.span_end;
    const std::uint32_t rank = lane.rank.value_or(kNone);
    for (const Span* s = first; s != last && s->start_ns <= t1_ns; ++s) {
      if (s->end_ns < t0_ns) {
        continue;
      }
      const std::int64_t inside = std::min(s->end_ns, t1_ns) - std::max(s->start_ns, t0_ns);
      PerFunction& f = functions[s->region];
      ++f.calls;
      f.time_ns += inside;
      PerRank& r = f.ranks[rank];
      ++r.calls;
      r.time_ns += inside;
    }
  }
  std::vector<std::pair<std::uint32_t, const PerFunction*>> ordered;
  for (const auto& [region, f] : functions) {
    ordered.emplace_back(region, &f);
  }
  std::sort(ordered.begin(), ordered.end(), [](auto& a, auto& b) { return a.second->time_ns > b.second->time_ns; });
  Json function_list = Json::array();
  for (const auto& [region, f] : ordered) {
    Json per_rank = Json::array();
    for (const auto& [rank, r] : f->ranks) {
      per_rank.push_back({rank == kNone ? Json(nullptr) : Json(rank), r.calls, r.time_ns});
    }
    function_list.push_back({{"name", index.regions[region].name},
                             {"family", family_name(index.regions[region].family)},
                             {"calls", f->calls},
                             {"time_ns", f->time_ns},
                             {"per_rank", std::move(per_rank)}});
  }

  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint64_t, std::uint64_t>> pairs;
  std::map<int, std::uint64_t> histogram;
  std::uint32_t ranks = 0;
  for (const LaneInfo& lane : index.lanes) {
    ranks = std::max(ranks, lane.rank ? *lane.rank + 1 : 0);
  }
  auto it = std::lower_bound(index.messages.begin(), index.messages.end(), t0_ns,
                             [](const Message& m, std::int64_t t) { return m.send_ns < t; });
  for (; it != index.messages.end() && it->send_ns >= 0 && it->send_ns <= t1_ns; ++it) {
    if (it->recv_lane == kNone) {
      continue;
    }
    const auto from = index.lanes[it->send_lane].rank;
    const auto to = index.lanes[it->recv_lane].rank;
    if (from && to) {
      auto& pair = pairs[{*from, *to}];
      pair.first += it->bytes;
      ++pair.second;
    }
    ++histogram[it->bytes == 0 ? -1 : static_cast<int>(std::bit_width(it->bytes)) - 1];
  }
  Json matrix = Json::array();
  for (const auto& [pair, value] : pairs) {
    matrix.push_back({pair.first, pair.second, value.first, value.second});
  }
  Json buckets = Json::array();
  for (const auto& [log2, count] : histogram) {
    buckets.push_back({log2, count});
  }
  return {{"t0_ns", t0_ns},
          {"t1_ns", t1_ns},
          {"functions", std::move(function_list)},
          {"matrix", {{"ranks", ranks}, {"bytes", std::move(matrix)}}},
          {"histogram", std::move(buckets)}};
}

}  // namespace mpisight::viewer
