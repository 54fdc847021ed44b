/* Correct twin of rma_pscw_mismatch.c: rank 0 posts only to rank 1, the one rank that starts an epoch to it.
 * Run with 3 ranks. */
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
  MPI_Group world;
  MPI_Comm_group(MPI_COMM_WORLD, &world);
  MPI_Group peers;
  if (rank == 0) {
    const int origin = 1;
    MPI_Group_incl(world, 1, &origin, &peers);
    MPI_Win_post(peers, 0, win);
    MPI_Win_wait(win);
    printf("rma_pscw_mismatch_fixed: rank 0 got %d\n", cells[1]);
    MPI_Group_free(&peers);
  } else if (rank == 1) {
    const int target = 0;
    MPI_Group_incl(world, 1, &target, &peers);
    MPI_Win_start(peers, 0, win);
    MPI_Put(&rank, 1, MPI_INT, 0, 1, 1, MPI_INT, win);
    MPI_Win_complete(win);
    MPI_Group_free(&peers);
  }
  MPI_Group_free(&world);
  MPI_Win_free(&win);
  MPI_Finalize();
  return 0;
}
