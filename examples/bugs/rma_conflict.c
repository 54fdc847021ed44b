/* Buggy: in one fence epoch, ranks 1 and 2 both put into the same int of rank 0's window. Which value rank 0
 * ends up with is undefined, and MPI reports nothing. mpi-analyze reports rma.conflict. Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* MPICH 4.0.2 over UCX misplaces accesses to window memory that is not 16-byte aligned. */
  _Alignas(64) int cells[3] = {0, 0, 0};
  MPI_Win win;
  MPI_Win_create(cells, sizeof(cells), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  MPI_Win_fence(0, win);
  if (rank != 0) {
    MPI_Put(&rank, 1, MPI_INT, 0, 0, 1, MPI_INT, win);  // BUG(rma.conflict): both origins write cells[0]
  }
  MPI_Win_fence(0, win);
  if (rank == 0) {
    printf("rma_conflict: rank 0 has %d\n", cells[0]);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
