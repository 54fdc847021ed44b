// Tile queries: a descent of each lane's summary pyramid, merging sub-pixel items column by column; messages and
// collectives are scanned in time order from their sorted arrays and merged per pixel pair.
#include "tiles/tile_engine.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "tiles/node_pyramid.hpp"

namespace mpisight::viewer {
namespace {

Family dominant(const std::array<std::int64_t, kFamilyCount>& busy_ns) {
  return static_cast<Family>(std::max_element(busy_ns.begin(), busy_ns.end()) - busy_ns.begin());
}

}  // namespace

// Receives spans and summaries in start order and turns them into tile items: wide spans as they are, narrow
// things merged while they fall into the same pixel column.
class TileEngine::LaneCollector {
 public:
  LaneCollector(const TileRequest& request, double ns_per_px, std::vector<TileSpan>& out)
      : request_(request), ns_per_px_(ns_per_px), out_(out) {}

  void span(const Span& span, SpanId id) {
    const double width_px = static_cast<double>(span.end_ns - span.start_ns) / ns_per_px_;
    if (width_px >= 1.0) {
      flush();
      out_.push_back({span.start_ns, span.end_ns, 1, id, span.region, span.family, span.depth});
      return;
    }
    merge(summary_of(span), id);
  }

  void merge(const Summary& summary, SpanId single = kNone) {
    const std::int64_t column = column_of(summary.min_start_ns);
    if (open_ && column <= column_of(bucket_.max_end_ns)) {
      absorb(bucket_, summary);
      bucket_span_ = kNone;
      return;
    }
    flush();
    bucket_ = summary;
    bucket_span_ = single;
    open_ = true;
  }

  void flush() {
    if (!open_) {
      return;
    }
    const auto count = static_cast<std::uint32_t>(std::min<std::uint64_t>(bucket_.count, 0xFFFF'FFFFu));
    out_.push_back({bucket_.min_start_ns, bucket_.max_end_ns, count, count == 1 ? bucket_span_ : kNone, bucket_.region,
                    dominant(bucket_.busy_ns), bucket_.min_depth});
    open_ = false;
  }

 private:
  [[nodiscard]] std::int64_t column_of(std::int64_t time_ns) const {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(time_ns - request_.t0_ns) / ns_per_px_));
  }

  const TileRequest& request_;
  double ns_per_px_;
  std::vector<TileSpan>& out_;
  Summary bucket_;
  SpanId bucket_span_ = kNone;
  bool open_ = false;
};

TileEngine::Summary TileEngine::summary_of(const Span& span) {
  Summary summary;
  summary.min_start_ns = span.start_ns;
  summary.max_end_ns = span.end_ns;
  summary.count = 1;
  summary.region = span.region;
  summary.min_depth = span.depth;
  summary.busy_ns[static_cast<std::size_t>(span.family)] = span.end_ns - span.start_ns + 1;
  return summary;
}

void TileEngine::absorb(Summary& into, const Summary& other) {
  into.min_start_ns = std::min(into.min_start_ns, other.min_start_ns);
  into.max_end_ns = std::max(into.max_end_ns, other.max_end_ns);
  into.count += other.count;
  into.region = into.region == other.region ? into.region : kNone;
  into.min_depth = std::min(into.min_depth, other.min_depth);
  for (std::size_t f = 0; f < kFamilyCount; ++f) {
    into.busy_ns[f] += other.busy_ns[f];
  }
}

TileEngine::TileEngine(const TraceIndex& index)
    : index_(index),
      pyramids_(index.lanes.size()),
      channels_(index),
      rma_channels_(MessageChannels::rma_operations(index)),
      epochs_(IntervalLanes::rma_epochs(index)),
      io_(IntervalLanes::io_operations(index)),
      file_opens_(IntervalLanes::file_opens(index)),
      seeks_(IntervalLanes::file_seeks(index)) {
  for (LaneId lane = 0; lane < index.lanes.size(); ++lane) {
    const LaneInfo& info = index.lanes[lane];
    Pyramid& pyramid = pyramids_[lane];
    std::size_t below = info.span_end - info.span_begin;
    // Level 0 summarizes spans; each further level summarizes the one below until one level has <= kFanout nodes.
    while (below > kFanout || (pyramid.levels.empty() && below > 0)) {
      std::vector<Summary> level((below + kFanout - 1) / kFanout);
      for (std::size_t n = 0; n < level.size(); ++n) {
        Summary& s = level[n];
        const std::size_t first = n * kFanout;
        const std::size_t last = std::min(below, first + kFanout);
        for (std::size_t c = first; c < last; ++c) {
          const Summary child =
              pyramid.levels.empty() ? summary_of(index.spans[info.span_begin + c]) : pyramid.levels.back()[c];
          if (c == first) {
            s = child;
          } else {
            absorb(s, child);
          }
        }
      }
      below = level.size();
      pyramid.levels.push_back(std::move(level));
    }
  }
  for (const Collective& collective : index.collectives) {
    max_collective_ns_ = std::max(max_collective_ns_, collective.end_ns - collective.start_ns);
  }
}

Tile TileEngine::query(const TileRequest& request) const {
  if (request.t1_ns <= request.t0_ns) {
    throw std::invalid_argument("empty time window: t1 must be greater than t0");
  }
  if (request.width_px == 0 || request.width_px > 100'000) {
    throw std::invalid_argument("width must be 1..100000 pixels");
  }
  Tile tile;
  tile.t0_ns = request.t0_ns;
  tile.t1_ns = request.t1_ns;
  tile.width_px = request.width_px;
  const double ns_per_px = static_cast<double>(request.t1_ns - request.t0_ns) / request.width_px;
  std::vector<bool> visible(index_.lanes.size(), request.lanes.empty());
  for (LaneId lane : request.lanes) {
    if (lane >= index_.lanes.size()) {
      throw std::invalid_argument("no lane " + std::to_string(lane));
    }
    visible[lane] = true;
  }
  for (LaneId lane = 0; lane < index_.lanes.size(); ++lane) {
    if (visible[lane]) {
      TileLane out{lane, {}};
      query_lane(lane, request, ns_per_px, out.spans);
      tile.lanes.push_back(std::move(out));
    }
  }
  channels_.query(request.t0_ns, request.t1_ns, ns_per_px, visible, tile.messages);
  rma_channels_.query(request.t0_ns, request.t1_ns, ns_per_px, visible, tile.rma_ops);
  epochs_.query(request.t0_ns, request.t1_ns, ns_per_px, visible, tile.epochs);
  io_.query(request.t0_ns, request.t1_ns, ns_per_px, visible, tile.io_ops);
  file_opens_.query(request.t0_ns, request.t1_ns, ns_per_px, visible, tile.file_opens);
  seeks_.query(request.t0_ns, request.t1_ns, ns_per_px, visible, tile.seeks);
  query_collectives(request, ns_per_px, tile);
  return tile;
}

void TileEngine::query_lane(LaneId lane, const TileRequest& request, double ns_per_px,
                            std::vector<TileSpan>& out) const {
  LaneCollector collector(request, ns_per_px, out);
  const auto& levels = pyramids_[lane].levels;
  const auto first_span = index_.lanes[lane].span_begin;
  descend<kFanout>(index_.lanes[lane].span_end - first_span, levels, [&](std::size_t level, std::size_t node) {
    if (level == 0) {
      const auto id = static_cast<SpanId>(first_span + node);
      const Span& span = index_.spans[id];
      if (span.end_ns >= request.t0_ns && span.start_ns <= request.t1_ns) {
        collector.span(span, id);
      }
      return false;
    }
    const Summary& summary = levels[level - 1][node];
    if (summary.max_end_ns < request.t0_ns || summary.min_start_ns > request.t1_ns) {
      return false;
    }
    if (static_cast<double>(summary.max_end_ns - summary.min_start_ns) < ns_per_px) {
      collector.merge(summary);
      return false;
    }
    return true;
  });
  collector.flush();
}

void TileEngine::query_collectives(const TileRequest& request, double ns_per_px, Tile& tile) const {
  const auto& collectives = index_.collectives;
  auto it = std::lower_bound(collectives.begin(), collectives.end(), request.t0_ns - max_collective_ns_,
                             [](const Collective& c, std::int64_t t) { return c.start_ns < t; });
  std::map<std::uint32_t, std::size_t> last_of_comm;  // comm -> its latest band in the tile
  for (; it != collectives.end() && it->start_ns <= request.t1_ns; ++it) {
    const Collective& c = *it;
    if (c.end_ns < request.t0_ns) {
      continue;
    }
    if (auto found = last_of_comm.find(c.comm); found != last_of_comm.end()) {
      TileCollective& band = tile.collectives[found->second];
      // Merge into the previous band of this communicator while it is still within a pixel of it.
      if (static_cast<double>(c.start_ns - band.end_ns) < ns_per_px &&
          static_cast<double>(c.end_ns - c.start_ns) < ns_per_px) {
        band.end_ns = std::max(band.end_ns, c.end_ns);
        ++band.count;
        continue;
      }
    }
    const auto id = static_cast<std::uint32_t>(&c - collectives.data());
    last_of_comm[c.comm] = tile.collectives.size();
    tile.collectives.push_back({c.comm, c.start_ns, c.end_ns, 1, id, c.op});
  }
}

}  // namespace mpisight::viewer
