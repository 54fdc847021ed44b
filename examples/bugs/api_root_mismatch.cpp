// Buggy, written with the C++ API: every rank names itself as the root of the broadcast, so nobody receives the
// intended value. The calls complete; mpi-analyze reports collectives.root_mismatch at this file's marked line,
// not inside the API's headers. Run with 2 ranks.
#include <cstdio>

#include "mpisight/mpisight.hpp"

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world();
  int value = 100 + comm.rank();
  mpisight::bcast(comm, value, comm.rank());  // BUG(collectives.root_mismatch): root differs per rank
  std::printf("api_root_mismatch: rank %d has %d\n", comm.rank(), value);
  return 0;
}
