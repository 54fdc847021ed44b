/* Correct twin of rma_outside_epoch.c: the put sits between two fences, inside the access epoch the first one
 * opens. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* MPICH 4.0.2 over UCX misplaces accesses to window memory that is not 16-byte aligned. */
  _Alignas(64) int cell = -1;
  MPI_Win win;
  MPI_Win_create(&cell, sizeof(cell), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  const int value = 42;
  MPI_Win_fence(0, win);
  if (rank == 0) {
    MPI_Put(&value, 1, MPI_INT, 1, 0, 1, MPI_INT, win);
  }
  MPI_Win_fence(0, win);
  if (rank == 1) {
    printf("rma_outside_epoch_fixed: rank 1 has %d\n", cell);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
