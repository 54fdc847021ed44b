/* Correct counterpart of collectives_reduction_mismatch.c: every rank sums. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = rank + 1;
  int result = 0;
  MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  printf("collectives_reduction_mismatch: rank %d has %d\n", rank, result);
  MPI_Finalize();
  return 0;
}
