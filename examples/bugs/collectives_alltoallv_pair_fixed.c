/* Correct counterpart of collectives_alltoallv_pair.c: every rank's recvcounts[i] is what rank i sends to it, so
 * each pair of ranks agrees on its block. Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* Rank 0 sends two elements to rank 2 and one to everyone else; rank 2 expects two from rank 0. */
  int send[4] = {rank, rank, rank, rank};
  int recv[4] = {-1, -1, -1, -1};
  const int sendcounts[3] = {1, 1, rank == 0 ? 2 : 1};
  const int sdispls[3] = {0, 1, 2};
  const int recvcounts[3] = {rank == 2 ? 2 : 1, 1, 1};
  const int rdispls[3] = {0, rank == 2 ? 2 : 1, rank == 2 ? 3 : 2};
  MPI_Alltoallv(send, sendcounts, sdispls, MPI_INT, recv, recvcounts, rdispls, MPI_INT, MPI_COMM_WORLD);
  printf("collectives_alltoallv_pair_fixed: rank %d got %d %d %d %d\n", rank, recv[0], recv[1], recv[2], recv[3]);
  MPI_Finalize();
  return 0;
}
