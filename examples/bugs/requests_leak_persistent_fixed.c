/* Correct counterpart of requests_leak_persistent.c: the persistent send request is freed with MPI_Request_free
 * once it is no longer started. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 0;
  if (rank == 0) {
    MPI_Request request;
    MPI_Send_init(&value, 1, MPI_INT, 1, 3, MPI_COMM_WORLD, &request);
    for (int i = 1; i <= 3; ++i) {
      value = i;
      MPI_Start(&request);
      MPI_Wait(&request, MPI_STATUS_IGNORE);
    }
    MPI_Request_free(&request);
  } else if (rank == 1) {
    int sum = 0;
    for (int i = 0; i < 3; ++i) {
      MPI_Recv(&value, 1, MPI_INT, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      sum += value;
    }
    printf("requests_leak_persistent_fixed: rank 1 got %d\n", sum);
  }
  MPI_Finalize();
  return 0;
}
