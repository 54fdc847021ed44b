/* Buggy: every rank names itself as the root of MPI_Bcast, so each one only sends and nobody receives the
 * intended value. With small messages MPICH completes the calls; mpi-analyze reports collectives.root_mismatch.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 100 + rank;
  MPI_Bcast(&value, 1, MPI_INT, rank, MPI_COMM_WORLD);  // BUG(collectives.root_mismatch): root differs per rank
  printf("collectives_root_mismatch: rank %d has %d\n", rank, value);
  MPI_Finalize();
  return 0;
}
