/* Buggy: rank 0 sends two messages with MPI_Isend but keeps both requests in one MPI_Request variable, so the
 * second call overwrites the first request while it is still pending; only the second is waited for. The program
 * prints the right values; mpi-analyze reports requests.handle_overwritten (and the lost request as requests.leak).
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    int first = 1;
    int second = 2;
    MPI_Request request;
    MPI_Isend(&first, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, &request);
    MPI_Isend(&second, 1, MPI_INT, 1, 1, MPI_COMM_WORLD, &request); /* BUG(requests.handle_overwritten) */
    MPI_Wait(&request, MPI_STATUS_IGNORE);
  } else if (rank == 1) {
    int values[2] = {0, 0};
    MPI_Recv(&values[0], 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Recv(&values[1], 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("requests_handle_overwritten: rank 1 got %d %d\n", values[0], values[1]);
  }
  MPI_Finalize();
  return 0;
}
