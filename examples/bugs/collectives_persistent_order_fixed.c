/* Correct counterpart of collectives_persistent_order.c: every rank creates its persistent collectives in the same
 * order (the broadcast, then the reduction) and starts them together. Run with 2 ranks. */
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
  MPI_Bcast_init(&value, 1, MPI_INT, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &requests[0]);
  MPI_Allreduce_init(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &requests[1]);
  for (int round = 0; round < 2; ++round) {
    MPI_Startall(2, requests);
    MPI_Waitall(2, requests, statuses);
  }
  printf("collectives_persistent_order_fixed: rank %d value %d sum %d\n", rank, value, sum);
  MPI_Request_free(&requests[0]);
  MPI_Request_free(&requests[1]);
  MPI_Finalize();
  return 0;
}
