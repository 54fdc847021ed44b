/* Test program for the collective family, run on exactly 3 ranks with root 1: every blocking collective, v-forms
 * with per-rank counts (rank r contributes r+1 ints), and MPI_IN_PLACE variants. Results are checked; rank 0 prints
 * "collectives: OK". collectives_family_test.cpp expects exactly this sequence of operations and byte counts. */
#include <stdio.h>

#include <mpi.h>

enum { kRanks = 3, kRoot = 1 };

static int g_errors;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "collectives: %s wrong\n", what);
    ++g_errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int r = 0;
  int p = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  MPI_Comm_size(MPI_COMM_WORLD, &p);
  if (p != kRanks) {
    MPI_Finalize();
    return 2;
  }
  const MPI_Comm w = MPI_COMM_WORLD;
  int counts[kRanks] = {1, 2, 3};
  int displs[kRanks] = {0, 1, 3};
  int send[8];
  int recv[16];
  for (int i = 0; i < 8; ++i) {
    send[i] = 10 * r + i;
  }

  int table[5] = {r, r, r, r, r};
  MPI_Bcast(table, 5, MPI_INT, kRoot, w);
  expect(table[4] == kRoot, "bcast");
  MPI_Gather(send, 2, MPI_INT, recv, 2, MPI_INT, kRoot, w);
  expect(r != kRoot || recv[5] == 21, "gather");
  MPI_Gatherv(send, r + 1, MPI_INT, recv, counts, displs, MPI_INT, kRoot, w);
  expect(r != kRoot || recv[5] == 22, "gatherv");
  MPI_Scatter(send, 3, MPI_INT, recv, 3, MPI_INT, kRoot, w);
  expect(recv[0] == 10 * kRoot + 3 * r, "scatter");
  MPI_Scatterv(send, counts, displs, MPI_INT, recv, r + 1, MPI_INT, kRoot, w);
  expect(recv[0] == 10 * kRoot + displs[r], "scatterv");
  MPI_Allgather(send, 2, MPI_INT, recv, 2, MPI_INT, w);
  expect(recv[4] == 20, "allgather");
  for (int i = 0; i < 2 * kRanks; ++i) {
    recv[i] = (i / 2 == r) ? 7 * r : -1;
  }
  MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, recv, 2, MPI_INT, w);
  expect(recv[2] == 7 && recv[4] == 14, "allgather in place");
  MPI_Allgatherv(send, r + 1, MPI_INT, recv, counts, displs, MPI_INT, w);
  expect(recv[3] == 20, "allgatherv");
  MPI_Alltoall(send, 1, MPI_INT, recv, 1, MPI_INT, w);
  expect(recv[2] == 20 + r, "alltoall");
  int alltoall_send_displs[kRanks] = {0, 1, 3};
  int recv_counts[kRanks] = {r + 1, r + 1, r + 1};
  int recv_displs[kRanks] = {0, r + 1, 2 * (r + 1)};
  MPI_Alltoallv(send, counts, alltoall_send_displs, MPI_INT, recv, recv_counts, recv_displs, MPI_INT, w);
  expect(recv[r + 1] == 10 + displs[r], "alltoallv");
  int send_byte_displs[kRanks] = {0, 4, 12};
  int recv_byte_displs[kRanks] = {0, 4 * (r + 1), 8 * (r + 1)};
  MPI_Datatype types[kRanks] = {MPI_INT, MPI_INT, MPI_INT};
  MPI_Alltoallw(send, counts, send_byte_displs, types, recv, recv_counts, recv_byte_displs, types, w);
  expect(recv[r + 1] == 10 + displs[r], "alltoallw");
  MPI_Reduce(send, recv, 4, MPI_INT, MPI_SUM, kRoot, w);
  expect(r != kRoot || recv[1] == 33, "reduce");
  int accumulator[4] = {send[0], send[1], send[2], send[3]};
  if (r == kRoot) {
    MPI_Reduce(MPI_IN_PLACE, accumulator, 4, MPI_INT, MPI_SUM, kRoot, w);
    expect(accumulator[1] == 33, "reduce in place");
  } else {
    MPI_Reduce(accumulator, NULL, 4, MPI_INT, MPI_SUM, kRoot, w);
  }
  MPI_Allreduce(send, recv, 4, MPI_INT, MPI_SUM, w);
  expect(recv[2] == 36, "allreduce");
  MPI_Reduce_scatter(send, recv, counts, MPI_INT, MPI_SUM, w);
  expect(recv[0] == 30 + 3 * displs[r], "reduce_scatter");
  MPI_Reduce_scatter_block(send, recv, 2, MPI_INT, MPI_SUM, w);
  expect(recv[1] == 30 + 3 * (2 * r + 1), "reduce_scatter_block");
  int prefix = 0;
  MPI_Scan(&r, &prefix, 1, MPI_INT, MPI_SUM, w);
  expect(prefix == r * (r + 1) / 2, "scan");
  MPI_Exscan(&r, &prefix, 1, MPI_INT, MPI_SUM, w);
  expect(r == 0 || prefix == r * (r - 1) / 2, "exscan");
  MPI_Barrier(w);

  int total = 0;
  MPI_Allreduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, w);
  if (r == 0) {
    printf(total == 0 ? "collectives: OK\n" : "collectives: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
