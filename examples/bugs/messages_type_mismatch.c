/* Buggy: rank 0 sends two MPI_INTs, rank 1 receives them as two MPI_FLOATs. The sizes agree, so MPI delivers the
 * bytes without complaint and rank 1 prints garbage; mpi-analyze reports messages.type_mismatch. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    int values[2] = {1, 2};
    MPI_Send(values, 2, MPI_INT, 1, 0, MPI_COMM_WORLD);
  } else if (rank == 1) {
    float values[2] = {0.0f, 0.0f};
    MPI_Recv(values, 2, MPI_FLOAT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // BUG(messages.type_mismatch)
    printf("messages_type_mismatch: rank 1 got %g and %g\n", (double)values[0], (double)values[1]);
  }
  MPI_Finalize();
  return 0;
}
