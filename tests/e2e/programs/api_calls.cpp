// Calls MPI only through the mpisight C++ API, one call per line. A "site:" comment lists the MPI functions that
// line's API call makes ("site(N):" only on rank N); tests/e2e/api_call_sites_test.cpp expects each of them in the
// trace with a call site naming exactly that line of this file. Run with 2 ranks.
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mpisight/mpisight.hpp"

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world();
  const int rank = comm.rank();
  const int peer = 1 - rank;
  int bad = 0;

  std::vector<int> got;
  if (rank == 0) {
    mpisight::send(comm, std::vector<int>{1, 2, 3}, 1, 5);  // site(0): MPI_Send
  } else {
    got = mpisight::recv_vector<int>(comm, 0, 5);  // site(1): MPI_Mprobe MPI_Mrecv
    bad += got != std::vector<int>{1, 2, 3};
  }

  auto sent = mpisight::isend(comm, 10 + rank, peer, 6);  // site: MPI_Isend
  const int value = mpisight::recv<int>(comm, peer, 6);   // site: MPI_Recv
  sent.wait();                                            // site: MPI_Wait
  bad += value != 10 + peer;

  auto incoming = mpisight::irecv<int>(comm, peer, 7);  // site: MPI_Irecv
  mpisight::ssend(comm, 20 + rank, peer, 7);            // site: MPI_Ssend
  bad += incoming.get() != 20 + peer;                   // site: MPI_Wait

  const int sum = mpisight::allreduce(comm, rank + 1, std::plus<>{});  // site: MPI_Allreduce
  int root_value = rank == 0 ? 42 : 0;
  mpisight::bcast(comm, root_value, 0);  // site: MPI_Bcast
  const std::vector<int> mine(static_cast<std::size_t>(rank) + 1, rank);
  const auto all = mpisight::allgatherv(comm, mine);             // site: MPI_Allgather MPI_Allgatherv
  auto total = mpisight::iallreduce(comm, rank, std::plus<>{});  // site: MPI_Iallreduce
  bad += total.get() != 1;                                       // site: MPI_Wait
  bad += sum != 3 || root_value != 42 || all.data != std::vector<int>{0, 1, 1};

  const std::map<std::string, int> table{{"rank", rank}};
  if (rank == 0) {
    mpisight::send_object(comm, table, 1, 8);  // site(0): MPI_Send
  } else {
    const auto other = mpisight::recv_object<std::map<std::string, int>>(comm, 0, 8);  // site(1): MPI_Mprobe MPI_Mrecv
    bad += other.at("rank") != 0;
  }
  mpisight::barrier(comm);  // site: MPI_Barrier

  const int failures = mpisight::allreduce(comm, bad, std::plus<>{});  // site: MPI_Allreduce
  if (rank == 0) {
    std::printf("api_calls: %s\n", failures == 0 ? "OK" : "FAILED");
  }
  return failures == 0 ? 0 : 1;
}
