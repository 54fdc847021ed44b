/* Buggy: rank 0 sends two messages (tags 1 and 2), rank 1 receives only the first. The second is small enough
 * to be sent eagerly, so the program completes; mpi-analyze reports messages.unreceived. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int data[2] = {10, 20};
  if (rank == 0) {
    MPI_Send(&data[0], 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
    MPI_Send(&data[1], 1, MPI_INT, 1, 2, MPI_COMM_WORLD);  // BUG(messages.unreceived): rank 1 never receives tag 2
  } else if (rank == 1) {
    int received = 0;
    MPI_Recv(&received, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("messages_unreceived: rank 1 got %d\n", received);
  }
  MPI_Finalize();
  return 0;
}
