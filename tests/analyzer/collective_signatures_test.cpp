// The type-signature rules of collectives, one shape at a time: uniform blocks, rooted v-form totals, all-to-all
// totals, and the cases the records cannot decide.
#include "checks/collective_signatures.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace mpisight::analyzer {
namespace {

using schema::CollectiveOp;
using trace::TypeSignature;

constexpr std::uint64_t kInt = 0x4c000405U;    // MPICH's MPI_INT
constexpr std::uint64_t kFloat = 0x4c00040aU;  // MPICH's MPI_FLOAT
constexpr std::uint64_t kMixedA = schema::kMixedSignatureBit | 0x1234U;
constexpr std::uint64_t kMixedB = schema::kMixedSignatureBit | 0x5678U;

CollectiveSides member(trace::WorldRank rank, bool root, std::optional<TypeSignature> send,
                       std::optional<TypeSignature> recv) {
  return CollectiveSides{.rank = rank, .is_root = root, .send = send, .recv = recv};
}

SignatureProblem problem_of(CollectiveOp op, const std::vector<CollectiveSides>& members) {
  const std::optional<SignatureVerdict> verdict = compare_signatures(op, members);
  EXPECT_TRUE(verdict.has_value());
  return verdict ? verdict->problem : SignatureProblem::kNone;
}

TEST(CollectiveSignatures, BcastRootSendsWhatEveryRankReceives) {
  EXPECT_EQ(problem_of(CollectiveOp::kBcast,
                       {member(0, true, TypeSignature{kInt, 4}, {}), member(1, false, {}, TypeSignature{kInt, 4})}),
            SignatureProblem::kNone);
  const std::optional<SignatureVerdict> type = compare_signatures(
      CollectiveOp::kBcast,
      std::vector{member(0, true, TypeSignature{kInt, 4}, {}), member(1, false, {}, TypeSignature{kFloat, 4})});
  ASSERT_TRUE(type);
  EXPECT_EQ(type->problem, SignatureProblem::kType);
  EXPECT_EQ(type->detail, "rank 0: 4 x MPI_INT, rank 1: 4 x MPI_FLOAT");
  EXPECT_EQ(problem_of(CollectiveOp::kBcast,
                       {member(0, true, TypeSignature{kInt, 4}, {}), member(1, false, {}, TypeSignature{kInt, 3})}),
            SignatureProblem::kCount);
}

TEST(CollectiveSignatures, AllgatherCompareEverySendAndReceiveBlock) {
  EXPECT_EQ(problem_of(CollectiveOp::kAllgather,
                       {member(0, false, TypeSignature{kInt, 2}, TypeSignature{kInt, 2}),
                        member(1, false, {}, TypeSignature{kInt, 2})}),  // MPI_IN_PLACE: no send side
            SignatureProblem::kNone);
  EXPECT_EQ(problem_of(CollectiveOp::kAllgather, {member(0, false, TypeSignature{kInt, 2}, TypeSignature{kInt, 2}),
                                                  member(1, false, TypeSignature{kInt, 1}, TypeSignature{kInt, 2})}),
            SignatureProblem::kCount);
}

TEST(CollectiveSignatures, GathervRootTotalAgainstAllSends) {
  const std::vector<CollectiveSides> short_by_one = {member(0, true, TypeSignature{kInt, 2}, TypeSignature{kInt, 6}),
                                                     member(1, false, TypeSignature{kInt, 2}, {}),
                                                     member(2, false, TypeSignature{kInt, 1}, {})};
  const std::optional<SignatureVerdict> verdict = compare_signatures(CollectiveOp::kGatherv, short_by_one);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->problem, SignatureProblem::kCount);
  EXPECT_EQ(verdict->detail,
            "the root (rank 0) receives 6 x MPI_INT in total but the ranks send 5 together (rank 0: 2 x MPI_INT, "
            "rank 1: 2 x MPI_INT, rank 2: 1 x MPI_INT)");
  EXPECT_EQ(problem_of(CollectiveOp::kGatherv,
                       {member(0, true, TypeSignature{kInt, 2}, TypeSignature{kInt, 5}),
                        member(1, false, TypeSignature{kInt, 2}, {}), member(2, false, TypeSignature{kInt, 1}, {})}),
            SignatureProblem::kNone);
  // MPI_IN_PLACE at the root: its own count is unknown, only the basic types are judged.
  EXPECT_EQ(problem_of(CollectiveOp::kGatherv,
                       {member(0, true, {}, TypeSignature{kInt, 9}), member(1, false, TypeSignature{kInt, 2}, {})}),
            SignatureProblem::kNone);
  EXPECT_EQ(problem_of(CollectiveOp::kGatherv,
                       {member(0, true, {}, TypeSignature{kInt, 9}), member(1, false, TypeSignature{kFloat, 2}, {})}),
            SignatureProblem::kType);
}

TEST(CollectiveSignatures, AlltoallvAllSendsAgainstAllReceives) {
  EXPECT_EQ(problem_of(CollectiveOp::kAlltoallv, {member(0, false, TypeSignature{kInt, 3}, TypeSignature{kInt, 1}),
                                                  member(1, false, TypeSignature{kInt, 1}, TypeSignature{kInt, 3})}),
            SignatureProblem::kNone);
  EXPECT_EQ(problem_of(CollectiveOp::kAlltoallv, {member(0, false, TypeSignature{kInt, 3}, TypeSignature{kInt, 1}),
                                                  member(1, false, TypeSignature{kInt, 1}, TypeSignature{kInt, 2})}),
            SignatureProblem::kCount);
}

TEST(CollectiveSignatures, UndecidableWithoutSignaturesOrBetweenDerivedShapes) {
  EXPECT_FALSE(
      compare_signatures(CollectiveOp::kBcast, std::vector{member(0, true, {}, {}), member(1, false, {}, {})}));
  EXPECT_FALSE(compare_signatures(
      CollectiveOp::kAllreduce,
      std::vector{member(0, false, TypeSignature{kMixedA, 1}, {}), member(1, false, TypeSignature{kMixedB, 2}, {})}));
  // A derived type holds two basic types at least: it never equals one basic type.
  EXPECT_EQ(problem_of(CollectiveOp::kAllreduce,
                       {member(0, false, TypeSignature{kMixedA, 1}, {}), member(1, false, TypeSignature{kInt, 2}, {})}),
            SignatureProblem::kType);
  EXPECT_EQ(problem_of(CollectiveOp::kAllreduce, {member(0, false, TypeSignature{kMixedA, 1}, {}),
                                                  member(1, false, TypeSignature{kMixedA, 1}, {})}),
            SignatureProblem::kNone);
}

}  // namespace
}  // namespace mpisight::analyzer
