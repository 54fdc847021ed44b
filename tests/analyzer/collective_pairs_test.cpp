// The per-pair rules of the v and w collectives, one collective at a time: which pairs are compared, what
// MPI_IN_PLACE changes, and when the counts are missing so that the totals must decide.
#include "checks/collective_pairs.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <vector>

namespace mpisight::analyzer {
namespace {

using schema::CollectiveOp;
using trace::TypeSignature;

constexpr std::uint64_t kInt = 0x4c000405U;    // MPICH's MPI_INT
constexpr std::uint64_t kFloat = 0x4c00040aU;  // MPICH's MPI_FLOAT

trace::PeerCounts counts(std::vector<std::uint64_t> elements, std::vector<std::uint64_t> signatures = {}) {
  std::vector<schema::PeerCount> entries;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    entries.push_back({elements[i], signatures.empty() ? 0 : signatures[i]});
  }
  return std::make_shared<const std::vector<schema::PeerCount>>(std::move(entries));
}

std::uint64_t total(const std::vector<std::uint64_t>& elements) {
  std::uint64_t sum = 0;
  for (const std::uint64_t e : elements) {
    sum += e;
  }
  return sum;
}

// An Alltoallv member sending and receiving MPI_INT.
PairSides alltoallv(trace::WorldRank rank, std::vector<std::uint64_t> send, std::vector<std::uint64_t> recv) {
  return PairSides{.rank = rank,
                   .is_root = false,
                   .send = TypeSignature{kInt, total(send)},
                   .recv = TypeSignature{kInt, total(recv)},
                   .send_counts = counts(send),
                   .recv_counts = counts(recv)};
}

TEST(CollectivePairs, AlltoallvPairsRankISendToJWithJReceiveFromI) {
  const std::vector<PairSides> agree = {alltoallv(0, {1, 2}, {1, 3}), alltoallv(1, {3, 4}, {2, 4})};
  const PairVerdict fine = compare_pairs(CollectiveOp::kAlltoallv, agree);
  EXPECT_TRUE(fine.judged);
  EXPECT_FALSE(fine.mismatch);

  // Rank 1 expects 5 from rank 0, which sends it 2; every other pair agrees.
  const std::vector<PairSides> short_pair = {alltoallv(0, {1, 2}, {1, 3}), alltoallv(1, {3, 4}, {5, 4})};
  const PairVerdict verdict = compare_pairs(CollectiveOp::kAlltoallv, short_pair);
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->problem, SignatureProblem::kCount);
  EXPECT_EQ(verdict.mismatch->first, 0u);
  EXPECT_EQ(verdict.mismatch->second, 1u);
  EXPECT_EQ(verdict.mismatch->detail,
            "rank 0 sends 2 x MPI_INT (8 bytes) to rank 1, but rank 1 expects 5 x MPI_INT (20 bytes) from rank 0");
  EXPECT_EQ(verdict.mismatch->others, 0u);
}

TEST(CollectivePairs, AlltoallvTotalsThatAgreeDoNotHideAPairThatDoesNot) {
  // Every rank sends 3 and receives 3 in total, and all sends together are all receives together, but rank 0 and
  // rank 1 swapped what they expect from rank 2: two pairs disagree.
  const std::vector<PairSides> members = {alltoallv(0, {1, 1, 1}, {1, 1, 1}), alltoallv(1, {1, 1, 1}, {1, 1, 1}),
                                          alltoallv(2, {1, 2, 0}, {1, 1, 1})};
  const PairVerdict verdict = compare_pairs(CollectiveOp::kAlltoallv, members);
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->first, 2u);
  EXPECT_EQ(verdict.mismatch->second, 1u);
  EXPECT_EQ(verdict.mismatch->others, 1u);
}

TEST(CollectivePairs, AlltoallvInPlaceSendsWhatItsReceiveCountsSay) {
  PairSides in_place = alltoallv(1, {}, {2, 4});
  in_place.send.reset();
  in_place.send_counts.reset();
  EXPECT_FALSE(compare_pairs(CollectiveOp::kAlltoallv, std::vector{alltoallv(0, {1, 2}, {1, 2}), in_place}).mismatch);
  in_place.recv_counts = counts({3, 4});  // rank 1 now sends 3 to rank 0 and expects 3 from it: rank 0 moves 2
  EXPECT_TRUE(compare_pairs(CollectiveOp::kAlltoallv, std::vector{alltoallv(0, {1, 2}, {1, 2}), in_place}).mismatch);
}

TEST(CollectivePairs, MissingCountsLeaveTheDecisionToTheTotals) {
  PairSides unrecorded = alltoallv(1, {3, 4}, {5, 4});
  unrecorded.recv_counts.reset();  // beyond the tracer's cap, or another tool's trace
  const PairVerdict verdict =
      compare_pairs(CollectiveOp::kAlltoallv, std::vector{alltoallv(0, {1, 2}, {1, 3}), unrecorded});
  EXPECT_FALSE(verdict.judged);
  EXPECT_FALSE(compare_pairs(CollectiveOp::kAllreduce, std::vector{alltoallv(0, {1}, {1})}).judged);
}

PairSides gatherv_member(trace::WorldRank rank, std::uint64_t send) {
  return PairSides{.rank = rank,
                   .is_root = false,
                   .send = TypeSignature{kInt, send},
                   .recv = {},
                   .send_counts = {},
                   .recv_counts = {}};
}

TEST(CollectivePairs, GathervRootCountsAgainstEachSender) {
  PairSides root{.rank = 0,
                 .is_root = true,
                 .send = TypeSignature{kInt, 2},
                 .recv = TypeSignature{kInt, 6},
                 .send_counts = {},
                 .recv_counts = counts({2, 2, 2})};
  EXPECT_FALSE(
      compare_pairs(CollectiveOp::kGatherv, std::vector{root, gatherv_member(1, 2), gatherv_member(2, 2)}).mismatch);
  // The root expects more from rank 2 than it sends: MPI takes the short message silently.
  const PairVerdict verdict =
      compare_pairs(CollectiveOp::kGatherv, std::vector{root, gatherv_member(1, 2), gatherv_member(2, 1)});
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->first, 2u);
  EXPECT_EQ(verdict.mismatch->second, 0u);
  EXPECT_EQ(verdict.mismatch->first_role, "sends 1 x MPI_INT (4 bytes) to rank 0");
  EXPECT_EQ(verdict.mismatch->second_role, "expects 2 x MPI_INT (8 bytes) from rank 2");
  // MPI_IN_PLACE at the root: its own block moves nothing and is not compared.
  root.send.reset();
  root.recv_counts = counts({7, 2, 2});
  EXPECT_FALSE(
      compare_pairs(CollectiveOp::kGatherv, std::vector{root, gatherv_member(1, 2), gatherv_member(2, 2)}).mismatch);
}

TEST(CollectivePairs, ScattervRootCountsAgainstEachReceiver) {
  const PairSides root{.rank = 1,
                       .is_root = true,
                       .send = TypeSignature{kInt, 3},
                       .recv = TypeSignature{kInt, 1},
                       .send_counts = counts({2, 1}),
                       .recv_counts = {}};
  const PairSides other{
      .rank = 0, .is_root = false, .send = {}, .recv = TypeSignature{kFloat, 2}, .send_counts = {}, .recv_counts = {}};
  const PairVerdict verdict = compare_pairs(CollectiveOp::kScatterv, std::vector{other, root});
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->problem, SignatureProblem::kType);
  EXPECT_EQ(verdict.mismatch->first, 1u);
  EXPECT_EQ(verdict.mismatch->second, 0u);
}

TEST(CollectivePairs, AllgathervEveryReceiverAgainstEverySender) {
  auto member = [](trace::WorldRank rank, std::uint64_t send, std::vector<std::uint64_t> recv) {
    return PairSides{.rank = rank,
                     .is_root = false,
                     .send = TypeSignature{kInt, send},
                     .recv = TypeSignature{kInt, total(recv)},
                     .send_counts = {},
                     .recv_counts = counts(recv)};
  };
  EXPECT_FALSE(
      compare_pairs(CollectiveOp::kAllgatherv, std::vector{member(0, 1, {1, 2}), member(1, 2, {1, 2})}).mismatch);
  const PairVerdict verdict =
      compare_pairs(CollectiveOp::kAllgatherv, std::vector{member(0, 1, {1, 2}), member(1, 2, {1, 3})});
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->detail,
            "rank 1 sends 2 x MPI_INT (8 bytes) to itself, but expects 3 x MPI_INT (12 bytes) from itself");
  EXPECT_EQ(verdict.mismatch->others, 0u);  // rank 0 receives rank 1's block as 2 elements: that pair agrees
}

TEST(CollectivePairs, AlltoallwComparesEachBlocksOwnSignature) {
  auto member = [](trace::WorldRank rank, std::vector<std::uint64_t> send_types,
                   std::vector<std::uint64_t> recv_types) {
    return PairSides{.rank = rank,
                     .is_root = false,
                     .send = {},
                     .recv = {},
                     .send_counts = counts({1, 1}, std::move(send_types)),
                     .recv_counts = counts({1, 1}, std::move(recv_types))};
  };
  EXPECT_FALSE(compare_pairs(CollectiveOp::kAlltoallw, std::vector{member(0, {kFloat, kInt}, {kFloat, kInt}),
                                                                   member(1, {kInt, kInt}, {kInt, kInt})})
                   .mismatch);
  const PairVerdict verdict =
      compare_pairs(CollectiveOp::kAlltoallw,
                    std::vector{member(0, {kFloat, kFloat}, {kFloat, kInt}), member(1, {kInt, kInt}, {kInt, kInt})});
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->problem, SignatureProblem::kType);
  EXPECT_EQ(verdict.mismatch->detail,
            "rank 0 sends 1 x MPI_FLOAT (4 bytes) to rank 1, but rank 1 expects 1 x MPI_INT (4 bytes) from rank 0");
}

TEST(CollectivePairs, ReduceScatterRecvcountsMustBeEqualEverywhere) {
  auto member = [](trace::WorldRank rank, std::vector<std::uint64_t> recv) {
    return PairSides{.rank = rank,
                     .is_root = false,
                     .send = TypeSignature{kInt, total(recv)},
                     .recv = TypeSignature{kInt, recv[rank]},
                     .send_counts = {},
                     .recv_counts = counts(recv)};
  };
  EXPECT_FALSE(compare_pairs(CollectiveOp::kReduceScatter, std::vector{member(0, {1, 2}), member(1, {1, 2})}).mismatch);
  const PairVerdict verdict =
      compare_pairs(CollectiveOp::kReduceScatter, std::vector{member(0, {1, 2}), member(1, {2, 1})});
  ASSERT_TRUE(verdict.mismatch);
  EXPECT_EQ(verdict.mismatch->detail, "rank 0 gives recvcounts[0] = 1 but rank 1 gives recvcounts[0] = 2");
}

}  // namespace
}  // namespace mpisight::analyzer
