/* Test program for neighborhood collectives, run on exactly 4 ranks arranged as a non-periodic line (a 1-D
 * Cartesian communicator): rank r's neighbors are r-1 and r+1, the ends have MPI_PROC_NULL on one side. In order:
 *   Neighbor_allgather (2 ints)           Neighbor_allgatherv (rank r sends r+1 ints)
 *   Neighbor_alltoall_c (1 int each way)  Neighbor_alltoallv (1 int down, 2 ints up)
 *   Neighbor_alltoallw (1 int each way)   Ineighbor_alltoall + Wait (1 int)
 *   Neighbor_allgather_init (1 int), started twice with new data
 * Results are checked; rank 0 prints "neighbors: OK". Every buffer lies in one struct (neighbors_layout.h). */
#include <stdio.h>

#include <mpi.h>

#include "neighbors_layout.h"

enum { kRanks = 4, kNone = -1 };

static int g_errors;
static struct NeighborsLayout g_memory;

static void expect(int ok, const char* what, int rank) {
  if (!ok) {
    fprintf(stderr, "neighbors: %s wrong on rank %d\n", what, rank);
    ++g_errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size != kRanks) {
    MPI_Finalize();
    return 2;
  }
  int dims[1] = {kRanks};
  int periods[1] = {0};
  MPI_Comm line;
  MPI_Cart_create(MPI_COMM_WORLD, 1, dims, periods, 0, &line);
  int r = 0;
  MPI_Comm_rank(line, &r);
  const int below = r > 0 ? r - 1 : kNone;
  const int above = r < kRanks - 1 ? r + 1 : kNone;

  int* const send = g_memory.send;
  int* const recv = g_memory.recv;
  for (int i = 0; i < 4; ++i) {
    send[i] = 10 * r + i;
  }
  for (int i = 0; i < 8; ++i) {
    recv[i] = kNone;
  }
  MPI_Neighbor_allgather(send, 2, MPI_INT, recv, 2, MPI_INT, line);
  expect(recv[0] == (below == kNone ? kNone : 10 * below) && recv[3] == (above == kNone ? kNone : 10 * above + 1),
         "allgather", r);

  int counts[2] = {r, r + 2}; /* the neighbor below sends r ints, the one above r+2 */
  int displs[2] = {0, 4};
  for (int i = 0; i < 8; ++i) {
    recv[i] = kNone;
  }
  MPI_Neighbor_allgatherv(send, r + 1, MPI_INT, recv, counts, displs, MPI_INT, line);
  expect(above == kNone || recv[4 + r + 1] == 10 * above + r + 1, "allgatherv", r);

  int* const one = g_memory.one; /* [to below, to above] */
  int* const got = g_memory.got;
  one[0] = 100 * r;
  one[1] = 100 * r + 1;
  got[0] = got[1] = kNone;
  MPI_Neighbor_alltoall_c(one, (MPI_Count)1, MPI_INT, got, (MPI_Count)1, MPI_INT, line);
  expect(got[0] == (below == kNone ? kNone : 100 * below + 1) && got[1] == (above == kNone ? kNone : 100 * above),
         "alltoall", r);

  int send_counts[2] = {1, 2};
  int send_displs[2] = {0, 1};
  int recv_counts[2] = {2, 1};
  int recv_displs[2] = {0, 2};
  for (int i = 0; i < 8; ++i) {
    recv[i] = kNone;
  }
  MPI_Neighbor_alltoallv(send, send_counts, send_displs, MPI_INT, recv, recv_counts, recv_displs, MPI_INT, line);
  expect((below == kNone || recv[1] == 10 * below + 2) && (above == kNone || recv[2] == 10 * above), "alltoallv", r);

  int w_counts[2] = {1, 1};
  MPI_Aint w_displs[2] = {0, sizeof(int)};
  MPI_Datatype types[2] = {MPI_INT, MPI_INT};
  got[0] = got[1] = kNone;
  MPI_Neighbor_alltoallw(one, w_counts, w_displs, types, got, w_counts, w_displs, types, line);
  expect(got[0] == (below == kNone ? kNone : 100 * below + 1), "alltoallw", r);

  MPI_Request request;
  got[0] = got[1] = kNone;
  MPI_Ineighbor_alltoall(one, 1, MPI_INT, got, 1, MPI_INT, line, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  expect(got[1] == (above == kNone ? kNone : 100 * above), "ineighbor_alltoall", r);

  int* const token = &g_memory.token;
  int* const tokens = g_memory.tokens;
  tokens[0] = tokens[1] = kNone;
  MPI_Neighbor_allgather_init(token, 1, MPI_INT, tokens, 1, MPI_INT, line, MPI_INFO_NULL, &request);
  for (int round = 0; round < 2; ++round) {
    *token = 1000 * round + r;
    MPI_Start(&request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    expect(below == kNone || tokens[0] == 1000 * round + below, "persistent allgather", r);
  }
  MPI_Request_free(&request);
  MPI_Comm_free(&line);

  int total = 0;
  MPI_Reduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  int world_rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  if (world_rank == 0) {
    printf(total == 0 ? "neighbors: OK\n" : "neighbors: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
