// Dropping the request of a nonblocking operation is diagnosed ([[nodiscard]]; an error under -Werror).
#include <vector>

#include "mpisight/nonblocking.hpp"

void f(const mpisight::Communicator& comm) {
#ifdef MPISIGHT_MISUSE
  mpisight::isend(comm, std::vector<int>{1, 2}, 0);
#else
  auto request = mpisight::isend(comm, std::vector<int>{1, 2}, 0);
  request.wait();
#endif
}
