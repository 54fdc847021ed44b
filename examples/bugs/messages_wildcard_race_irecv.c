/* Buggy: rank 0 collects one result from rank 1 and one from rank 2 through nonblocking receives from
 * MPI_ANY_SOURCE, and stores them in arrival order as if rank 1's came first. Rank 1 sends before a barrier, rank 2
 * after it, and rank 0 computes a while first, so both messages are waiting when it posts its first receive: which
 * one it gets depends on timing. mpi-analyze reports messages.wildcard_race at the MPI_Irecv. Run with 3 ranks. */
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
      MPI_Irecv(&results[i], 1, MPI_INT, MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, &request);  // BUG(messages.wildcard_race)
      MPI_Wait(&request, MPI_STATUS_IGNORE);
    }
    printf("messages_wildcard_race_irecv: rank 1 sent %d, rank 2 sent %d\n", results[0], results[1]);
  }
  MPI_Finalize();
  return 0;
}
