/* Buggy: ranks 1 and 2 both hold a shared lock on rank 0's window (legal) and, between two barriers, both put
 * into the same int of it. Shared locks do not exclude each other and neither put is complete at the target before
 * the other is issued, so which value rank 0 ends up with is undefined; MPI reports nothing. mpi-analyze reports
 * rma.conflict. Run with 3 ranks. */
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
  if (rank != 0) {
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
  }
  MPI_Barrier(MPI_COMM_WORLD); /* holding a passive lock across a barrier is legal */
  if (rank != 0) {
    MPI_Put(&rank, 1, MPI_INT, 0, 0, 1, MPI_INT, win);  // BUG(rma.conflict): both origins write cells[0]
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 0) {
    MPI_Win_unlock(0, win);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win); /* makes the puts visible to rank 0's own loads */
    printf("rma_conflict_shared_lock: rank 0 has %d\n", cells[0]);
    MPI_Win_unlock(0, win);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
