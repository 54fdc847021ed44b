/* Buggy: rank 0 puts into rank 1's window before any fence, so no access epoch is open. MPICH refuses the put
 * with MPI_ERR_RMA_SYNC; the program set MPI_ERRORS_RETURN on the window, ignores the code and finishes, and the
 * value never arrives. mpi-analyze reports rma.outside_epoch. Run with 2 ranks. */
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
  MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
  const int value = 42;
  if (rank == 0) {
    MPI_Put(&value, 1, MPI_INT, 1, 0, 1, MPI_INT, win);  // BUG(rma.outside_epoch): no fence opened an epoch yet
  }
  MPI_Win_fence(0, win);
  MPI_Win_fence(0, win);
  if (rank == 1) {
    printf("rma_outside_epoch: rank 1 has %d\n", cell);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
