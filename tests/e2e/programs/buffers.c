/* Test program for the buffer ranges and request slots the tracer records, run on exactly 2 ranks; every buffer and
 * request variable lives in one struct (buffers_layout.h) so the test can check the recorded addresses:
 *   rank 0: MPI_Send of send[0..3] (tag 1); MPI_Isend of 2 x vector(2 blocks of 1 double, stride 2) from send[1]
 *           (tag 2, requests[0]); rank 1: MPI_Recv into recv[0..3], MPI_Irecv of 6 doubles into recv[2..7]
 *           (requests[1])
 *   both:   MPI_Allreduce ints -> sums (4 ints), MPI_Allreduce MPI_IN_PLACE on sums (no send range),
 *           MPI_Iallreduce ints[4..5] -> sums[4..5] (requests[2]), MPI_Bcast of 0 ints (no range),
 *           MPI_Send_init of ints[0..1] / MPI_Recv_init into sums[6..7] on requests[3], started once.
 * Prints "buffers: OK" on rank 0. */
#include <stdio.h>

#include <mpi.h>

#include "buffers_layout.h"

static struct BuffersLayout g;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  for (int i = 0; i < 8; ++i) {
    g.send[i] = i;
    g.ints[i] = i + rank;
  }
  MPI_Datatype strided;
  MPI_Type_vector(2, 1, 2, MPI_DOUBLE, &strided);
  MPI_Type_commit(&strided);
  if (rank == 0) {
    MPI_Send(g.send, 4, MPI_DOUBLE, 1, 1, MPI_COMM_WORLD);
    MPI_Isend(&g.send[1], 2, strided, 1, 2, MPI_COMM_WORLD, &g.requests[0]);
    MPI_Wait(&g.requests[0], MPI_STATUS_IGNORE);
  } else {
    MPI_Recv(g.recv, 4, MPI_DOUBLE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Irecv(&g.recv[2], 6, MPI_DOUBLE, 0, 2, MPI_COMM_WORLD, &g.requests[1]);
    MPI_Wait(&g.requests[1], MPI_STATUS_IGNORE);
  }
  MPI_Allreduce(g.ints, g.sums, 4, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, g.sums, 4, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  MPI_Iallreduce(&g.ints[4], &g.sums[4], 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &g.requests[2]);
  MPI_Wait(&g.requests[2], MPI_STATUS_IGNORE);
  MPI_Bcast(g.ints, 0, MPI_INT, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    MPI_Send_init(g.ints, 2, MPI_INT, 1, 3, MPI_COMM_WORLD, &g.requests[3]);
  } else {
    MPI_Recv_init(&g.sums[6], 2, MPI_INT, 0, 3, MPI_COMM_WORLD, &g.requests[3]);
  }
  MPI_Start(&g.requests[3]);
  MPI_Wait(&g.requests[3], MPI_STATUS_IGNORE);
  MPI_Request_free(&g.requests[3]);
  MPI_Type_free(&strided);
  int ok = rank == 1 ? (g.recv[0] == 0.0 && g.recv[3] == 3.0 && g.recv[2] == 1.0 && g.recv[5] == 6.0) : 1;
  ok = ok && g.sums[0] == 2 * (0 + 0 + 1);
  int all = 0;
  MPI_Reduce(&ok, &all, 1, MPI_INT, MPI_LAND, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(all ? "buffers: OK\n" : "buffers: WRONG\n");
  }
  MPI_Finalize();
  return 0;
}
