// OTF2's interpolation: the slope of an interval is the offset difference over the time difference, both converted
// to double as differences; a timestamp gets the interval's offset plus the rounded (rint) slope * distance.
#include "trace/detail/clock_correction.hpp"

#include <cmath>

namespace mpisight::trace::detail {
namespace {

// rint() in the default rounding mode (to nearest, ties to even), without a libm call: adding and subtracting 2^52
// leaves no fraction bits, so the addition rounds exactly as rint does. Larger values are integers already.
double round_half_even(double value) noexcept {
  constexpr double kNoFractionBits = 4503599627370496.0;  // 2^52
  const double magnitude = std::fabs(value);
  return magnitude < kNoFractionBits ? std::copysign((magnitude + kNoFractionBits) - kNoFractionBits, value) : value;
}

}  // namespace

ClockCorrection::ClockCorrection(std::span<const ClockOffset> offsets) {
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    const ClockOffset& from = offsets[i - 1];
    const ClockOffset& to = offsets[i];
    intervals_.push_back(
        Interval{.begin = from.time,
                 .end = to.time,
                 .offset = from.offset,
                 .slope = static_cast<double>(to.offset - from.offset) / static_cast<double>(to.time - from.time)});
  }
}

std::uint64_t ClockCorrection::interpolate(std::uint64_t time) noexcept {
  // Timestamps past the last interval use the last one.
  while (current_ + 1 < intervals_.size() && time > intervals_[current_].end) {
    ++current_;
  }
  const Interval& interval = intervals_[current_];
  const double distance =
      time >= interval.begin ? static_cast<double>(time - interval.begin) : -static_cast<double>(interval.begin - time);
  const std::int64_t offset = interval.offset + static_cast<std::int64_t>(round_half_even(interval.slope * distance));
  return time + static_cast<std::uint64_t>(offset);
}

}  // namespace mpisight::trace::detail
