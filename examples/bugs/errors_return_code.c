/* Buggy: with MPI_ERRORS_RETURN set, rank 0 sends to a rank that does not exist; MPI_Send returns
 * MPI_ERR_RANK, the program ignores it and finishes normally. mpi-analyze reports errors.return_code.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int value = 1;
  if (rank == 0) {
    MPI_Send(&value, 1, MPI_INT, size, 0, MPI_COMM_WORLD);  // BUG(errors.return_code): rank `size` does not exist
    printf("errors_return_code: rank 0 sent\n");
  }
  MPI_Finalize();
  return 0;
}
