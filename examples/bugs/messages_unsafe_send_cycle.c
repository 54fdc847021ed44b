/* Buggy: every rank of a ring calls MPI_Send to its right neighbour before MPI_Recv from its left one. It runs
 * only because MPI buffers the small message (eager protocol): with zero buffering, or a message above the
 * eager limit, every rank would wait in MPI_Send forever. mpi-analyze reports messages.unsafe_send_cycle.
 * Run with 3 ranks. */
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
  MPI_Send(&outgoing, 1, MPI_INT, right, 0, MPI_COMM_WORLD);  // BUG(messages.unsafe_send_cycle)
  MPI_Recv(&incoming, 1, MPI_INT, left, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  printf("messages_unsafe_send_cycle: rank %d got %d\n", rank, incoming);
  MPI_Finalize();
  return 0;
}
