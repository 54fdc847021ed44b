// Maps a process's raw clock ticks to CLOCK_MONOTONIC nanoseconds by interpolating between its ClockAnchor
// records, so no calibration is needed while recording and a crashed run converts as well as a clean one.
#pragma once

#include <cstdint>
#include <vector>

#include "core/journal_format.hpp"

namespace mpisight::otf2 {

struct Anchor {
  std::uint64_t ticks;
  std::uint64_t monotonic_ns;
  std::uint64_t realtime_ns;
};

class TickMapping {
 public:
  // `fallback_ns_per_tick` is used only when fewer than two usable anchors exist.
  TickMapping(journal::ClockKind kind, std::vector<Anchor> anchors, double fallback_ns_per_tick);

  [[nodiscard]] std::uint64_t to_ns(std::uint64_t ticks) const noexcept;
  // CLOCK_REALTIME minus CLOCK_MONOTONIC at the first anchor: turns trace time into wall-clock time.
  [[nodiscard]] std::int64_t realtime_offset_ns() const noexcept { return realtime_offset_ns_; }
  [[nodiscard]] bool needs_fallback() const noexcept {
    return anchors_.size() < 2 && kind_ == journal::ClockKind::kTsc;
  }

 private:
  journal::ClockKind kind_;
  std::vector<Anchor> anchors_;  // strictly increasing in both ticks and ns
  double overall_ns_per_tick_;
  std::int64_t realtime_offset_ns_ = 0;
};

// Measures this machine's TSC rate against CLOCK_MONOTONIC over ~20 ms; for runs too short to anchor twice.
[[nodiscard]] double measure_ns_per_tick();

}  // namespace mpisight::otf2
