/* Buggy: inside a lock_all epoch rank 0 gets a value into `buffer` and, before any flush completed the get,
 * puts `buffer` to rank 1: the put reads memory the pending get may still be writing, so rank 1 may receive
 * the old contents. MPI reports nothing. mpi-analyze reports rma.origin_buffer_reuse. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* MPICH 4.0.2 over UCX misplaces accesses to window memory that is not 16-byte aligned. */
  _Alignas(64) int cells[2] = {100 + rank, 0};
  MPI_Win win;
  MPI_Win_create(cells, sizeof(cells), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    int buffer = 0;
    MPI_Win_lock_all(0, win);
    MPI_Get(&buffer, 1, MPI_INT, 1, 0, 1, MPI_INT, win);
    MPI_Put(&buffer, 1, MPI_INT, 1, 1, 1, MPI_INT, win);  // BUG(rma.origin_buffer_reuse): the get is pending
    MPI_Win_flush(1, win);
    MPI_Win_unlock_all(win);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 1) {
    MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win);
    printf("rma_origin_buffer_reuse: rank 1 has %d\n", cells[1]);
    MPI_Win_unlock(1, win);
  }
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
