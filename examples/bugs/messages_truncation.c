/* Buggy: rank 0 sends 8 ints, rank 1 receives them into room for 4. MPI reports MPI_ERR_TRUNCATE (with the
 * default error handler MPICH aborts the job here); this program has set MPI_ERRORS_RETURN, ignores the code and
 * goes on with a buffer that never got the data. mpi-analyze reports messages.truncation. Run with 2 ranks. */
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
    MPI_Recv(values, kRoom, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // BUG(messages.truncation)
    printf("messages_truncation: rank 1 got %d\n", values[0]);
  }
  MPI_Finalize();
  return 0;
}
