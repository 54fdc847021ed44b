/* Correct counterpart of requests_buffer_reuse.c: the reply goes into a buffer of its own, so the pending send's
 * buffer is left alone until MPI_Wait. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double buffer[4] = {1.0, 2.0, 3.0, 4.0};
  if (rank == 0) {
    double reply[4];
    MPI_Request request;
    MPI_Isend(buffer, 4, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, &request);
    MPI_Recv(reply, 4, MPI_DOUBLE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    printf("requests_buffer_reuse: rank 0 got %.1f\n", reply[0]);
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
