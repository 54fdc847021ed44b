// Uses the installed headers through the umbrella header: a ring exchange and an allreduce, checked.
#include <cstdio>
#include <functional>
#include <mpisight/mpisight.hpp>
#include <vector>

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  std::vector<int> in(3);
  mpisight::sendrecv(comm, std::vector<int>{comm.rank(), 1, 2}, right, 0, in, left, 0);
  const int total = mpisight::allreduce(comm, 1, std::plus<>{});
  const bool ok = in == std::vector<int>{left, 1, 2} && total == comm.size();
  std::printf("consumer rank %d: %s\n", comm.rank(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
