/* Correct counterpart of requests_buffer_reuse_collective.c: the allreduce completes before the broadcast writes
 * the array. Run with 2 ranks. */
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
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  MPI_Bcast(sums, 2, MPI_INT, 0, MPI_COMM_WORLD);
  printf("requests_buffer_reuse_collective: rank %d has %d %d\n", rank, sums[0], sums[1]);
  MPI_Finalize();
  return 0;
}
