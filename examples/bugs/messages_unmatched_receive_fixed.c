/* Correct counterpart of messages_unmatched_receive.c: rank 0 sends every value rank 1 receives. Run with 2
 * ranks. */
#include <stdio.h>

#include <mpi.h>

enum { kCount = 3 };

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 0;
  if (rank == 0) {
    for (int i = 0; i < kCount; ++i) {
      value = i + 1;
      MPI_Send(&value, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
    }
  } else if (rank == 1) {
    int sum = 0;
    for (int i = 0; i < kCount; ++i) {
      MPI_Recv(&value, 1, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      sum += value;
    }
    printf("messages_unmatched_receive_fixed: rank 1 got %d\n", sum);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
  return 0;
}
