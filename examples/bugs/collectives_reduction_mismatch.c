/* Buggy: rank 0 sums while the other ranks take the maximum in the same MPI_Allreduce. MPI does not notice and
 * every rank gets a value that is neither; mpi-analyze reports collectives.reduction_mismatch. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = rank + 1;
  int result = 0;
  const MPI_Op op = rank == 0 ? MPI_SUM : MPI_MAX;
  MPI_Allreduce(&value, &result, 1, MPI_INT, op, MPI_COMM_WORLD);  // BUG(collectives.reduction_mismatch)
  printf("collectives_reduction_mismatch: rank %d has %d\n", rank, result);
  MPI_Finalize();
  return 0;
}
