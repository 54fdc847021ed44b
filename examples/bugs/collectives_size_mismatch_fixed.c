/* Correct twin of collectives_size_mismatch: the root's recvcounts say rank 2 sends one MPI_INT, as it does.
 * Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const int count = rank == 2 ? 1 : 2;
  int mine[2] = {10 * rank, 10 * rank + 1};
  int all[5] = {-1, -1, -1, -1, -1};
  const int counts[3] = {2, 2, 1};
  const int displs[3] = {0, 2, 4};
  MPI_Gatherv(mine, count, MPI_INT, all, counts, displs, MPI_INT, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("collectives_size_mismatch_fixed: last slot %d\n", all[4]);
  }
  MPI_Finalize();
  return 0;
}
