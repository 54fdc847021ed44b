// Ticks map to nanoseconds exactly at anchors, linearly between them, and monotonically beyond them.
#include "otf2/tick_mapping.hpp"

#include <gtest/gtest.h>

namespace mpisight::otf2 {
namespace {

TEST(TickMapping, ExactAtAnchorsAndLinearBetween) {
  const TickMapping mapping(journal::ClockKind::kTsc, {{1000, 5000, 90000}, {3000, 6000, 91000}, {5000, 8000, 93000}},
                            0.0);
  EXPECT_EQ(mapping.to_ns(1000), 5000U);
  EXPECT_EQ(mapping.to_ns(3000), 6000U);
  EXPECT_EQ(mapping.to_ns(2000), 5500U);  // first segment: 0.5 ns per tick
  EXPECT_EQ(mapping.to_ns(4000), 7000U);  // second segment: 1 ns per tick
  EXPECT_EQ(mapping.realtime_offset_ns(), 85000);
}

TEST(TickMapping, ExtrapolatesWithTheOverallRate) {
  const TickMapping mapping(journal::ClockKind::kTsc, {{1000, 5000, 0}, {3000, 6000, 0}, {5000, 8000, 0}}, 0.0);
  // Overall: 3000 ns over 4000 ticks.
  EXPECT_EQ(mapping.to_ns(9000), 8000U + 3000U);
  EXPECT_EQ(mapping.to_ns(0), 5000U - 750U);
}

TEST(TickMapping, IgnoresAnchorsThatWouldRunBackwards) {
  const TickMapping mapping(journal::ClockKind::kTsc, {{1000, 5000, 0}, {2000, 4000, 0}, {3000, 7000, 0}}, 0.0);
  EXPECT_EQ(mapping.to_ns(2000), 6000U);
  std::uint64_t previous = 0;
  for (std::uint64_t t = 0; t < 6000; t += 7) {
    const std::uint64_t now = mapping.to_ns(t);
    EXPECT_GE(now, previous);
    previous = now;
  }
}

TEST(TickMapping, OneAnchorUsesTheFallbackRate) {
  const TickMapping mapping(journal::ClockKind::kTsc, {{1000, 5000, 0}}, 2.0);
  EXPECT_TRUE(mapping.needs_fallback());
  EXPECT_EQ(mapping.to_ns(1500), 6000U);
}

TEST(TickMapping, MonotonicClockIsAlreadyNanoseconds) {
  const TickMapping mapping(journal::ClockKind::kMonotonicNs, {{1000, 1000, 0}}, 1.0);
  EXPECT_EQ(mapping.to_ns(123456), 123456U);
}

TEST(TickMapping, MeasuredTscRateIsPlausible) {
  const double ns_per_tick = measure_ns_per_tick();
  EXPECT_GT(ns_per_tick, 0.05);  // below 20 GHz
  EXPECT_LT(ns_per_tick, 5.0);   // above 200 MHz
}

}  // namespace
}  // namespace mpisight::otf2
