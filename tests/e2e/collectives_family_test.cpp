// Every blocking collective traced at 3 ranks with root 1, checked per rank: operation, root, and the bytes sent
// and received by Score-P's conventions (see interpose/semantics/collectives.hpp), including MPI_IN_PLACE forms.
#include <gtest/gtest.h>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::CollectiveOp;

struct Expected {
  CollectiveOp op;
  bool rooted;
  std::uint64_t sent;
  std::uint64_t received;
};

// The program's collectives in order, for rank r of 3 (4-byte ints; rank r contributes r + 1 ints to v-forms).
std::vector<Expected> expected_for(std::uint64_t r) {
  const bool root = r == 1;
  return {
      {CollectiveOp::kBcast, true, root ? 60U : 0U, 20},
      {CollectiveOp::kGather, true, 8, root ? 24U : 0U},
      {CollectiveOp::kGatherv, true, 4 * (r + 1), root ? 24U : 0U},
      {CollectiveOp::kScatter, true, root ? 36U : 0U, 12},
      {CollectiveOp::kScatterv, true, root ? 24U : 0U, 4 * (r + 1)},
      {CollectiveOp::kAllgather, false, 24, 24},
      {CollectiveOp::kAllgather, false, 16, 16},  // in place: the own block does not move
      {CollectiveOp::kAllgatherv, false, 12 * (r + 1), 24},
      {CollectiveOp::kAlltoall, false, 12, 12},
      {CollectiveOp::kAlltoallv, false, 24, 12 * (r + 1)},
      {CollectiveOp::kAlltoallw, false, 24, 12 * (r + 1)},
      {CollectiveOp::kReduce, true, 16, root ? 48U : 0U},
      {CollectiveOp::kReduce, true, root ? 0U : 16U, root ? 32U : 0U},  // the root reduces in place
      {CollectiveOp::kAllreduce, false, 48, 48},
      {CollectiveOp::kReduceScatter, false, 24, 12 * (r + 1)},
      {CollectiveOp::kReduceScatterBlock, false, 24, 24},
      {CollectiveOp::kScan, false, 4, 4},
      {CollectiveOp::kExscan, false, 4, 4},
      {CollectiveOp::kBarrier, false, 0, 0},
      {CollectiveOp::kAllreduce, false, 12, 12},  // the program's own error count
  };
}

TEST(CollectiveFamily, EveryBlockingCollectiveHasOpRootAndBytes) {
  const trace::Trace trace = trace_program("collectives", 3, MPISIGHT_COLLECTIVES_PROGRAM, "collectives: OK\n").trace;
  for (std::uint64_t r = 0; r < 3; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(location);
    EXPECT_EQ(trace.events_of<trace::MpiCollectiveBegin>(location).size(), ends.size());
    const std::vector<Expected> expected = expected_for(r);
    ASSERT_EQ(ends.size(), expected.size());
    for (std::size_t i = 0; i < ends.size(); ++i) {
      SCOPED_TRACE("collective #" + std::to_string(i));
      EXPECT_EQ(ends[i].op, expected[i].op);
      EXPECT_EQ(ends[i].bytes_sent, expected[i].sent);
      EXPECT_EQ(ends[i].bytes_received, expected[i].received);
      if (expected[i].rooted) {
        EXPECT_EQ(ends[i].root_world_rank, 1U);
      } else {
        EXPECT_EQ(ends[i].root, trace::kRootNone);
      }
      EXPECT_EQ(trace.definitions.comms.at(ends[i].comm).name, "MPI_COMM_WORLD");
    }
  }
}

}  // namespace
}  // namespace mpisight::testkit
