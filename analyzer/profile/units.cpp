// Unit scaling for report text.
#include "profile/units.hpp"

#include <fmt/format.h>

namespace mpisight::analyzer {

std::string format_duration_ns(double duration_ns) {
  if (duration_ns < 999.5) {
    return fmt::format("{:.0f} ns", duration_ns);
  }
  if (duration_ns < 999'995.0) {
    return fmt::format("{:.2f} us", duration_ns / 1e3);
  }
  if (duration_ns < 999'995'000.0) {
    return fmt::format("{:.2f} ms", duration_ns / 1e6);
  }
  return fmt::format("{:.2f} s", duration_ns / 1e9);
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1024) {
    return fmt::format("{} B", bytes);
  }
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  // Switch units before rounding would print "1024.00".
  while (value >= 1023.995 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.2f} {}", value, kUnits[unit]);
}

}  // namespace mpisight::analyzer
