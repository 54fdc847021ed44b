/* Correct counterpart of collectives_alltoallw_type.c: rank 1 receives rank 0's block as MPI_FLOAT, the type rank 0
 * sends it with. Per-peer datatypes may differ between blocks, but each block's two sides must agree.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int ints[2] = {rank, rank};
  float floats[2] = {1.5f, 1.5f};
  float recv[2] = {-1.0f, -1.0f};
  const int counts[2] = {1, 1};
  const int displs[2] = {0, (int)sizeof(int)};
  MPI_Datatype sendtypes[2] = {MPI_INT, MPI_INT};
  MPI_Datatype recvtypes[2] = {MPI_FLOAT, MPI_INT};
  void* sendbuf = ints;
  if (rank == 0) {
    sendtypes[0] = MPI_FLOAT;
    sendtypes[1] = MPI_FLOAT;
    sendbuf = floats;
  }
  MPI_Alltoallw(sendbuf, counts, displs, sendtypes, recv, counts, displs, recvtypes, MPI_COMM_WORLD);
  printf("collectives_alltoallw_type_fixed: rank %d got %g\n", rank, (double)recv[0]);
  MPI_Finalize();
  return 0;
}
