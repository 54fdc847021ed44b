/* Buggy: every rank starts a nonblocking allreduce into `sums` and, while it is pending, broadcasts into the same
 * array, so two operations write one buffer at once. mpi-analyze reports requests.buffer_reuse on every rank.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int mine[2] = {rank, rank + 1};
  int sums[2] = {0, 0};
  MPI_Request request;
  MPI_Iallreduce(mine, sums, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &request);
  MPI_Bcast(sums, 2, MPI_INT, 0, MPI_COMM_WORLD); /* BUG(requests.buffer_reuse) */
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  printf("requests_buffer_reuse_collective: rank %d has %d %d\n", rank, sums[0], sums[1]);
  MPI_Finalize();
  return 0;
}
