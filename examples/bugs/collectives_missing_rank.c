/* Buggy, hangs: rank 1 skips the barrier the other ranks enter, so they wait in it forever. Run with 3 ranks
 * under a timeout; mpi-analyze on the recovered trace reports collectives.missing_rank. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 1) {
    MPI_Barrier(MPI_COMM_WORLD);  // BUG(collectives.missing_rank): rank 1 never calls it
  }
  printf("collectives_missing_rank: rank %d done\n", rank);
  MPI_Finalize();
  return 0;
}
