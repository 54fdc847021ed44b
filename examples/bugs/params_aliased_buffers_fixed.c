/* Correct twin of params_aliased_buffers.c: each rank puts its block in place in the receive buffer and passes
 * MPI_IN_PLACE as the send buffer, as MPI requires when the data to send already sits there. Run with 3 ranks. */
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
  if (size * kBlock > 64) {
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  all[rank * kBlock] = rank;
  all[rank * kBlock + 1] = rank;
  MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, all, kBlock, MPI_INT, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("params_aliased_buffers_fixed: rank 0 has %d %d %d\n", all[0], all[kBlock], all[2 * kBlock]);
  }
  MPI_Finalize();
  return 0;
}
