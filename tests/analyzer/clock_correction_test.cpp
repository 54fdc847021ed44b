// ClockCorrection remembers ranges of timestamps that get one offset: it must still correct every timestamp
// exactly as OTF2's formula does, computed afresh, for rising, falling, tiny and steep slopes.
#include "trace/detail/clock_correction.hpp"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <vector>

namespace mpisight::trace::detail {
namespace {

// OTF2's interpolation without any memory but the forward-only interval cursor.
class Reference {
 public:
  explicit Reference(std::vector<ClockOffset> offsets) : offsets_(std::move(offsets)) {}

  std::uint64_t apply(std::uint64_t time) {
    if (offsets_.size() < 2) {
      return time;
    }
    while (current_ + 2 < offsets_.size() && time > offsets_[current_ + 1].time) {
      ++current_;
    }
    const ClockOffset& from = offsets_[current_];
    const ClockOffset& to = offsets_[current_ + 1];
    const double slope = static_cast<double>(to.offset - from.offset) / static_cast<double>(to.time - from.time);
    const double distance =
        time >= from.time ? static_cast<double>(time - from.time) : -static_cast<double>(from.time - time);
    return time + static_cast<std::uint64_t>(from.offset + static_cast<std::int64_t>(std::rint(slope * distance)));
  }

 private:
  std::vector<ClockOffset> offsets_;
  std::size_t current_ = 0;
};

// Timestamps from `first` to past `last`: mostly small steps, some repeats, some jumps, a few steps back.
std::vector<std::uint64_t> timestamps(std::uint64_t first, std::uint64_t last, std::uint64_t step, std::uint64_t jump) {
  std::vector<std::uint64_t> times;
  std::uint64_t state = 12345;
  std::uint64_t time = first;
  while (time < last && times.size() < 400'000) {
    times.push_back(time);
    state = state * 6364136223846793005u + 1442695040888963407u;
    const std::uint64_t roll = state >> 33;
    if (roll % 97 == 0 && time > first + step) {
      time -= roll % step;  // BufferFlush stop times and the like
    } else if (roll % 13 == 0) {
      time += roll % jump;
    } else if (roll % 5 != 0) {
      time += 1 + roll % step;
    }
  }
  return times;
}

void expect_as_reference(const std::vector<ClockOffset>& offsets, std::uint64_t first, std::uint64_t last,
                         std::uint64_t step, std::uint64_t jump) {
  ClockCorrection correction(offsets);
  Reference reference(offsets);
  std::size_t index = 0;
  for (const std::uint64_t time : timestamps(first, last, step, jump)) {
    ASSERT_EQ(correction.apply(time), reference.apply(time)) << "timestamp " << index << ": " << time;
    ++index;
  }
  EXPECT_GT(index, 1000U);
}

TEST(ClockCorrection, RisingAndFallingFractionalSlopes) {
  expect_as_reference({{90, 1000}, {1093, 1333}, {5000, -250}, {9001, -251}}, 0, 12'000, 4, 50);
}

TEST(ClockCorrection, TinyDriftOverALongRun) {
  // About 1 ns of drift per 10 us over an hour of nanosecond ticks, as two ranks' clocks drift.
  const std::uint64_t start = 53'897'830'809'329;
  expect_as_reference({{start, -3'000'000}, {start + 3'600'000'000'000, -3'360'000}}, start - 1'000'000,
                      start + 3'700'000'000'000, 100, 40'000'000);
  expect_as_reference({{start, 7}, {start + 3'600'000'000'000, 370'007}}, start, start + 50'000'000, 100, 2'000);
}

TEST(ClockCorrection, SteepSlopesAndAFlatOne) {
  expect_as_reference({{1000, 0}, {2000, 1'000'000}, {3000, -5'000'000}}, 0, 5000, 2, 20);
  expect_as_reference({{1000, 42}, {2000, 42}, {1'000'000, 43}}, 0, 2'000'000, 100, 20'000);
}

TEST(ClockCorrection, NoOrOneOffsetCorrectsNothing) {
  ClockCorrection none;
  EXPECT_EQ(none.apply(123), 123U);
  ClockCorrection one(std::vector<ClockOffset>{{500, 7}});
  EXPECT_EQ(one.apply(1000), 1000U);
}

}  // namespace
}  // namespace mpisight::trace::detail
