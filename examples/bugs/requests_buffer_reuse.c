/* Buggy: rank 0 sends its buffer with MPI_Isend and, before waiting for that send, receives the reply into the same
 * buffer, so MPI may send bytes the receive has already overwritten. With small messages the run looks fine;
 * mpi-analyze reports requests.buffer_reuse. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double buffer[4] = {1.0, 2.0, 3.0, 4.0};
  if (rank == 0) {
    MPI_Request request;
    MPI_Isend(buffer, 4, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, &request);
    MPI_Recv(buffer, 4, MPI_DOUBLE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* BUG(requests.buffer_reuse) */
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    printf("requests_buffer_reuse: rank 0 got %.1f\n", buffer[0]);
  } else if (rank == 1) {
    double incoming[4];
    MPI_Recv(incoming, 4, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 0; i < 4; ++i) {
      incoming[i] *= 10.0;
    }
    MPI_Send(incoming, 4, MPI_DOUBLE, 0, 1, MPI_COMM_WORLD);
  }
  MPI_Finalize();
  return 0;
}
