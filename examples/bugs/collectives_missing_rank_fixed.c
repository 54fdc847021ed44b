/* Correct counterpart of collectives_missing_rank.c: every rank enters both barriers. Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD);
  printf("collectives_missing_rank: rank %d done\n", rank);
  MPI_Finalize();
  return 0;
}
