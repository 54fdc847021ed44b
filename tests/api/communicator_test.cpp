// Communicators, groups and topologies: dup/split/split_shared, groups, intercommunicators, Cartesian and graph
// topologies, node information; copies shared between threads.
#include <gtest/gtest.h>
#include <thread>
#include <vector>

#include "mpisight/collectives.hpp"
#include "mpisight/p2p.hpp"
#include "mpisight/topology.hpp"

namespace {

TEST(Communicator, DupSplitAndCompare) {
  const mpisight::Environment env;
  const auto world = mpisight::world();
  const auto copy = world.dup();
  EXPECT_EQ(copy.rank(), world.rank());
  EXPECT_EQ(copy.size(), world.size());
  EXPECT_EQ(copy.compare(world), mpisight::Comparison::kCongruent);
  EXPECT_EQ(copy.compare(copy), mpisight::Comparison::kIdentical);
  // Odd and even ranks, ordered backwards by key.
  const auto half = world.split(world.rank() % 2, -world.rank());
  const int members = (world.size() + 1 - world.rank() % 2) / 2;
  EXPECT_EQ(half.size(), members);
  EXPECT_EQ(half.rank(), members - 1 - world.rank() / 2);
  // Each member's world rank, gathered in the new order, is descending and of one parity.
  const auto ranks = mpisight::allgather(half, world.rank());
  for (std::size_t i = 0; i + 1 < ranks.size(); ++i) {
    EXPECT_EQ(ranks[i], ranks[i + 1] + 2);
  }
  const auto none = world.split(world.rank() == 0 ? mpisight::kUndefined : 1);
  EXPECT_EQ(none.is_null(), world.rank() == 0);
  const auto node = world.split_shared();
  EXPECT_EQ(node.size(), world.size());  // the tests run on one machine
}

TEST(Communicator, CopiesAreSharedAndFreedOnce) {
  const mpisight::Environment env;
  MPI_Comm raw = MPI_COMM_NULL;
  {
    const auto a = mpisight::world().dup();
    raw = a.native();
    const mpisight::Communicator b = a;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the test
    EXPECT_EQ(b, a);
    EXPECT_EQ(mpisight::allreduce(b, 1, std::plus<>{}), a.size());
  }
  EXPECT_NE(raw, MPI_COMM_NULL);
}

TEST(Communicator, UsableFromSeveralThreads) {
  const mpisight::Environment env(mpisight::ThreadLevel::kMultiple);
  ASSERT_EQ(env.thread_level(), mpisight::ThreadLevel::kMultiple);
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  std::vector<std::thread> threads;
  std::vector<int> got(4, -1);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([comm, t, right, left, &got] {  // each thread holds its own copy
      const std::vector<int> out{comm.rank() * 10 + t};
      std::vector<int> in(1);
      mpisight::sendrecv(comm, out, right, t, in, left, t);
      got[static_cast<std::size_t>(t)] = in[0];
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(got[static_cast<std::size_t>(t)], left * 10 + t);
  }
}

TEST(Communicator, GroupsAndCreate) {
  const mpisight::Environment env;
  const auto world = mpisight::world();
  const auto group = world.group();
  EXPECT_EQ(group.size(), world.size());
  EXPECT_EQ(group.rank(), world.rank());
  const std::vector<int> evens_list = [&] {
    std::vector<int> v;
    for (int r = 0; r < world.size(); r += 2) {
      v.push_back(r);
    }
    return v;
  }();
  const auto evens = group.include(evens_list);
  EXPECT_EQ(evens.size(), static_cast<int>(evens_list.size()));
  const auto translated = evens.translate(std::vector<int>{0, evens.size() - 1}, group);
  EXPECT_EQ(translated, (std::vector<int>{0, evens_list.back()}));
  const auto comm = world.create(evens);
  EXPECT_EQ(comm.is_null(), world.rank() % 2 != 0);
  if (!comm.is_null()) {
    EXPECT_EQ(comm.rank(), world.rank() / 2);
    EXPECT_EQ(mpisight::allreduce(comm, world.rank(), std::plus<>{}), [&] {
      int s = 0;
      for (const int r : evens_list) {
        s += r;
      }
      return s;
    }());
  }
}

TEST(Communicator, IntercommunicatorBetweenHalves) {
  const mpisight::Environment env;
  const auto world = mpisight::world().dup();
  const int color = world.rank() < world.size() / 2 ? 0 : 1;
  const auto local = world.split(color, world.rank());
  const int remote_leader = color == 0 ? world.size() / 2 : 0;
  const auto inter = local.create_intercomm(0, world, remote_leader, 77);
  EXPECT_TRUE(inter.is_inter());
  EXPECT_EQ(inter.remote_size(), world.size() - local.size());
  // Leaders swap their world ranks across the intercommunicator (ranks address the remote group).
  if (local.rank() == 0) {
    mpisight::send(inter, world.rank(), 0, 5);
    EXPECT_EQ(mpisight::recv<int>(inter, 0, 5), remote_leader);
  }
  const auto merged = inter.merge(color == 1);
  EXPECT_EQ(merged.size(), world.size());
  EXPECT_EQ(merged.rank(), world.rank());  // low group first, each in world order
}

TEST(Topology, CartesianRingShiftsAndCoordinates) {
  const mpisight::Environment env;
  const auto world = mpisight::world();
  const mpisight::CartCommunicator cart(world, {0}, {true});
  const auto& comm = cart.communicator();
  ASSERT_FALSE(comm.is_null());
  EXPECT_EQ(cart.dims()[0], world.size());
  const auto shift = cart.shift(0, 1);
  EXPECT_EQ(shift.dest, (comm.rank() + 1) % comm.size());
  EXPECT_EQ(shift.source, (comm.rank() + comm.size() - 1) % comm.size());
  std::vector<int> in(1);
  mpisight::sendrecv(comm, std::vector<int>{comm.rank() * 3}, shift.dest, 0, in, shift.source, 0);
  EXPECT_EQ(in[0], shift.source * 3);
  EXPECT_EQ(cart.coords(comm.rank()), std::vector<int>{comm.rank()});
  EXPECT_EQ(cart.rank_of(std::vector<int>{comm.rank()}), comm.rank());
  // A 2-D grid without wrap-around: the borders have no neighbour.
  const mpisight::CartCommunicator grid(world, {2, 0}, {false, false});
  const auto down = grid.shift(0, 1);
  const auto coords = grid.coords(grid.communicator().rank());
  EXPECT_EQ(down.dest == mpisight::kProcNull, coords[0] == 1);
}

TEST(Topology, DistGraphNeighbours) {
  const mpisight::Environment env;
  const auto world = mpisight::world();
  const int right = (world.rank() + 1) % world.size();
  const int left = (world.rank() + world.size() - 1) % world.size();
  const auto graph = mpisight::dist_graph_adjacent(world, std::vector<int>{left}, std::vector<int>{right});
  const auto neighbours = mpisight::graph_neighbors(graph);
  EXPECT_EQ(neighbours.sources, std::vector<int>{left});
  EXPECT_EQ(neighbours.destinations, std::vector<int>{right});
}

TEST(Topology, NodeInfoAndSlurm) {
  const mpisight::Environment env;
  const auto info = mpisight::node_info(mpisight::world());
  EXPECT_EQ(info.processor_name, mpisight::processor_name());
  EXPECT_EQ(info.node_count, 1);
  EXPECT_EQ(info.node_index, 0);
  EXPECT_EQ(info.local_rank, mpisight::world().rank());
  EXPECT_EQ(info.local_size, mpisight::world().size());
  EXPECT_EQ(info.slurm.has_value(), std::getenv("SLURM_JOB_ID") != nullptr);  // NOLINT(concurrency-mt-unsafe)
}

TEST(Topology, SlurmVariablesAreParsed) {
  // Only the parsing: set a fake allocation in this process.
  setenv("SLURM_JOB_ID", "4242", 1);               // NOLINT(concurrency-mt-unsafe)
  setenv("SLURM_CPUS_PER_TASK", "8", 1);           // NOLINT(concurrency-mt-unsafe)
  setenv("SLURM_MEM_PER_NODE", "64000M", 1);       // NOLINT(concurrency-mt-unsafe)
  setenv("SLURM_LOCALID", "3", 1);                 // NOLINT(concurrency-mt-unsafe)
  setenv("SLURM_JOB_NODELIST", "node[01-04]", 1);  // NOLINT(concurrency-mt-unsafe)
  const auto slurm = mpisight::slurm_allocation();
  unsetenv("SLURM_JOB_ID");  // NOLINT(concurrency-mt-unsafe)
  ASSERT_TRUE(slurm.has_value());
  EXPECT_EQ(slurm->job_id, 4242);
  EXPECT_EQ(slurm->cpus_per_task, 8);
  EXPECT_EQ(slurm->mem_per_node_mb, 64000);
  EXPECT_EQ(slurm->local_id, 3);
  EXPECT_EQ(slurm->nodelist, "node[01-04]");
  EXPECT_FALSE(slurm->ntasks.has_value());
  EXPECT_FALSE(mpisight::slurm_allocation().has_value());
}

}  // namespace
