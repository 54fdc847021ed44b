/* With MPI_ERRORS_RETURN, a send to rank `size` fails: the program must see MPI's error code unchanged, and the
 * trace must record it on the call's Leave. MPICH's codes differ between runs (they index the error message), so
 * rank 0 prints the class on stdout, which must match the native run, and the code on stderr for the test. */
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
    const int code = MPI_Send(&value, 1, MPI_INT, size, 0, MPI_COMM_WORLD);
    int error_class = MPI_SUCCESS;
    MPI_Error_class(code, &error_class);
    printf("return_code: class_is_rank %d\n", error_class == MPI_ERR_RANK);
    fprintf(stderr, "return_code: %d\n", code);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
  return 0;
}
