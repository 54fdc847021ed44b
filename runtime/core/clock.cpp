// Chooses the tick source once at load time and reads the system clocks used for anchors.
#include "core/clock.hpp"

#include <cpuid.h>
#include <time.h>

#include <cstdlib>
#include <cstring>

namespace mpisight::clock {
namespace {

std::uint64_t read_ns(clockid_t id) noexcept {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

bool choose_tsc() noexcept {
  const char* forced = std::getenv("MPISIGHT_CLOCK");
  if (forced != nullptr && std::strcmp(forced, "monotonic") == 0) {
    return false;
  }
  return has_invariant_tsc();
}

}  // namespace

bool detail::g_use_tsc = choose_tsc();

std::uint64_t detail::monotonic_ticks() noexcept {
  return read_ns(CLOCK_MONOTONIC);
}

bool has_invariant_tsc() noexcept {
#if defined(__x86_64__)
  unsigned eax = 0;
  unsigned ebx = 0;
  unsigned ecx = 0;
  unsigned edx = 0;
  if (__get_cpuid(0x80000000U, &eax, &ebx, &ecx, &edx) == 0 || eax < 0x80000007U) {
    return false;
  }
  __get_cpuid(0x80000007U, &eax, &ebx, &ecx, &edx);
  return (edx & (1U << 8U)) != 0;
#else
  return false;
#endif
}

journal::ClockKind kind() noexcept {
  return detail::g_use_tsc ? journal::ClockKind::kTsc : journal::ClockKind::kMonotonicNs;
}

std::uint64_t monotonic_ns() noexcept {
  return read_ns(CLOCK_MONOTONIC);
}

std::uint64_t realtime_ns() noexcept {
  return read_ns(CLOCK_REALTIME);
}

}  // namespace mpisight::clock
