/* Buggy: rank 0 starts its persistent send a second time before the first start has completed. MPI refuses the
 * second MPI_Start (the program asked for MPI_ERRORS_RETURN and ignores the code), so only one message is sent and
 * rank 1 receives one value where it wanted two. mpi-analyze reports requests.persistent_misuse (and the refused
 * call as errors.return_code). Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  if (rank == 0) {
    int value = 5;
    MPI_Request request;
    MPI_Send_init(&value, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, &request);
    MPI_Start(&request);
    MPI_Start(&request); /* BUG(requests.persistent_misuse): still active */
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    MPI_Request_free(&request);
  } else if (rank == 1) {
    int value = 0;
    MPI_Recv(&value, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("requests_persistent_active: rank 1 got %d\n", value);
  }
  MPI_Finalize();
  return 0;
}
