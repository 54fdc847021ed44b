// A type with neither a datatype mapping nor serialization cannot be sent.
#include "mpisight/p2p.hpp"

struct NoMapping {
  int a;
};

void f(const mpisight::Communicator& comm) {
#ifdef MPISIGHT_MISUSE
  mpisight::send(comm, NoMapping{1}, 0);
#else
  mpisight::send(comm, NoMapping{1}.a, 0);
#endif
}
