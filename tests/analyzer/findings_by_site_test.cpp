// FindingsBySite (analyzer/checks/findings_by_site.hpp): a finding seen on several ranks is described by its lowest
// rank's first occurrence, whatever order the merged trace delivers the ranks in; every occurrence is counted.
#include "checks/findings_by_site.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace mpisight::analyzer {
namespace {

struct Uses {
  int count = 0;
};

TEST(FindingsBySite, TheLowestRanksFirstOccurrenceDescribesTheFinding) {
  FindingsBySite<int, std::string, Uses> findings;
  // Rank 3 seen first, then rank 1 twice, then rank 0, then rank 2; a second key on rank 2 only.
  const std::vector<std::pair<trace::WorldRank, std::string>> seen = {{3, "rank 3 first"},  {1, "rank 1 first"},
                                                                      {1, "rank 1 second"}, {0, "rank 0 first"},
                                                                      {0, "rank 0 second"}, {2, "rank 2 first"}};
  for (const auto& [rank, text] : seen) {
    ++findings.add(7, rank, text).totals.count;
  }
  findings.add(9, 2, "other key");
  ASSERT_EQ(findings.entries().size(), 2U);
  const auto& entry = findings.entries().at(7);
  EXPECT_EQ(entry.described, "rank 0 first");
  EXPECT_EQ(entry.described_rank, 0U);
  EXPECT_EQ(entry.ranks, (std::vector<trace::WorldRank>{3, 1, 1, 0, 0, 2}));
  EXPECT_EQ(entry.totals.count, 6);
  EXPECT_EQ(findings.entries().at(9).described, "other key");
  EXPECT_EQ(findings.entries().at(9).described_rank, 2U);
}

TEST(FindingsBySite, TheDescriptionDoesNotDependOnTheOrderOfRanks) {
  FindingsBySite<int, std::string> forward;
  FindingsBySite<int, std::string> backward;
  for (trace::WorldRank rank = 0; rank < 4; ++rank) {
    forward.add(1, rank, "on rank " + std::to_string(rank));
    backward.add(1, 3 - rank, "on rank " + std::to_string(3 - rank));
  }
  EXPECT_EQ(forward.entries().at(1).described, "on rank 0");
  EXPECT_EQ(backward.entries().at(1).described, "on rank 0");
}

}  // namespace
}  // namespace mpisight::analyzer
