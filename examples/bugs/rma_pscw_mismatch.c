/* Buggy: rank 0 exposes its window to ranks 1 and 2 with MPI_Win_post, but only rank 1 starts an access epoch to
 * it; rank 0 waits in MPI_Win_wait for rank 2's MPI_Win_complete forever. mpi-analyze reports rma.pscw_mismatch
 * from the recovered trace. Run with 3 ranks. */
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
    const int origins[2] = {1, 2};
    MPI_Group_incl(world, 2, origins, &peers);
    MPI_Win_post(peers, 0, win);  // BUG(rma.pscw_mismatch): rank 2 never starts an epoch to rank 0
    MPI_Win_wait(win);
    printf("rma_pscw_mismatch: rank 0 got %d\n", cells[1]);
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
