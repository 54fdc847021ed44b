// Neighborhood collectives count bytes per actual neighbor; these tests hold coll::Neighbors to real MPICH
// topologies at 4 ranks: a non-periodic line (ends have an MPI_PROC_NULL neighbor), a periodic 2x2 grid, a
// distributed graph with different in- and out-degrees, and a communicator without topology.
#include "semantics/neighbors.hpp"

#include <gtest/gtest.h>

namespace mpisight::interpose {
namespace {

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

TEST(Neighbors, LineEndsHaveOneRealNeighbor) {
  int dims[1] = {4};
  int periods[1] = {0};
  MPI_Comm line = MPI_COMM_NULL;
  ASSERT_EQ(MPI_Cart_create(MPI_COMM_WORLD, 1, dims, periods, 0, &line), MPI_SUCCESS);
  const int r = world_rank();
  const coll::Neighbors neighbors(line);
  EXPECT_EQ(neighbors.sources(), 2);
  EXPECT_EQ(neighbors.destinations(), 2);
  EXPECT_EQ(neighbors.real(0), r > 0);
  EXPECT_EQ(neighbors.real(1), r < 3);
  const int real = (r > 0 ? 1 : 0) + (r < 3 ? 1 : 0);
  EXPECT_EQ(neighbors.real_sources(), real);
  EXPECT_EQ(neighbors.real_destinations(), real);
  const int counts[2] = {r, r + 2};
  EXPECT_EQ(neighbors.sum(counts, 2, MPI_INT), 4U * static_cast<std::uint64_t>((r > 0 ? r : 0) + (r < 3 ? r + 2 : 0)));
  const MPI_Count large[2] = {1, 2};
  const MPI_Datatype types[2] = {MPI_DOUBLE, MPI_CHAR};
  EXPECT_EQ(neighbors.sum(large, 2, types), (r > 0 ? 8U : 0U) + (r < 3 ? 2U : 0U));
  MPI_Comm_free(&line);
}

TEST(Neighbors, PeriodicGridNeighborsAreAllReal) {
  int dims[2] = {2, 2};
  int periods[2] = {1, 1};
  MPI_Comm grid = MPI_COMM_NULL;
  ASSERT_EQ(MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &grid), MPI_SUCCESS);
  const coll::Neighbors neighbors(grid);
  EXPECT_EQ(neighbors.sources(), 4);
  EXPECT_EQ(neighbors.real_sources(), 4);
  EXPECT_EQ(neighbors.real_destinations(), 4);
  MPI_Comm_free(&grid);
}

TEST(Neighbors, DistributedGraphHasItsOwnDegrees) {
  const int r = world_rank();
  const int sources[1] = {(r + 3) % 4};
  const int destinations[2] = {(r + 1) % 4, (r + 2) % 4};
  const int back[1] = {(r + 2) % 4};  // the second edge into r comes from r-2
  const int in[2] = {sources[0], back[0]};
  MPI_Comm graph = MPI_COMM_NULL;
  ASSERT_EQ(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 2, in, MPI_UNWEIGHTED, 2, destinations, MPI_UNWEIGHTED,
                                           MPI_INFO_NULL, 0, &graph),
            MPI_SUCCESS);
  const coll::Neighbors neighbors(graph);
  EXPECT_EQ(neighbors.sources(), 2);
  EXPECT_EQ(neighbors.destinations(), 2);
  EXPECT_EQ(neighbors.real_sources(), 2);
  MPI_Comm_free(&graph);

  MPI_Comm fan = MPI_COMM_NULL;  // one edge in, three out: rank 0 receives from everyone
  const int to_zero[1] = {0};
  const int everyone_else[3] = {(r + 1) % 4, (r + 2) % 4, (r + 3) % 4};
  ASSERT_EQ(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, r == 0 ? 3 : 0, everyone_else, MPI_UNWEIGHTED,
                                           r == 0 ? 0 : 1, to_zero, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &fan),
            MPI_SUCCESS);
  const coll::Neighbors fan_neighbors(fan);
  EXPECT_EQ(fan_neighbors.sources(), r == 0 ? 3 : 0);
  EXPECT_EQ(fan_neighbors.destinations(), r == 0 ? 0 : 1);
  MPI_Comm_free(&fan);
}

TEST(Neighbors, NoTopologyNoNeighbors) {
  const coll::Neighbors neighbors(MPI_COMM_WORLD);
  EXPECT_EQ(neighbors.sources(), 0);
  EXPECT_EQ(neighbors.destinations(), 0);
}

}  // namespace
}  // namespace mpisight::interpose
