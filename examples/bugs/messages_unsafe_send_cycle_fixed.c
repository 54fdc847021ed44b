/* Correct counterpart of messages_unsafe_send_cycle.c: MPI_Sendrecv lets MPI pair each send with the
 * neighbour's receive, so the ring needs no buffering. Run with 3 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int right = (rank + 1) % size;
  const int left = (rank + size - 1) % size;
  int outgoing = rank;
  int incoming = -1;
  MPI_Sendrecv(&outgoing, 1, MPI_INT, right, 0, &incoming, 1, MPI_INT, left, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  printf("messages_unsafe_send_cycle_fixed: rank %d got %d\n", rank, incoming);
  MPI_Finalize();
  return 0;
}
