// The clock correction OTF2's event reader applies to a location's timestamps from its ClockOffset local
// definitions, reproduced bit for bit for the direct decoder: linear interpolation between consecutive offsets.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace mpisight::trace::detail {

struct ClockOffset {
  std::uint64_t time = 0;  // ticks
  std::int64_t offset = 0;
};

class ClockCorrection {
 public:
  ClockCorrection() = default;
  // `offsets` in file order, times strictly increasing (OTF2 refuses others while reading the definitions).
  explicit ClockCorrection(std::span<const ClockOffset> offsets);

  // Corrects one timestamp. Like OTF2, it moves forward through the intervals only, so it is called in file order
  // for every record, converted or not.
  [[nodiscard]] std::uint64_t apply(std::uint64_t time) noexcept {
    return intervals_.empty() ? time : interpolate(time);
  }

 private:
  struct Interval {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    std::int64_t offset = 0;
    double slope = 0;
  };
  [[nodiscard]] std::uint64_t interpolate(std::uint64_t time) noexcept;

  std::vector<Interval> intervals_;  // one per pair of consecutive offsets; a single offset corrects nothing
  std::size_t current_ = 0;
};

}  // namespace mpisight::trace::detail
