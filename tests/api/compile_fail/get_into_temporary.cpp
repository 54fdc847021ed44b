// Window::get into a temporary container is rejected: MPI would write into freed memory when the epoch closes.
#include <vector>

#include "mpisight/rma.hpp"

void f(mpisight::Window<int>& window) {
  auto epoch = window.fence();
#ifdef MPISIGHT_MISUSE
  window.get(std::vector<int>(4), 0, 0);
#else
  std::vector<int> out(4);
  window.get(out, 0, 0);
#endif
}
