/* Buggy, hangs: rank 1 receives kCount values from rank 0, but rank 0's loop sends one fewer and goes on to a
 * barrier. Rank 1 waits forever for a message nobody sends. Run with 2 ranks under a timeout; mpi-analyze on the
 * recovered trace reports messages.unmatched_receive at the receive, and messages.deadlock for the hang. */
#include <stdio.h>

#include <mpi.h>

enum { kCount = 3 };

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 0;
  if (rank == 0) {
    for (int i = 1; i < kCount; ++i) { /* off by one: kCount - 1 messages */
      value = i;
      MPI_Send(&value, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
    }
  } else if (rank == 1) {
    int sum = 0;
    for (int i = 0; i < kCount; ++i) {
      MPI_Recv(&value, 1, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // BUG(messages.unmatched_receive)
      sum += value;
    }
    printf("messages_unmatched_receive: rank 1 got %d\n", sum);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
  return 0;
}
