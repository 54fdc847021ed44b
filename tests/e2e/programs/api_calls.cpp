// Calls MPI only through the mpisight C++ API, one call per line. A "site:" comment lists the MPI functions that
// line's API call makes ("site(N):" only on rank N); tests/e2e/api_call_sites_test.cpp expects each of them in the
// trace with a call site naming exactly that line of this file. A "[name]" there labels the line; an "ends:"
// comment lists what destructors call when a scope closes, each under the [label] of the line it is attributed to
// (the line that made the object). Run with 2 ranks.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mpisight/mpisight.hpp"

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);  // site: [env]
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

  // Objects whose destructors call MPI: each call names the line that made the object.
  int misuses = 0;
  const auto previous_handler = mpisight::set_misuse_handler([&](const mpisight::Misuse&) { ++misuses; });
  {
    const auto dup = comm.dup();     // site: MPI_Comm_dup [dup]
    const auto group = dup.group();  // site: MPI_Comm_group [group]
    bad += group.size() != 2;        // site: MPI_Group_size
    {
      auto pending = mpisight::irecv<int>(dup, peer, 99);  // site: MPI_Irecv [pending]
    }                                                      // ends: [pending] MPI_Cancel MPI_Wait
    {
      mpisight::BufferAttachment buffer(256);                 // site: MPI_Buffer_attach [buffer]
      mpisight::bsend(dup, 30 + rank, peer, 9);               // site: MPI_Bsend
      bad += mpisight::recv<int>(dup, peer, 9) != 30 + peer;  // site: MPI_Recv
    }                                                         // ends: [buffer] MPI_Buffer_detach
    {
      mpisight::send(dup, 40 + rank, peer, 10);        // site: MPI_Send
      auto message = mpisight::mprobe(dup, peer, 10);  // site: MPI_Mprobe [message]
      bad += message.status().tag() != 10;
    }  // ends: [message] MPI_Mrecv_c
    {
      std::vector<int> one{rank + 1};
      auto sum = mpisight::allreduce_init(dup, std::move(one), std::plus<>{});  // site: MPI_Allreduce_init [sum]
      sum.start();                                                              // site: MPI_Start
      sum.wait();                                                               // site: MPI_Wait
      bad += sum.output()[0] != 3;
    }  // ends: [sum] MPI_Request_free
    {
      // Window::create: on MPICH 4.0.2 with ch4:ucx, puts into MPI_Win_allocate memory of another rank get lost.
      std::vector<int> memory(2, -1);
      using Ints = mpisight::Window<int>;
      auto win = Ints::create(dup, std::move(memory));  // site: MPI_Win_create MPI_Win_set_errhandler [win]
      {
        auto epoch = win.fence();                        // site: MPI_Win_fence [fence]
        win.put(std::vector<int>{100 + rank}, peer, 0);  // site: MPI_Put
      }                                                  // ends: [fence] MPI_Win_fence
      bad += win.local()[0] != 100 + peer;
      std::vector<int> back(1);
      {
        auto lock = win.lock(peer, mpisight::LockKind::kShared);  // site: MPI_Win_lock [lock]
        win.get(back, peer, 0);                                   // site: MPI_Get
      }                                                           // ends: [lock] MPI_Win_unlock
      bad += back[0] != 100 + rank;
      mpisight::barrier(dup);  // site: MPI_Barrier
    }                          // ends: [win] MPI_Win_free
    {
      int stamp = rank == 0 ? static_cast<int>(::getpid()) : 0;
      mpisight::bcast(dup, stamp, 0);  // site: MPI_Bcast
      const auto path = std::filesystem::temp_directory_path() / ("mpisight_api_calls_" + std::to_string(stamp));
      using mpisight::FileMode;
      const auto mode = FileMode::kCreate | FileMode::kReadWrite | FileMode::kDeleteOnClose;
      mpisight::File file(dup, path.string(), mode);         // site: MPI_File_open [file]
      file.set_view<int>();                                  // site: MPI_File_set_view
      file.write_at_all(rank, std::vector<int>{50 + rank});  // site: MPI_File_write_at_all
      file.sync();                                           // site: MPI_File_sync
      mpisight::barrier(dup);                                // site: MPI_Barrier
      file.sync();                                           // site: MPI_File_sync
      std::vector<int> read(1);
      file.read_at(peer, read);  // site: MPI_File_read_at
      bad += read[0] != 50 + peer;
      mpisight::barrier(dup);  // site: MPI_Barrier
    }                          // ends: [file] MPI_File_close
  }                            // ends: [group] MPI_Group_free [dup] MPI_Comm_free
  mpisight::set_misuse_handler(previous_handler);
  bad += misuses != 2;  // the dropped receive and the dropped message

  const int failures = mpisight::allreduce(comm, bad, std::plus<>{});  // site: MPI_Allreduce
  if (rank == 0) {
    std::printf("api_calls: %s\n", failures == 0 ? "OK" : "FAILED");
  }
  return failures == 0 ? 0 : 1;
}  // ends: [env] MPI_Finalize
