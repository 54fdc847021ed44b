// Neighbourhood collectives over a ring, as a distributed graph and as a periodic 1-D Cartesian grid: every element
// received names its sender and its receiver, so a block from the wrong neighbour or in the wrong slot fails.
#include "mpisight/neighborhood.hpp"

#include <gtest/gtest.h>
#include <vector>

#include "mpisight/topology.hpp"

namespace {

struct Ring {
  int left;
  int right;
};

Ring ring_of(const mpisight::Communicator& comm) {
  return {(comm.rank() + comm.size() - 1) % comm.size(), (comm.rank() + 1) % comm.size()};
}

// Neighbours in order {left, right}, on both sides: what both topologies below give.
void expect_ring_exchange(const mpisight::Communicator& comm) {
  const int me = comm.rank();
  const auto [left, right] = ring_of(comm);
  const auto degrees = mpisight::neighbor_degrees(comm);
  EXPECT_EQ(degrees.in, 2);
  EXPECT_EQ(degrees.out, 2);

  const auto gathered = mpisight::neighbor_allgather(comm, std::vector<int>{me, me * 10 + 1});
  EXPECT_EQ(gathered, (std::vector<int>{left, left * 10 + 1, right, right * 10 + 1}));
  EXPECT_EQ(mpisight::neighbor_allgather(comm, me + 100), (std::vector<int>{left + 100, right + 100}));

  // Block j goes to out-neighbour j: {to left, to right}, each naming sender and receiver.
  const std::vector<int> blocks{me * 1000 + left, -me, me * 1000 + right, -me};
  const auto exchanged = mpisight::neighbor_alltoall(comm, blocks);
  // From left: the block it sent to its right (me); from right: the block it sent to its left (me).
  EXPECT_EQ(exchanged, (std::vector<int>{left * 1000 + me, -left, right * 1000 + me, -right}));
}

TEST(Neighborhood, DistGraphRing) {
  const mpisight::Environment env;
  const auto world = mpisight::world();
  const auto [left, right] = ring_of(world);
  const std::vector<int> both{left, right};
  expect_ring_exchange(mpisight::dist_graph_adjacent(world, both, both));
}

TEST(Neighborhood, PeriodicCartesianRing) {
  const mpisight::Environment env;
  const mpisight::CartCommunicator grid(mpisight::world(), {0}, {true});
  expect_ring_exchange(grid.communicator());
}

TEST(Neighborhood, MisuseIsCaughtBeforeMpi) {
  const mpisight::Environment env;
  const auto world = mpisight::world().dup();
  EXPECT_THROW((void)mpisight::neighbor_allgather(world, 1), mpisight::UsageError);  // no topology
  const auto [left, right] = ring_of(world);
  const std::vector<int> both{left, right};
  const auto graph = mpisight::dist_graph_adjacent(world, both, both);
  EXPECT_THROW((void)mpisight::neighbor_alltoall(graph, std::vector<int>{1, 2, 3}), mpisight::UsageError);
  // Still in step: the refused calls reached no rank.
  EXPECT_EQ(mpisight::neighbor_allgather(graph, 7), (std::vector<int>{7, 7}));
}

}  // namespace
