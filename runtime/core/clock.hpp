// The recorder's clock: raw invariant-TSC ticks (one rdtsc, ~11 ns here), or CLOCK_MONOTONIC ns where the
// TSC cannot be trusted. Ticks become ns at conversion, by interpolating between ClockAnchor records.
#pragma once

#include <cstdint>

#include "core/journal_format.hpp"

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace mpisight::clock {

namespace detail {
extern bool g_use_tsc;  // decided once when the library loads
std::uint64_t monotonic_ticks() noexcept;
}  // namespace detail

[[nodiscard, gnu::always_inline]] inline std::uint64_t ticks() noexcept {
#if defined(__x86_64__)
  if (detail::g_use_tsc) [[likely]] {
    return __rdtsc();
  }
#endif
  return detail::monotonic_ticks();
}

[[nodiscard]] journal::ClockKind kind() noexcept;
[[nodiscard]] std::uint64_t monotonic_ns() noexcept;
[[nodiscard]] std::uint64_t realtime_ns() noexcept;

// Whether this CPU has an invariant TSC (CPUID 0x80000007 EDX bit 8); exposed for tests and the benchmark.
[[nodiscard]] bool has_invariant_tsc() noexcept;

}  // namespace mpisight::clock
