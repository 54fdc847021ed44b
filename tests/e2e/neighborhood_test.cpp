// Neighborhood collectives traced at 4 ranks on a non-periodic line (tests/e2e/programs/neighbors.c): each is
// recorded as its all-to-all counterpart on the line's communicator, with the bytes this rank exchanged with its
// actual neighbors (the ends of the line have one); nonblocking and persistent forms are requests paired with
// completions.
#include <gtest/gtest.h>
#include <vector>

#include "request_pairs.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::CollectiveOp;

struct Expected {
  CollectiveOp op;
  std::uint64_t sent;
  std::uint64_t received;
};

// The program's neighborhood collectives in order, for rank r of the line (4-byte ints).
std::vector<Expected> expected_for(std::uint64_t r) {
  const std::uint64_t below = r > 0 ? 1 : 0;
  const std::uint64_t above = r < 3 ? 1 : 0;
  const std::uint64_t real = below + above;
  return {
      {CollectiveOp::kAllgather, 8 * real, 8 * real},
      {CollectiveOp::kAllgatherv, 4 * (r + 1) * real, 4 * (below * r + above * (r + 2))},
      {CollectiveOp::kAlltoall, 4 * real, 4 * real},
      {CollectiveOp::kAlltoallv, 4 * (below * 1 + above * 2), 4 * (below * 2 + above * 1)},
      {CollectiveOp::kAlltoallw, 4 * real, 4 * real},
      // Requests: Ineighbor_alltoall, then Neighbor_allgather_init started twice.
      {CollectiveOp::kAlltoall, 4 * real, 4 * real},
      {CollectiveOp::kAllgather, 4 * real, 4 * real},
      {CollectiveOp::kAllgather, 4 * real, 4 * real},
  };
}

TEST(NeighborhoodFamily, NeighborCollectivesCountTheRealNeighborsBytes) {
  const trace::Trace trace = trace_program("neighbors", 4, MPISIGHT_NEIGHBORS_PROGRAM, "neighbors: OK\n").trace;
  for (std::uint64_t r = 0; r < 4; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const std::vector<Expected> expected = expected_for(r);

    std::vector<trace::MpiCollectiveEnd> ends;  // the line's creation and free are collectives too: left out
    for (const auto& end : trace.events_of<trace::MpiCollectiveEnd>(location)) {
      if (end.op != CollectiveOp::kCreateHandle && end.op != CollectiveOp::kDestroyHandle) {
        ends.push_back(end);
      }
    }
    ASSERT_EQ(ends.size(), 6U);  // five neighborhood collectives, then the program's error count on MPI_COMM_WORLD
    for (std::size_t i = 0; i < 5; ++i) {
      SCOPED_TRACE("collective #" + std::to_string(i));
      EXPECT_EQ(ends[i].op, expected[i].op);
      EXPECT_EQ(ends[i].bytes_sent, expected[i].sent);
      EXPECT_EQ(ends[i].bytes_received, expected[i].received);
      EXPECT_EQ(ends[i].root, trace::kRootNone);
      const trace::Communicator& line = trace.definitions.comms.at(ends[i].comm);
      EXPECT_NE(line.name, "MPI_COMM_WORLD");
      EXPECT_EQ(line.world_ranks, (std::vector<trace::WorldRank>{0, 1, 2, 3})) << "the line keeps world order";
    }
    EXPECT_EQ(trace.definitions.comms.at(ends[5].comm).name, "MPI_COMM_WORLD");

    const std::vector<RequestPair> pairs = pair_requests(trace, location);
    ASSERT_EQ(pairs.size(), 3U);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      SCOPED_TRACE("request #" + std::to_string(i));
      ASSERT_TRUE(pairs[i].end.has_value());
      const auto& done = std::get<trace::NonBlockingCollectiveComplete>(*pairs[i].end);
      EXPECT_EQ(done.op, expected[5 + i].op);
      EXPECT_EQ(done.bytes_sent, expected[5 + i].sent);
      EXPECT_EQ(done.bytes_received, expected[5 + i].received);
      EXPECT_EQ(done.comm, ends[0].comm);
    }

    for (const char* call :
         {"MPI_Neighbor_allgather", "MPI_Neighbor_allgatherv", "MPI_Neighbor_alltoall_c", "MPI_Neighbor_alltoallv",
          "MPI_Neighbor_alltoallw", "MPI_Ineighbor_alltoall", "MPI_Neighbor_allgather_init"}) {
      EXPECT_EQ(count_regions(trace, location, call), 1U) << call;
    }
    EXPECT_EQ(count_regions(trace, location, "MPI_Start"), 2U);
  }
}

}  // namespace
}  // namespace mpisight::testkit
