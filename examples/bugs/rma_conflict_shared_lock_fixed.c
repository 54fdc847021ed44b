/* Correct twin of rma_conflict_shared_lock.c: under their shared locks, ranks 1 and 2 put into different ints of
 * rank 0's window, complete the puts at the target with MPI_Win_flush, and only after a barrier read each other's
 * int: the flush and the barrier order every read after the write it overlaps. Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* MPICH 4.0.2 over UCX misplaces accesses to small or misaligned window memory. */
  _Alignas(64) int cells[8] = {0};
  MPI_Win win;
  MPI_Win_create(cells, sizeof(cells), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  int other = 0;
  if (rank != 0) {
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 0) {
    MPI_Put(&rank, 1, MPI_INT, 0, rank, 1, MPI_INT, win);
    MPI_Win_flush(0, win);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 0) {
    MPI_Get(&other, 1, MPI_INT, 0, 3 - rank, 1, MPI_INT, win);
    MPI_Win_unlock(0, win);
    printf("rma_conflict_shared_lock_fixed: rank %d read %d\n", rank, other);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
