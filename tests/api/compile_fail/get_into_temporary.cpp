// Misuse: Window::get into a temporary container; MPI would write into freed memory when the epoch closes.
#include <vector>

#include "mpisight/rma.hpp"

void misuse(mpisight::Window<int>& window) {
  auto epoch = window.fence();
  window.get(std::vector<int>(4), 0, 0);
}
