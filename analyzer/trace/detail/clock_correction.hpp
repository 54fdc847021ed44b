// The clock correction OTF2's event reader applies to a location's timestamps from its ClockOffset local
// definitions, reproduced bit for bit for the direct decoder: linear interpolation between consecutive offsets.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace mpisight::trace::detail {

struct ClockOffset {
  std::uint64_t time = 0;  // ticks
  std::int64_t offset = 0;
};

// rint() in the default rounding mode (to nearest, ties to even), without a libm call: adding and subtracting 2^52
// leaves no fraction bits, so the addition rounds exactly as rint does. Larger values are integers already.
[[nodiscard]] inline double round_half_even(double value) noexcept {
  constexpr double kNoFractionBits = 4503599627370496.0;  // 2^52
  const double magnitude = std::fabs(value);
  return magnitude < kNoFractionBits ? std::copysign((magnitude + kNoFractionBits) - kNoFractionBits, value) : value;
}

class ClockCorrection {
 public:
  ClockCorrection() = default;
  // `offsets` in file order, times strictly increasing (OTF2 refuses others while reading the definitions).
  explicit ClockCorrection(std::span<const ClockOffset> offsets);

  // Corrects one timestamp. Like OTF2, it moves forward through the intervals only, so it is called in file order
  // for every record, converted or not.
  [[nodiscard]] std::uint64_t apply(std::uint64_t time) noexcept {
    if (time >= same_from_ && time <= same_to_) [[likely]] {
      return time + static_cast<std::uint64_t>(same_offset_);
    }
    return interpolate(time);
  }

 private:
  struct Interval {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    std::int64_t offset = 0;
    double slope = 0;
  };
  [[nodiscard]] std::uint64_t interpolate(std::uint64_t time) noexcept;
  [[nodiscard]] static std::int64_t offset_at(const Interval& interval, std::uint64_t time) noexcept;
  [[nodiscard]] std::uint64_t last_time_with_offset(std::uint64_t time, std::int64_t offset) const noexcept;

  std::vector<Interval> intervals_;  // one per pair of consecutive offsets; a single offset corrects nothing
  std::size_t current_ = 0;
  // Timestamps known to get one offset in the current interval, so that most timestamps need no floating point:
  // [same_from_, same_to_] gets same_offset_ (without intervals, every timestamp gets 0).
  std::uint64_t same_from_ = 0;
  std::uint64_t same_to_ = std::numeric_limits<std::uint64_t>::max();
  std::int64_t same_offset_ = 0;
};

inline std::int64_t ClockCorrection::offset_at(const Interval& interval, std::uint64_t time) noexcept {
  const double distance =
      time >= interval.begin ? static_cast<double>(time - interval.begin) : -static_cast<double>(interval.begin - time);
  return interval.offset + static_cast<std::int64_t>(round_half_even(interval.slope * distance));
}

}  // namespace mpisight::trace::detail
