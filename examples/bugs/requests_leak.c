/* Buggy: rank 0 starts a nonblocking send and never waits for it, so the request is still active at
 * MPI_Finalize. The program runs to completion and prints the right value; mpi-analyze reports requests.leak.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 42;
  if (rank == 0) {
    MPI_Request request;
    MPI_Isend(&value, 1, MPI_INT, 1, 7, MPI_COMM_WORLD, &request);  // BUG(requests.leak): never waited
  } else if (rank == 1) {
    int received = 0;
    MPI_Recv(&received, 1, MPI_INT, 0, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("requests_leak: rank 1 got %d\n", received);
  }
  MPI_Finalize();
  return 0;
}
