/* Correct counterpart of errors_return_code.c: rank 0 sends to the last rank, which receives. Run with 2 ranks. */
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
    MPI_Send(&value, 1, MPI_INT, size - 1, 0, MPI_COMM_WORLD);
    printf("errors_return_code: rank 0 sent\n");
  } else if (rank == size - 1) {
    MPI_Recv(&value, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  MPI_Finalize();
  return 0;
}
