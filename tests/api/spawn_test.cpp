// Dynamic processes: the job spawns two copies of itself; each child receives a block from the parents over the
// intercommunicator and sends back its transformation; every element is checked on both sides.
// MPICH 4.0.2 with ch4:ucx under hydra on this machine refuses spawns ("Error in spawn call"); then the test checks
// that the refusal arrives as an mpisight::Error naming MPI_Comm_spawn and this file's line, and says so.
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "mpisight/dynamic.hpp"
#include "mpisight/p2p.hpp"

namespace {

std::vector<int> block(int child) {
  std::vector<int> v(20);
  std::iota(v.begin(), v.end(), child * 100);
  return v;
}

int child_main(const mpisight::Communicator& parents) {
  const int me = mpisight::world().rank();
  const auto got = mpisight::recv_vector<int>(parents, 0, 1);
  if (got != block(me)) {
    std::fprintf(stderr, "spawn_test child %d: wrong block\n", me);
    return 1;
  }
  std::vector<int> doubled(got);
  for (int& v : doubled) {
    v *= 2;
  }
  mpisight::send(parents, doubled, 0, 2);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto parents = mpisight::parent();
  if (!parents.is_null()) {
    return child_main(parents);
  }
  const auto world = mpisight::world();
  constexpr int kChildren = 2;
  mpisight::Communicator children;
  const unsigned spawn_line = __LINE__ + 2;
  try {
    children = mpisight::spawn(world, argv[0], {}, kChildren);
  } catch (const mpisight::Error& e) {
    const bool named = std::string(e.mpi_function()) == "MPI_Comm_spawn" && e.where().line() == spawn_line;
    if (world.rank() == 0 && named) {
      std::printf("spawn_test: spawn unsupported here, reported as mpisight::Error (class %d)\n", e.error_class());
    }
    return named ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  int failures = 0;
  if (children.remote_size() != kChildren) {
    ++failures;
  }
  if (world.rank() == 0) {
    for (int c = 0; c < kChildren; ++c) {
      mpisight::send(children, block(c), c, 1);
    }
    for (int c = 0; c < kChildren; ++c) {
      auto expected = block(c);
      for (int& v : expected) {
        v *= 2;
      }
      if (mpisight::recv_vector<int>(children, c, 2) != expected) {
        std::fprintf(stderr, "spawn_test: child %d sent back wrong data\n", c);
        ++failures;
      }
    }
    if (failures == 0) {
      std::printf("spawn_test: %d children answered correctly\n", kChildren);
    }
  }
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
