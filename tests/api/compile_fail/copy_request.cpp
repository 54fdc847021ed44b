// Requests are move-only: two handles to one operation could complete it twice.
#include <utility>
#include <vector>

#include "mpisight/nonblocking.hpp"

void f(const mpisight::Communicator& comm) {
  auto first = mpisight::isend(comm, std::vector<int>{1}, 0);
#ifdef MPISIGHT_MISUSE
  mpisight::Request second = first;
#else
  mpisight::Request second = std::move(first);
#endif
  second.wait();
}
