/* Buggy, hangs: ranks 0 and 1 both receive from each other before sending, so neither reaches its MPI_Send.
 * Run with 2 ranks under a timeout; mpi-analyze on the recovered trace reports messages.deadlock. */
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
    MPI_Recv(&incoming, 1, MPI_INT, peer, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // BUG(messages.deadlock)
    MPI_Send(&outgoing, 1, MPI_INT, peer, 0, MPI_COMM_WORLD);
    printf("messages_deadlock: rank %d got %d\n", rank, incoming);
  }
  MPI_Finalize();
  return 0;
}
