// A mixed type's signature names the shortest basic-type sequence its type map repeats, and its element count
// the repetitions: these tests hold shortest_period() to the groupings MPI's type matching treats as equal.
#include "semantics/signature_period.hpp"

#include <gtest/gtest.h>

namespace mpisight::interpose {
namespace {

constexpr std::uint32_t kInt = 1;
constexpr std::uint32_t kDouble = 2;
constexpr std::uint32_t kChar = 3;

using Runs = std::vector<BasicRun>;

TEST(SignaturePeriod, AStructThatDoesNotRepeatIsItsOwnPeriod) {
  const Runs runs{{kInt, 1}, {kDouble, 1}};
  const Period period = shortest_period(runs);
  EXPECT_EQ(period.runs, runs);
  EXPECT_EQ(period.repeats, 1U);
}

TEST(SignaturePeriod, AContiguousBlockOfStructsRepeatsTheStruct) {
  const Period period = shortest_period({{kInt, 1}, {kDouble, 1}, {kInt, 1}, {kDouble, 1}});
  EXPECT_EQ(period.runs, (Runs{{kInt, 1}, {kDouble, 1}}));
  EXPECT_EQ(period.repeats, 2U);
}

TEST(SignaturePeriod, TheShortestPeriodWinsOverLongerOnes) {
  const Runs twice{{kInt, 1}, {kDouble, 1}};
  Runs eight;
  for (int i = 0; i < 4; ++i) {
    eight.insert(eight.end(), twice.begin(), twice.end());
  }
  const Period period = shortest_period(eight);
  EXPECT_EQ(period.runs, twice);
  EXPECT_EQ(period.repeats, 4U);
}

TEST(SignaturePeriod, RepetitionsMayMergeAcrossTheirBoundary) {
  // struct{double, int, double} twice: the second struct's first double joins the first one's last.
  const Period period = shortest_period({{kDouble, 1}, {kInt, 1}, {kDouble, 2}, {kInt, 1}, {kDouble, 1}});
  EXPECT_EQ(period.runs, (Runs{{kDouble, 1}, {kInt, 1}, {kDouble, 1}}));
  EXPECT_EQ(period.repeats, 2U);
}

TEST(SignaturePeriod, RunsWithCountsRepeatAsAWhole) {
  const Period period = shortest_period({{kInt, 2}, {kChar, 3}, {kInt, 2}, {kChar, 3}, {kInt, 2}, {kChar, 3}});
  EXPECT_EQ(period.runs, (Runs{{kInt, 2}, {kChar, 3}}));
  EXPECT_EQ(period.repeats, 3U);
}

TEST(SignaturePeriod, SequencesThatOnlyLookPeriodicStayWhole) {
  for (const Runs& runs : {Runs{{kInt, 1}, {kDouble, 1}, {kInt, 1}},                // odd length
                           Runs{{kInt, 1}, {kDouble, 1}, {kInt, 1}, {kDouble, 2}},  // last run longer
                           Runs{{kInt, 2}, {kDouble, 1}, {kInt, 1}, {kDouble, 2}},  // same length, other counts
                           Runs{{kInt, 1}, {kDouble, 1}, {kChar, 1}, {kInt, 1}, {kDouble, 1}}}) {
    const Period period = shortest_period(runs);
    EXPECT_EQ(period.runs, runs);
    EXPECT_EQ(period.repeats, 1U);
  }
}

TEST(SignaturePeriod, EqualMessagesGroupedDifferentlyGetOnePeriod) {
  // 3 x struct{int x2, double} against 1 x contiguous(3, struct): equal once counted per repetition.
  const Period items = shortest_period({{kInt, 2}, {kDouble, 1}});
  const Period block = shortest_period({{kInt, 2}, {kDouble, 1}, {kInt, 2}, {kDouble, 1}, {kInt, 2}, {kDouble, 1}});
  EXPECT_EQ(items.runs, block.runs);
  EXPECT_EQ(3 * items.repeats, 1 * block.repeats);
}

}  // namespace
}  // namespace mpisight::interpose
