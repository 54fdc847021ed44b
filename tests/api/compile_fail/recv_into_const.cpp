// Receiving into a const buffer is rejected.
#include <vector>

#include "mpisight/p2p.hpp"

void f(const mpisight::Communicator& comm) {
#ifdef MPISIGHT_MISUSE
  const std::vector<int> target(4);
#else
  std::vector<int> target(4);
#endif
  mpisight::recv_into(comm, target, 0, 0);
}
