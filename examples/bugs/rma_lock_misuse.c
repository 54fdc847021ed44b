/* Buggy: rank 0 locks rank 1's part of the window a second time while it still holds the first lock. MPICH
 * refuses the second lock with MPI_ERR_RMA_SYNC; the program set MPI_ERRORS_RETURN on the window, ignores the
 * code and goes on. mpi-analyze reports rma.lock_misuse. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* MPICH 4.0.2 over UCX misplaces accesses to window memory that is not 16-byte aligned. */
  _Alignas(64) int cell = 0;
  MPI_Win win;
  MPI_Win_create(&cell, sizeof(cell), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
  if (rank == 0) {
    const int value = 7;
    MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win);
    MPI_Put(&value, 1, MPI_INT, 1, 0, 1, MPI_INT, win);
    MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win);  // BUG(rma.lock_misuse): rank 1 is locked already
    MPI_Win_unlock(1, win);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 1) {
    printf("rma_lock_misuse: rank 1 has %d\n", cell);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
