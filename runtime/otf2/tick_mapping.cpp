// Piecewise-linear ticks -> ns between anchors, extrapolated at both ends with the overall rate.
#include "otf2/tick_mapping.hpp"

#include <time.h>

#include <algorithm>

#include "core/clock.hpp"

namespace mpisight::otf2 {

TickMapping::TickMapping(journal::ClockKind kind, std::vector<Anchor> anchors, double fallback_ns_per_tick)
    : kind_(kind), overall_ns_per_tick_(fallback_ns_per_tick) {
  std::sort(anchors.begin(), anchors.end(), [](const Anchor& a, const Anchor& b) { return a.ticks < b.ticks; });
  for (const Anchor& anchor : anchors) {
    // Keep the mapping monotonic: an anchor that does not move both clocks forward adds only noise.
    if (anchors_.empty() ||
        (anchor.ticks > anchors_.back().ticks && anchor.monotonic_ns > anchors_.back().monotonic_ns)) {
      anchors_.push_back(anchor);
    }
  }
  if (!anchors_.empty()) {
    realtime_offset_ns_ = static_cast<std::int64_t>(anchors_.front().realtime_ns - anchors_.front().monotonic_ns);
  }
  if (anchors_.size() >= 2) {
    overall_ns_per_tick_ = static_cast<double>(anchors_.back().monotonic_ns - anchors_.front().monotonic_ns) /
                           static_cast<double>(anchors_.back().ticks - anchors_.front().ticks);
  }
}

std::uint64_t TickMapping::to_ns(std::uint64_t ticks) const noexcept {
  if (kind_ == journal::ClockKind::kMonotonicNs || anchors_.empty()) {
    return ticks;
  }
  auto after = std::upper_bound(anchors_.begin(), anchors_.end(), ticks,
                                [](std::uint64_t t, const Anchor& anchor) { return t < anchor.ticks; });
  if (after == anchors_.begin() || after == anchors_.end()) {
    const Anchor& base = after == anchors_.begin() ? anchors_.front() : anchors_.back();
    const double delta = (static_cast<double>(ticks) - static_cast<double>(base.ticks)) * overall_ns_per_tick_;
    const double ns = static_cast<double>(base.monotonic_ns) + delta;
    return ns <= 0 ? 0 : static_cast<std::uint64_t>(ns);
  }
  const Anchor& lo = *(after - 1);
  const Anchor& hi = *after;
  const double fraction = static_cast<double>(ticks - lo.ticks) / static_cast<double>(hi.ticks - lo.ticks);
  return lo.monotonic_ns +
         static_cast<std::uint64_t>(fraction * static_cast<double>(hi.monotonic_ns - lo.monotonic_ns));
}

double measure_ns_per_tick() {
  if (clock::kind() != journal::ClockKind::kTsc) {
    return 1.0;
  }
  const std::uint64_t ticks_start = clock::ticks();
  const std::uint64_t ns_start = clock::monotonic_ns();
  const timespec pause{0, 20'000'000};
  nanosleep(&pause, nullptr);
  const std::uint64_t ticks_end = clock::ticks();
  const std::uint64_t ns_end = clock::monotonic_ns();
  return static_cast<double>(ns_end - ns_start) / static_cast<double>(ticks_end - ticks_start);
}

}  // namespace mpisight::otf2
