/* Buggy: rank 1 posts a nonblocking receive and frees its request before the message has arrived, so it can never
 * learn when the value is in its buffer; it reads the buffer after a barrier and may see the old value.
 * mpi-analyze reports requests.free_active_receive. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 0;
  if (rank == 1) {
    MPI_Request request;
    MPI_Irecv(&value, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &request);
    MPI_Request_free(&request); /* BUG(requests.free_active_receive) */
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    value = 3;
    MPI_Send(&value, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 1) {
    printf("requests_free_active_receive: rank 1 read %d\n", value);
  }
  MPI_Finalize();
  return 0;
}
