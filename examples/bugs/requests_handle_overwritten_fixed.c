/* Correct counterpart of requests_handle_overwritten.c: each pending send keeps its own request, and both are
 * completed with MPI_Waitall. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    int first = 1;
    int second = 2;
    MPI_Request requests[2];
    MPI_Status statuses[2];
    MPI_Isend(&first, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, &requests[0]);
    MPI_Isend(&second, 1, MPI_INT, 1, 1, MPI_COMM_WORLD, &requests[1]);
    MPI_Waitall(2, requests, statuses);
  } else if (rank == 1) {
    int values[2] = {0, 0};
    MPI_Recv(&values[0], 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Recv(&values[1], 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("requests_handle_overwritten: rank 1 got %d %d\n", values[0], values[1]);
  }
  MPI_Finalize();
  return 0;
}
