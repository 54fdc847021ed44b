/* A program whose MPI profile is known in advance, for the --profile test: fixed calls per call site, fixed bytes,
 * and rank 2 arriving late at the barrier so the barrier's time is uneven across ranks. Each site carries a
 * SITE(name) marker the test looks up. Run with 3 ranks. */
#include <unistd.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int in[4] = {rank, rank, rank, rank};
  int out[4] = {0};
  for (int i = 0; i < 5; ++i) {
    MPI_Allreduce(in, out, 4, MPI_INT, MPI_SUM, MPI_COMM_WORLD);  // SITE(allreduce)
  }
  double values[8] = {0};
  for (int i = 0; i < 3; ++i) {
    MPI_Bcast(values, 8, MPI_DOUBLE, 0, MPI_COMM_WORLD);  // SITE(bcast)
  }
  int message[25] = {0};
  for (int i = 0; i < 2; ++i) {
    if (rank == 0) {
      MPI_Send(message, 25, MPI_INT, 1, i, MPI_COMM_WORLD);  // SITE(send)
    } else if (rank == 1) {
      MPI_Recv(message, 25, MPI_INT, 0, i, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // SITE(recv)
    }
  }
  if (rank == 2) {
    usleep(300 * 1000);  // the others wait for rank 2 in the barrier
  }
  MPI_Barrier(MPI_COMM_WORLD);  // SITE(barrier)
  MPI_Finalize();
  return 0;
}
