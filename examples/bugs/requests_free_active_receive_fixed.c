/* Correct counterpart of requests_free_active_receive.c: the receive is completed with MPI_Wait, after which its
 * buffer holds the value. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 0;
  MPI_Request request = MPI_REQUEST_NULL;
  if (rank == 1) {
    MPI_Irecv(&value, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &request);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    value = 3;
    MPI_Send(&value, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
  }
  if (rank == 1) {
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    printf("requests_free_active_receive: rank 1 read %d\n", value);
  }
  MPI_Finalize();
  return 0;
}
