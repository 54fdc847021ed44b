/* Correct counterpart of messages_wildcard_race_irecv.c: rank 0 posts each nonblocking receive for the rank whose
 * result it stores there, so the arrival order no longer matters. Run with 3 ranks. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include <mpi.h>

static void compute(void) {
  const struct timespec pause = {0, 200 * 1000 * 1000};
  nanosleep(&pause, NULL);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int result = rank * 10;
  if (rank == 1) {
    MPI_Send(&result, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 2) {
    MPI_Send(&result, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
  }
  if (rank == 0) {
    compute();
    int results[2] = {-1, -1};
    for (int i = 0; i < 2; ++i) {
      MPI_Request request;
      MPI_Irecv(&results[i], 1, MPI_INT, i + 1, 0, MPI_COMM_WORLD, &request);
      MPI_Wait(&request, MPI_STATUS_IGNORE);
    }
    printf("messages_wildcard_race_irecv_fixed: rank 1 sent %d, rank 2 sent %d\n", results[0], results[1]);
  }
  MPI_Finalize();
  return 0;
}
