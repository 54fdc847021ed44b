// MPI calls a user reduction through a plain function pointer, so it cannot carry captured state.
#include "mpisight/collectives.hpp"

int f(const mpisight::Communicator& comm, int factor) {
#ifdef MPISIGHT_MISUSE
  return mpisight::allreduce(comm, 1, [factor](int a, int b) { return a * factor + b; });
#else
  return factor * mpisight::allreduce(comm, 1, [](int a, int b) { return a + b; });
#endif
}
