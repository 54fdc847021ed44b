// OTF2's interpolation: the slope of an interval is the offset difference over the time difference, both converted
// to double as differences; a timestamp gets the interval's offset plus the rounded (rint) slope * distance.
#include "trace/detail/clock_correction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mpisight::trace::detail {

ClockCorrection::ClockCorrection(std::span<const ClockOffset> offsets) {
  if (offsets.size() > 1) {
    same_to_ = 0;  // nothing known yet: the first timestamp interpolates
    same_from_ = 1;
  }
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
  const std::int64_t offset = offset_at(intervals_[current_], time);
  same_from_ = time;
  same_to_ = last_time_with_offset(time, offset);
  same_offset_ = offset;
  return time + static_cast<std::uint64_t>(offset);
}

// Within one interval the offset is a monotone function of the timestamp (every step of offset_at is monotone:
// the conversions, the product with a fixed slope, the rounding). So if `time` and a later timestamp get the same
// offset, so does every timestamp between them. The later one is a guess just short of where slope * distance
// reaches the next rounding boundary, confirmed by computing its offset exactly; `time` itself if that fails.
// The range stays inside the interval, so that the cursor would not have moved for any timestamp in it.
std::uint64_t ClockCorrection::last_time_with_offset(std::uint64_t time, std::int64_t offset) const noexcept {
  const Interval& interval = intervals_[current_];
  const std::uint64_t limit =
      current_ + 1 < intervals_.size() ? interval.end : std::numeric_limits<std::uint64_t>::max();
  if (time >= limit) {
    return time;
  }
  const auto distance_to = [&](std::uint64_t t) {
    return t >= interval.begin ? static_cast<double>(t - interval.begin) : -static_cast<double>(interval.begin - t);
  };
  double target = distance_to(limit);
  if (interval.slope != 0) {
    const double rounded = static_cast<double>(offset - interval.offset);
    const double boundary = (rounded + std::copysign(0.5, interval.slope)) / interval.slope;
    target = std::min(target, std::floor(boundary) - 2 - std::fabs(boundary) * 1e-12);
  }
  const double now = distance_to(time);
  if (!(target > now)) {  // also NaN
    return time;
  }
  // time < candidate <= limit: the conversions below stay in range.
  const std::uint64_t candidate = target >= distance_to(limit) ? limit
                                  : target >= 0                ? interval.begin + static_cast<std::uint64_t>(target)
                                                               : interval.begin - static_cast<std::uint64_t>(-target);
  return candidate > time && offset_at(interval, candidate) == offset ? candidate : time;
}

}  // namespace mpisight::trace::detail
