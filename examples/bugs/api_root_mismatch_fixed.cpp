// Correct counterpart of api_root_mismatch.cpp: every rank passes root 0. Run with 2 ranks.
#include <cstdio>

#include "mpisight/mpisight.hpp"

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world();
  int value = 100 + comm.rank();
  mpisight::bcast(comm, value, 0);
  std::printf("api_root_mismatch: rank %d has %d\n", comm.rank(), value);
  return 0;
}
