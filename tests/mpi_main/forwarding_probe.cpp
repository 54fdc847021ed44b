// Test subject for the multi-rank main, not a regular test: some tests fail on purpose on one rank only.
// check_forwarding.cmake runs it at 4 ranks and asserts what rank 0 reports; the marker comments give the lines.
#include <gtest/gtest.h>
#include <mpi.h>

namespace {

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

TEST(ForwardingProbe, PassesOnAllRanks) {
  int one = 1;
  int ranks = 0;
  MPI_Allreduce(&one, &ranks, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  EXPECT_GT(ranks, 0);
}

TEST(ForwardingProbe, FailsOnlyOnRank2) {
  const int rank = world_rank();
  if (rank == 2) {
    EXPECT_EQ(rank, 0) << "deliberate failure on rank 2";  // probe: rank 2 fails here
  }
}

TEST(ForwardingProbe, FailsFatallyOnRank3WithTwoLines) {
  const int rank = world_rank();
  if (rank == 3) {
    FAIL() << "first line from rank 3\nsecond line from rank 3";  // probe: rank 3 fails here
  }
}

// Runs after the failures: proves the ranks are still in step (a collective that would hang otherwise).
TEST(ForwardingProbe, RanksStayInStepAfterFailures) {
  const int rank = world_rank();
  int highest = -1;
  MPI_Allreduce(&rank, &highest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  EXPECT_EQ(highest, size - 1);
}

}  // namespace
