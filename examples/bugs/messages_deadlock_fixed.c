/* Correct counterpart of messages_deadlock.c: rank 0 sends first, rank 1 receives first. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank <= 1) {
    const int peer = 1 - rank;
    int outgoing = rank;
    int incoming = -1;
    if (rank == 0) {
      MPI_Send(&outgoing, 1, MPI_INT, peer, 0, MPI_COMM_WORLD);
      MPI_Recv(&incoming, 1, MPI_INT, peer, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Recv(&incoming, 1, MPI_INT, peer, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(&outgoing, 1, MPI_INT, peer, 0, MPI_COMM_WORLD);
    }
    printf("messages_deadlock: rank %d got %d\n", rank, incoming);
  }
  MPI_Finalize();
  return 0;
}
