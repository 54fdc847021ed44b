/* Buggy: rank 0 calls MPI_Win_fence once more than rank 1. Fence is collective over the window: the extra fence
 * pairs with rank 1's next collective call on the window, and rank 0 then hangs in MPI_Win_free. mpi-analyze
 * reports rma.fence_mismatch from the recovered trace. Run with 2 ranks. */
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
  if (rank == 0) {
    MPI_Win_fence(0, win);  // BUG(rma.fence_mismatch): only rank 0 calls this fence
  }
  printf("rma_fence_mismatch: rank %d got %d\n", rank, cells[1 - rank]);
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
