// A nonblocking send of a plain lvalue container is rejected: nothing would keep the buffer alive.
#include <vector>

#include "mpisight/nonblocking.hpp"

void f(const mpisight::Communicator& comm) {
  std::vector<int> data{1, 2, 3};
#ifdef MPISIGHT_MISUSE
  auto request = mpisight::isend(comm, data, 0);
#else
  auto request = mpisight::isend(comm, mpisight::borrow(data), 0);
#endif
  request.wait();
}
