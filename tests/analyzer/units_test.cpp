// Human units: where each unit starts, and rounding that never prints "1000.00" of the smaller unit.
#include "profile/units.hpp"

#include <gtest/gtest.h>

namespace mpisight::analyzer {
namespace {

TEST(FormatDuration, WholeNanosecondsBelowOneMicrosecond) {
  EXPECT_EQ(format_duration_ns(0), "0 ns");
  EXPECT_EQ(format_duration_ns(600), "600 ns");
  EXPECT_EQ(format_duration_ns(999), "999 ns");
  EXPECT_EQ(format_duration_ns(405.4), "405 ns");
}

TEST(FormatDuration, TwoDecimalsInTheLargestFittingUnit) {
  EXPECT_EQ(format_duration_ns(1'000), "1.00 us");
  EXPECT_EQ(format_duration_ns(1'500), "1.50 us");
  EXPECT_EQ(format_duration_ns(2'340'000), "2.34 ms");
  EXPECT_EQ(format_duration_ns(3'000'000'000), "3.00 s");
  EXPECT_EQ(format_duration_ns(7'200'000'000'000), "7200.00 s");
}

TEST(FormatDuration, RoundingUpMovesToTheNextUnit) {
  EXPECT_EQ(format_duration_ns(999.7), "1.00 us");
  EXPECT_EQ(format_duration_ns(999'999), "1.00 ms");
  EXPECT_EQ(format_duration_ns(999'999'999), "1.00 s");
}

TEST(FormatBytes, WholeBytesBelowOneKibibyte) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(96), "96 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
}

TEST(FormatBytes, BinaryUnitsWithTwoDecimals) {
  EXPECT_EQ(format_bytes(1024), "1.00 KiB");
  EXPECT_EQ(format_bytes(1536), "1.50 KiB");
  EXPECT_EQ(format_bytes(5ull << 20), "5.00 MiB");
  EXPECT_EQ(format_bytes(3ull << 30), "3.00 GiB");
  EXPECT_EQ(format_bytes(2048ull << 40), "2048.00 TiB");
  EXPECT_EQ(format_bytes((1ull << 20) - 1), "1.00 MiB");
}

}  // namespace
}  // namespace mpisight::analyzer
