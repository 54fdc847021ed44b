/* Test program for the collective family, run on exactly 3 ranks with root 1: every collective, v-forms with
 * per-rank counts (rank r contributes r+1 ints), and MPI_IN_PLACE variants. Results are checked; rank 0 prints
 * "collectives: OK". collectives_family_test.cpp expects exactly this sequence of operations and byte counts.
 * Built three times: blocking calls (the default), nonblocking ones (COLLECTIVES_NONBLOCKING: MPI_I<coll>, completed
 * by Wait or a Test loop) and persistent ones (COLLECTIVES_PERSISTENT: MPI_<coll>_init, Start, Wait, free); the
 * request-based builds then run more_requests(). */
#include <stdio.h>

#include <mpi.h>

#if defined(COLLECTIVES_NONBLOCKING) || defined(COLLECTIVES_PERSISTENT)
/* Every third request is completed by a Test loop, the others by Wait. */
static void finish(MPI_Request* request) {
  static int calls;
  if (calls++ % 3 == 2) {
    int done = 0;
    while (!done) {
      MPI_Test(request, &done, MPI_STATUS_IGNORE);
    }
  } else {
    MPI_Wait(request, MPI_STATUS_IGNORE);
  }
}
#endif

#if defined(COLLECTIVES_NONBLOCKING)
#define COLL(blocking, nonblocking, ...)       \
  do {                                         \
    MPI_Request request_;                      \
    MPI_##nonblocking(__VA_ARGS__, &request_); \
    finish(&request_);                         \
  } while (0)
#elif defined(COLLECTIVES_PERSISTENT)
#define COLL(blocking, nonblocking, ...)                          \
  do {                                                            \
    MPI_Request request_;                                         \
    MPI_##blocking##_init(__VA_ARGS__, MPI_INFO_NULL, &request_); \
    MPI_Start(&request_);                                         \
    finish(&request_);                                            \
    MPI_Request_free(&request_);                                  \
  } while (0)
#else
#define COLL(blocking, nonblocking, ...) MPI_##blocking(__VA_ARGS__)
#endif

enum { kRanks = 3, kRoot = 1 };

static int g_errors;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "collectives: %s wrong\n", what);
    ++g_errors;
  }
}

#if defined(COLLECTIVES_NONBLOCKING)
/* Two collectives outstanding at once, completed by one Waitall; one in its large-count form. */
static void more_requests(int r, MPI_Comm w) {
  int table[5] = {r, r, r, r, r};
  int in[4] = {r, r, r, r};
  int out[4] = {0};
  MPI_Request requests[2];
  MPI_Ibcast_c(table, (MPI_Count)5, MPI_INT, kRoot, w, &requests[0]);
  MPI_Iallreduce(in, out, 4, MPI_INT, MPI_SUM, w, &requests[1]);
  MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
  expect(table[0] == kRoot && out[3] == 3, "two outstanding");
}
#elif defined(COLLECTIVES_PERSISTENT)
/* One persistent Allreduce_init_c started three times with new input, waited on once more while inactive; a
 * Bcast_init and a Barrier_init started together by Startall, twice. */
static void more_requests(int r, MPI_Comm w) {
  int in = 0;
  int out = 0;
  MPI_Request reduce;
  MPI_Allreduce_init_c(&in, &out, (MPI_Count)1, MPI_INT, MPI_SUM, w, MPI_INFO_NULL, &reduce);
  for (int round = 0; round < 3; ++round) {
    in = r + round;
    MPI_Start(&reduce);
    MPI_Wait(&reduce, MPI_STATUS_IGNORE);
    expect(out == 3 + kRanks * round, "persistent allreduce");
  }
  MPI_Wait(&reduce, MPI_STATUS_IGNORE); /* inactive: returns at once */
  MPI_Request_free(&reduce);

  int token[2] = {0, 0};
  MPI_Request pair[2];
  MPI_Bcast_init(token, 2, MPI_INT, kRoot, w, MPI_INFO_NULL, &pair[0]);
  MPI_Barrier_init(w, MPI_INFO_NULL, &pair[1]);
  for (int round = 0; round < 2; ++round) {
    token[0] = token[1] = r == kRoot ? 50 + round : -1;
    MPI_Startall(2, pair);
    MPI_Waitall(2, pair, MPI_STATUSES_IGNORE);
    expect(token[1] == 50 + round, "persistent bcast");
  }
  MPI_Request_free(&pair[0]);
  MPI_Request_free(&pair[1]);
}
#endif

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
  int send[9]; /* MPI_Scatter's root sends 3 blocks of 3 ints (params.aliased_buffers found the overrun) */
  int recv[16];
  for (int i = 0; i < 9; ++i) {
    send[i] = 10 * r + i;
  }

  int table[5] = {r, r, r, r, r};
  COLL(Bcast, Ibcast, table, 5, MPI_INT, kRoot, w);
  expect(table[4] == kRoot, "bcast");
  COLL(Gather, Igather, send, 2, MPI_INT, recv, 2, MPI_INT, kRoot, w);
  expect(r != kRoot || recv[5] == 21, "gather");
  COLL(Gatherv, Igatherv, send, r + 1, MPI_INT, recv, counts, displs, MPI_INT, kRoot, w);
  expect(r != kRoot || recv[5] == 22, "gatherv");
  COLL(Scatter, Iscatter, send, 3, MPI_INT, recv, 3, MPI_INT, kRoot, w);
  expect(recv[0] == 10 * kRoot + 3 * r, "scatter");
  COLL(Scatterv, Iscatterv, send, counts, displs, MPI_INT, recv, r + 1, MPI_INT, kRoot, w);
  expect(recv[0] == 10 * kRoot + displs[r], "scatterv");
  COLL(Allgather, Iallgather, send, 2, MPI_INT, recv, 2, MPI_INT, w);
  expect(recv[4] == 20, "allgather");
  for (int i = 0; i < 2 * kRanks; ++i) {
    recv[i] = (i / 2 == r) ? 7 * r : -1;
  }
  COLL(Allgather, Iallgather, MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, recv, 2, MPI_INT, w);
  expect(recv[2] == 7 && recv[4] == 14, "allgather in place");
  COLL(Allgatherv, Iallgatherv, send, r + 1, MPI_INT, recv, counts, displs, MPI_INT, w);
  expect(recv[3] == 20, "allgatherv");
  COLL(Alltoall, Ialltoall, send, 1, MPI_INT, recv, 1, MPI_INT, w);
  expect(recv[2] == 20 + r, "alltoall");
  int alltoall_send_displs[kRanks] = {0, 1, 3};
  int recv_counts[kRanks] = {r + 1, r + 1, r + 1};
  int recv_displs[kRanks] = {0, r + 1, 2 * (r + 1)};
  COLL(Alltoallv, Ialltoallv, send, counts, alltoall_send_displs, MPI_INT, recv, recv_counts, recv_displs, MPI_INT, w);
  expect(recv[r + 1] == 10 + displs[r], "alltoallv");
  int send_byte_displs[kRanks] = {0, 4, 12};
  int recv_byte_displs[kRanks] = {0, 4 * (r + 1), 8 * (r + 1)};
  MPI_Datatype types[kRanks] = {MPI_INT, MPI_INT, MPI_INT};
  COLL(Alltoallw, Ialltoallw, send, counts, send_byte_displs, types, recv, recv_counts, recv_byte_displs, types, w);
  expect(recv[r + 1] == 10 + displs[r], "alltoallw");
  COLL(Reduce, Ireduce, send, recv, 4, MPI_INT, MPI_SUM, kRoot, w);
  expect(r != kRoot || recv[1] == 33, "reduce");
  int accumulator[4] = {send[0], send[1], send[2], send[3]};
  if (r == kRoot) {
    COLL(Reduce, Ireduce, MPI_IN_PLACE, accumulator, 4, MPI_INT, MPI_SUM, kRoot, w);
    expect(accumulator[1] == 33, "reduce in place");
  } else {
    COLL(Reduce, Ireduce, accumulator, NULL, 4, MPI_INT, MPI_SUM, kRoot, w);
  }
  COLL(Allreduce, Iallreduce, send, recv, 4, MPI_INT, MPI_SUM, w);
  expect(recv[2] == 36, "allreduce");
  COLL(Reduce_scatter, Ireduce_scatter, send, recv, counts, MPI_INT, MPI_SUM, w);
  expect(recv[0] == 30 + 3 * displs[r], "reduce_scatter");
  COLL(Reduce_scatter_block, Ireduce_scatter_block, send, recv, 2, MPI_INT, MPI_SUM, w);
  expect(recv[1] == 30 + 3 * (2 * r + 1), "reduce_scatter_block");
  int prefix = 0;
  COLL(Scan, Iscan, &r, &prefix, 1, MPI_INT, MPI_SUM, w);
  expect(prefix == r * (r + 1) / 2, "scan");
  COLL(Exscan, Iexscan, &r, &prefix, 1, MPI_INT, MPI_SUM, w);
  expect(r == 0 || prefix == r * (r - 1) / 2, "exscan");
  COLL(Barrier, Ibarrier, w);
#if defined(COLLECTIVES_NONBLOCKING) || defined(COLLECTIVES_PERSISTENT)
  more_requests(r, w);
#endif

  int total = 0;
  MPI_Allreduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, w);
  if (r == 0) {
    printf(total == 0 ? "collectives: OK\n" : "collectives: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
