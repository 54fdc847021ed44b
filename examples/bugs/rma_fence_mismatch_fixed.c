/* Correct twin of rma_fence_mismatch.c: both ranks call MPI_Win_fence the same number of times. Run with 2
 * ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* MPICH 4.0.2 over UCX misplaces accesses to window memory that is not 16-byte aligned. */
  _Alignas(64) int cells[2] = {0, 0};
  MPI_Win win;
  MPI_Win_create(cells, sizeof(cells), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  MPI_Win_fence(0, win);
  MPI_Put(&rank, 1, MPI_INT, 1 - rank, rank, 1, MPI_INT, win);
  MPI_Win_fence(0, win);
  MPI_Win_fence(0, win);
  printf("rma_fence_mismatch_fixed: rank %d got %d\n", rank, cells[1 - rank]);
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
