/* Buggy: the root of MPI_Gatherv expects two MPI_INTs from every rank, but rank 2 sends only one. MPI accepts the
 * shorter message and the root's last slot keeps stale data; mpi-analyze reports collectives.size_mismatch (the
 * counts of the v-form do not add up). Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const int count = rank == 2 ? 1 : 2;
  int mine[2] = {10 * rank, 10 * rank + 1};
  int all[6] = {-1, -1, -1, -1, -1, -1};
  const int counts[3] = {2, 2, 2};
  const int displs[3] = {0, 2, 4};
  MPI_Gatherv(mine, count, MPI_INT, all, counts, displs, MPI_INT, 0, MPI_COMM_WORLD);  // BUG(collectives.size_mismatch)
  if (rank == 0) {
    printf("collectives_size_mismatch: last slot %d\n", all[5]);
  }
  MPI_Finalize();
  return 0;
}
