// The direct reader's merge (trace/detail/time_merge.hpp) against the plain rule it must follow: at every step,
// the least (time, location) among the streams' current records comes next, ties and unsorted streams included.
#include "trace/detail/time_merge.hpp"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <utility>
#include <vector>

namespace mpisight::trace::detail {
namespace {

// One location's records, by time only.
class FakeStream {
 public:
  FakeStream(LocationId location, const std::vector<std::uint64_t>& times) {
    for (const std::uint64_t time : times) {
      records_.push_back(Record{.kind = RecordKind::kEnter, .location = location, .time = time, .field = {}});
    }
  }
  [[nodiscard]] const Record& record() const { return records_[next_]; }
  [[nodiscard]] bool next() { return ++next_ < records_.size(); }
  [[nodiscard]] bool empty() const { return records_.empty(); }

 private:
  std::vector<Record> records_;
  std::size_t next_ = 0;
};

using Key = std::pair<std::uint64_t, LocationId>;  // time, location

std::vector<Key> merged(std::vector<FakeStream>& streams) {
  std::vector<FakeStream*> heads;
  for (FakeStream& stream : streams) {
    if (!stream.empty()) {
      heads.push_back(&stream);
    }
  }
  std::vector<Key> keys;
  merge_in_time_order(std::move(heads), [&](const FakeStream& stream) {
    keys.emplace_back(stream.record().time, stream.record().location);
  });
  return keys;
}

// The rule itself: a linear scan for the least head, one record at a time.
std::vector<Key> by_the_rule(const std::vector<std::vector<std::uint64_t>>& times) {
  std::vector<std::size_t> next(times.size(), 0);
  std::vector<Key> keys;
  for (;;) {
    std::size_t least = times.size();
    for (std::size_t location = 0; location < times.size(); ++location) {
      if (next[location] < times[location].size() &&
          (least == times.size() || times[location][next[location]] < times[least][next[least]])) {
        least = location;  // a strict comparison keeps the lower location on equal times
      }
    }
    if (least == times.size()) {
      return keys;
    }
    keys.emplace_back(times[least][next[least]++], least);
  }
}

std::vector<Key> merged(const std::vector<std::vector<std::uint64_t>>& times) {
  std::vector<FakeStream> streams;
  for (std::size_t location = 0; location < times.size(); ++location) {
    streams.emplace_back(location, times[location]);
  }
  return merged(streams);
}

TEST(TimeMerge, EqualTimesGoToTheLowerLocationFirst) {
  const std::vector<std::vector<std::uint64_t>> times = {{5, 5, 7}, {5, 6, 7, 7}, {4, 5}};
  const std::vector<Key> expected = {{4, 2}, {5, 0}, {5, 0}, {5, 1}, {5, 2}, {6, 1}, {7, 0}, {7, 1}, {7, 1}};
  EXPECT_EQ(merged(times), expected);
  EXPECT_EQ(by_the_rule(times), expected);
}

TEST(TimeMerge, ARunStopsAtTheRunnerUpsTimeUnlessItsLocationIsLower) {
  // Location 1 leads with a run that reaches location 0's time: the tie goes to location 0, which then runs on.
  const std::vector<std::vector<std::uint64_t>> times = {{10, 10, 11}, {1, 2, 10, 10, 12}};
  const std::vector<Key> expected = {{1, 1}, {2, 1}, {10, 0}, {10, 0}, {10, 1}, {10, 1}, {11, 0}, {12, 1}};
  EXPECT_EQ(merged(times), expected);
}

TEST(TimeMerge, OneStreamAndNoStream) {
  EXPECT_EQ(merged({{3, 1, 2}}), (std::vector<Key>{{3, 0}, {1, 0}, {2, 0}}));
  EXPECT_TRUE(merged(std::vector<std::vector<std::uint64_t>>{}).empty());
  EXPECT_EQ(merged({{}, {2}, {}}), (std::vector<Key>{{2, 1}}));
}

TEST(TimeMerge, FollowsTheRuleOnManyLocationsWithTiesRunsAndUnsortedStreams) {
  std::mt19937_64 random(20261121);
  for (int round = 0; round < 200; ++round) {
    const std::size_t locations = 1 + random() % 40;
    std::vector<std::vector<std::uint64_t>> times(locations);
    for (auto& stream : times) {
      std::uint64_t time = random() % 8;
      for (std::size_t i = random() % 60; i > 0; --i) {
        // Mostly rising in small steps (many ties across locations), sometimes stepping back (a clock offset can).
        time = random() % 10 == 0 ? time - std::min<std::uint64_t>(time, random() % 4) : time + random() % 3;
        stream.push_back(time);
      }
    }
    const std::vector<Key> keys = merged(times);
    ASSERT_EQ(keys, by_the_rule(times)) << "round " << round << ", " << locations << " locations";
  }
}

}  // namespace
}  // namespace mpisight::trace::detail
