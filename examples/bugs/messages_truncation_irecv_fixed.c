/* Correct counterpart of messages_truncation_irecv.c: the nonblocking receive has room for the whole message.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

enum { kSent = 8 };

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  if (rank == 0) {
    int values[kSent] = {1, 2, 3, 4, 5, 6, 7, 8};
    MPI_Send(values, kSent, MPI_INT, 1, 0, MPI_COMM_WORLD);
  } else if (rank == 1) {
    int values[kSent] = {0};
    MPI_Request request;
    MPI_Irecv(values, kSent, MPI_INT, 0, 0, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    printf("messages_truncation_irecv_fixed: rank 1 got %d\n", values[7]);
  }
  MPI_Finalize();
  return 0;
}
