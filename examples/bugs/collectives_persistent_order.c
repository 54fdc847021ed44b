/* Buggy: MPI 4.0 makes the persistent collective inits collective calls, to be made in the same order on every
 * rank. Here rank 1 creates its MPI_Allreduce_init before its MPI_Bcast_init, the reverse of rank 0, so the
 * first init of rank 0 (a broadcast) meets a reduction on rank 1. mpi-analyze reports collectives.mismatch at the
 * inits. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = rank == 0 ? 42 : 0;
  int sum = 0;
  MPI_Request requests[2];
  MPI_Status statuses[2];
  if (rank == 0) {
    MPI_Bcast_init(&value, 1, MPI_INT, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &requests[0]);  // BUG(collectives.mismatch)
    MPI_Allreduce_init(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &requests[1]);
  } else {
    MPI_Allreduce_init(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &requests[1]);
    MPI_Bcast_init(&value, 1, MPI_INT, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &requests[0]);
  }
  MPI_Startall(2, requests);
  MPI_Waitall(2, requests, statuses);
  printf("collectives_persistent_order: rank %d value %d sum %d\n", rank, value, sum);
  MPI_Request_free(&requests[0]);
  MPI_Request_free(&requests[1]);
  MPI_Finalize();
  return 0;
}
