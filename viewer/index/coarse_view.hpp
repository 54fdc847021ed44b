// A coarse picture of a trace while its index is still being built: per lane, a fixed number of time bins holding
// how many calls started there and how long each family was busy. Filled by the streaming pass in O(1) memory per
// lane, so the page can paint the whole trace long before the index is ready.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "index/family.hpp"
#include "tiles/tile.hpp"

namespace mpisight::viewer {

class CoarseView {
 public:
  CoarseView() = default;
  // [begin_ns, end_ns) is split into bins; an empty range makes a view that stays empty.
  CoarseView(std::size_t lanes, std::int64_t begin_ns, std::int64_t end_ns);

  // One finished call on `lane`: counted in its start bin, its time spread over the bins it covers.
  void add(std::size_t lane, std::int64_t start_ns, std::int64_t end_ns, Family family);

  // The busy bins in [t0, t1] as merged tile spans (count: calls started in the bin; never a span id).
  [[nodiscard]] Tile query(const TileRequest& request) const;

  struct Bin {
    std::uint32_t calls = 0;
    std::array<std::int64_t, kFamilyCount> busy_ns{};
  };

  [[nodiscard]] std::size_t bins() const noexcept { return bins_; }
  [[nodiscard]] std::size_t lanes() const noexcept { return lanes_; }
  [[nodiscard]] std::int64_t begin_ns() const noexcept { return begin_ns_; }
  [[nodiscard]] std::int64_t end_ns() const noexcept { return end_ns_; }
  // The bins as stored in the index file, lane-major; from_cells() takes them back (nullopt if they do not fit).
  [[nodiscard]] const std::vector<Bin>& cells() const noexcept { return cells_; }
  [[nodiscard]] static std::optional<CoarseView> from_cells(std::size_t lanes, std::int64_t begin_ns,
                                                            std::int64_t end_ns, std::vector<Bin> cells);

 private:
  [[nodiscard]] std::int64_t bin_begin(std::size_t bin) const;

  std::size_t lanes_ = 0;
  std::size_t bins_ = 0;
  std::int64_t begin_ns_ = 0;
  std::int64_t end_ns_ = 0;
  std::vector<Bin> cells_;  // lane-major: cells_[lane * bins_ + bin]
};

}  // namespace mpisight::viewer
