/* Correct counterpart of collectives_mismatch.c: every rank broadcasts, then enters the barrier. Run with 2
 * ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = rank == 0 ? 5 : 0;
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD);
  printf("collectives_mismatch: rank %d has %d\n", rank, value);
  MPI_Finalize();
  return 0;
}
