/* Ends by MPI_Abort: rank 0 gives up while rank 1 waits for a reply that never comes. The recovered trace must
 * say the run was aborted and by whom (ABORT marker), and where rank 1 was (WAIT marker). Rank 0 hears from rank 1
 * and gives it time to reach its receive first, so rank 1's place is known. Run with 2 ranks. */
#include <unistd.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 0;
  if (rank == 0) {
    MPI_Recv(&value, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    usleep(200 * 1000);
    MPI_Abort(MPI_COMM_WORLD, 3);  // ABORT
  } else {
    MPI_Send(&value, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
    MPI_Recv(&value, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // WAIT
  }
  MPI_Finalize();
  return 0;
}
