/* Buggy: rank 1 creates a persistent receive and waits for it without ever calling MPI_Start. MPI_Wait on an
 * inactive persistent request returns at once, so rank 1 prints a value that never arrived, and rank 0's message
 * stays unreceived. mpi-analyze warns with requests.persistent_misuse (and reports messages.unreceived).
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    int value = 9;
    MPI_Send(&value, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
  } else if (rank == 1) {
    int value = 0;
    MPI_Request request;
    MPI_Recv_init(&value, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE); /* BUG(requests.persistent_misuse): never started */
    printf("requests_persistent_unstarted: rank 1 got %d\n", value);
    MPI_Request_free(&request);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
  return 0;
}
