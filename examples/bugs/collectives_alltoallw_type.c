/* Buggy: in an MPI_Alltoallw over 2 ranks, rank 0 sends its block for rank 1 as MPI_FLOAT while rank 1 receives
 * it as MPI_INT. Both are 4 bytes, so MPI moves the bytes without complaint and rank 1 reads a float's bit pattern
 * as an int; mpi-analyze reports collectives.type_mismatch naming both ranks and both type signatures.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int ints[2] = {rank, rank};
  float floats[2] = {1.5f, 1.5f};
  int recv[2] = {-1, -1};
  const int counts[2] = {1, 1};
  const int displs[2] = {0, (int)sizeof(int)};
  MPI_Datatype sendtypes[2] = {MPI_INT, MPI_INT};
  MPI_Datatype recvtypes[2] = {MPI_INT, MPI_INT};
  void* sendbuf = ints;
  if (rank == 0) {
    sendtypes[1] = MPI_FLOAT; /* rank 0's block for rank 1 holds floats */
    sendbuf = floats;
    sendtypes[0] = MPI_FLOAT;
    recvtypes[0] = MPI_FLOAT;
  }
  MPI_Alltoallw(sendbuf, counts, displs, sendtypes,  // BUG(collectives.type_mismatch)
                recv, counts, displs, recvtypes, MPI_COMM_WORLD);
  printf("collectives_alltoallw_type: rank %d got %d %d\n", rank, recv[0], recv[1]);
  MPI_Finalize();
  return 0;
}
