/* Buggy: rank 0 sends 8 ints, rank 1 posts a nonblocking receive with room for 4 and waits for it. MPI_Wait
 * returns MPI_ERR_TRUNCATE (the program set MPI_ERRORS_RETURN and ignores it), so rank 1 goes on with a buffer that
 * never got the data. mpi-analyze reports messages.truncation at the MPI_Irecv. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

enum { kSent = 8, kRoom = 4 };

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  if (rank == 0) {
    int values[kSent] = {1, 2, 3, 4, 5, 6, 7, 8};
    MPI_Send(values, kSent, MPI_INT, 1, 0, MPI_COMM_WORLD);
  } else if (rank == 1) {
    int values[kRoom] = {0, 0, 0, 0};
    MPI_Request request;
    MPI_Irecv(values, kRoom, MPI_INT, 0, 0, MPI_COMM_WORLD, &request);  // BUG(messages.truncation)
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    printf("messages_truncation_irecv: rank 1 got %d\n", values[0]);
  }
  MPI_Finalize();
  return 0;
}
