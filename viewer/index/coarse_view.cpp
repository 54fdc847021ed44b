// Binning calls by time, and reading bins back as tile spans.
#include "index/coarse_view.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mpisight::viewer {
namespace {

// Enough columns for a first paint across a wide window, few enough that many lanes stay small (<= ~60 MiB).
constexpr std::size_t kMaxBins = 2048;
constexpr std::size_t kMinBins = 64;
constexpr std::size_t kMaxCells = std::size_t{1} << 20;

}  // namespace

CoarseView::CoarseView(std::size_t lanes, std::int64_t begin_ns, std::int64_t end_ns)
    : lanes_(lanes), begin_ns_(begin_ns), end_ns_(end_ns) {
  if (lanes == 0 || end_ns <= begin_ns) {
    return;
  }
  bins_ = std::clamp(kMaxCells / lanes, kMinBins, kMaxBins);
  bins_ = std::min<std::size_t>(bins_, static_cast<std::size_t>(end_ns - begin_ns));
  cells_.resize(lanes_ * bins_);
}

std::optional<CoarseView> CoarseView::from_cells(std::size_t lanes, std::int64_t begin_ns, std::int64_t end_ns,
                                                 std::vector<Bin> cells) {
  CoarseView view(lanes, begin_ns, end_ns);
  if (cells.size() != view.cells_.size()) {
    return std::nullopt;
  }
  view.cells_ = std::move(cells);
  return view;
}

std::int64_t CoarseView::bin_begin(std::size_t bin) const {
  const auto length = static_cast<double>(end_ns_ - begin_ns_);
  return begin_ns_ + static_cast<std::int64_t>(length * static_cast<double>(bin) / static_cast<double>(bins_));
}

void CoarseView::add(std::size_t lane, std::int64_t start_ns, std::int64_t end_ns, Family family) {
  if (bins_ == 0 || lane >= lanes_) {
    return;
  }
  const auto length = static_cast<double>(end_ns_ - begin_ns_);
  auto bin_of = [&](std::int64_t t) {
    const double at = static_cast<double>(t - begin_ns_) / length * static_cast<double>(bins_);
    return static_cast<std::size_t>(std::clamp(at, 0.0, static_cast<double>(bins_ - 1)));
  };
  Bin* row = cells_.data() + lane * bins_;
  const std::size_t first = bin_of(start_ns);
  const std::size_t last = bin_of(end_ns);
  ++row[first].calls;
  const auto f = static_cast<std::size_t>(family);
  if (first == last) {
    row[first].busy_ns[f] += end_ns - start_ns + 1;  // +1: instants still count for their family
    return;
  }
  for (std::size_t bin = first; bin <= last; ++bin) {
    const std::int64_t from = std::max(start_ns, bin_begin(bin));
    const std::int64_t to = bin + 1 < bins_ ? std::min(end_ns, bin_begin(bin + 1)) : end_ns;
    row[bin].busy_ns[f] += std::max<std::int64_t>(to - from, 0) + 1;
  }
}

Tile CoarseView::query(const TileRequest& request) const {
  if (request.t1_ns <= request.t0_ns) {
    throw std::invalid_argument("empty time window: t1 must be greater than t0");
  }
  Tile tile;
  tile.t0_ns = request.t0_ns;
  tile.t1_ns = request.t1_ns;
  tile.width_px = request.width_px;
  if (request.width_px == 0) {
    throw std::invalid_argument("width must be at least one pixel");
  }
  const double ns_per_px = static_cast<double>(request.t1_ns - request.t0_ns) / request.width_px;
  std::vector<bool> visible(lanes_, request.lanes.empty());
  for (LaneId lane : request.lanes) {
    if (lane < lanes_) {
      visible[lane] = true;
    }
  }
  for (std::size_t lane = 0; lane < lanes_; ++lane) {
    if (!visible[lane]) {
      continue;
    }
    TileLane out{static_cast<LaneId>(lane), {}};
    // Bins narrower than a pixel are merged per pixel column, as the tile engine merges calls.
    Bin bucket;
    std::int64_t bucket_from = 0;
    std::int64_t bucket_to = 0;
    std::int64_t bucket_column = 0;
    bool open = false;
    auto flush = [&] {
      if (!open) {
        return;
      }
      const auto family =
          static_cast<Family>(std::max_element(bucket.busy_ns.begin(), bucket.busy_ns.end()) - bucket.busy_ns.begin());
      out.spans.push_back({bucket_from, bucket_to, bucket.calls, kNone, kNone, family, 0});  // no id: no details
      bucket = Bin{};
      open = false;
    };
    for (std::size_t bin = 0; bin < bins_; ++bin) {
      const Bin& b = cells_[lane * bins_ + bin];
      const std::int64_t from = bin_begin(bin);
      const std::int64_t to = bin + 1 < bins_ ? bin_begin(bin + 1) : end_ns_;
      const bool busy = std::any_of(b.busy_ns.begin(), b.busy_ns.end(), [](std::int64_t ns) { return ns > 0; });
      if (!busy || to < request.t0_ns || from > request.t1_ns) {
        flush();
        continue;
      }
      const auto column = static_cast<std::int64_t>(std::floor(static_cast<double>(from - request.t0_ns) / ns_per_px));
      if (!open || column != bucket_column) {
        flush();
        bucket_from = from;
        bucket_column = column;
        open = true;
      }
      bucket_to = to;
      bucket.calls += b.calls;
      for (std::size_t f = 0; f < kFamilyCount; ++f) {
        bucket.busy_ns[f] += b.busy_ns[f];
      }
    }
    flush();
    tile.lanes.push_back(std::move(out));
  }
  return tile;
}

}  // namespace mpisight::viewer
