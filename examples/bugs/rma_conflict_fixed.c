/* Correct twin of rma_conflict.c: each origin writes its own int of rank 0's window, and both also add into
 * cells[0] with MPI_Accumulate and the same op, which MPI allows to overlap. Run with 3 ranks. */
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
    MPI_Put(&rank, 1, MPI_INT, 0, rank, 1, MPI_INT, win);
    MPI_Accumulate(&rank, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_SUM, win);
  }
  MPI_Win_fence(0, win);
  if (rank == 0) {
    printf("rma_conflict_fixed: rank 0 has %d %d %d\n", cells[0], cells[1], cells[2]);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
