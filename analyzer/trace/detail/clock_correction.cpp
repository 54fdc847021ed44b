// OTF2's interpolation: the slope of an interval is the offset difference over the time difference, both converted
// to double as differences; a timestamp gets the interval's offset plus the rounded (rint) slope * distance.
#include "trace/detail/clock_correction.hpp"

#include <cmath>

namespace mpisight::trace::detail {

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

}  // namespace mpisight::trace::detail
