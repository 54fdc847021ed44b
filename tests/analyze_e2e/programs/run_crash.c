/* Ends by a crash: rank 1 dereferences a null pointer (SIGSEGV) after its last MPI call (LAST marker) while
 * rank 0 waits for its message (WAIT marker). The recovered trace must say the run crashed outside MPI.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Barrier(MPI_COMM_WORLD);  // LAST
  int value = 0;
  if (rank == 1) {
    volatile int* nowhere = NULL;
    value = *nowhere;  // SIGSEGV
    printf("never printed %d\n", value);
  } else {
    MPI_Recv(&value, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // WAIT
  }
  MPI_Finalize();
  return 0;
}
