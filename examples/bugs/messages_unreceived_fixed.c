/* Correct counterpart of messages_unreceived.c: rank 1 receives both messages. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int data[2] = {10, 20};
  if (rank == 0) {
    MPI_Send(&data[0], 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
    MPI_Send(&data[1], 1, MPI_INT, 1, 2, MPI_COMM_WORLD);
  } else if (rank == 1) {
    int received[2] = {0, 0};
    MPI_Recv(&received[0], 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Recv(&received[1], 1, MPI_INT, 0, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("messages_unreceived: rank 1 got %d and %d\n", received[0], received[1]);
  }
  MPI_Finalize();
  return 0;
}
