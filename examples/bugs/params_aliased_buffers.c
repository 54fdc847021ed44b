/* Buggy: every rank hands MPI_Allgather a send buffer that lies inside the receive buffer, one int past its own
 * block, instead of MPI_IN_PLACE. MPI forbids the overlap; MPICH only rejects a send buffer equal to the receive
 * buffer, so the call is accepted and the gathered data is undefined. mpi-analyze reports params.aliased_buffers.
 * Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

enum { kBlock = 2 };

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int all[64] = {0};
  if (size * kBlock + 1 > 64) {
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  all[rank * kBlock + 1] = rank;
  all[rank * kBlock + 2] = rank;
  int* mine = &all[rank * kBlock + 1];
  MPI_Allgather(mine, kBlock, MPI_INT, all, kBlock, MPI_INT, MPI_COMM_WORLD);  // BUG(params.aliased_buffers)
  if (rank == 0) {
    printf("params_aliased_buffers: rank 0 has %d %d %d\n", all[0], all[kBlock], all[2 * kBlock]);
  }
  MPI_Finalize();
  return 0;
}
