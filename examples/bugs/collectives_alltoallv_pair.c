/* Buggy: in an MPI_Alltoallv over 3 ranks, rank 2 expects two MPI_INTs from rank 0, but rank 0 sends it only one.
 * MPI accepts a message shorter than the receive count, so the run ends normally with one stale slot on rank 2;
 * mpi-analyze reports collectives.size_mismatch naming the pair (rank 0 sending, rank 2 receiving) and both counts.
 * Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int send[3] = {rank, rank, rank};
  int recv[4] = {-1, -1, -1, -1};
  const int sendcounts[3] = {1, 1, 1};
  const int sdispls[3] = {0, 1, 2};
  /* Rank 2 believes rank 0 sends two elements. */
  const int recvcounts[3] = {rank == 2 ? 2 : 1, 1, 1};
  const int rdispls[3] = {0, rank == 2 ? 2 : 1, rank == 2 ? 3 : 2};
  MPI_Alltoallv(send, sendcounts, sdispls, MPI_INT,  // BUG(collectives.size_mismatch)
                recv, recvcounts, rdispls, MPI_INT, MPI_COMM_WORLD);
  printf("collectives_alltoallv_pair: rank %d got %d %d %d %d\n", rank, recv[0], recv[1], recv[2], recv[3]);
  MPI_Finalize();
  return 0;
}
