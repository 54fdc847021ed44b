/* Buggy: rank 0 broadcasts with the blocking MPI_Bcast while rank 1 waits in a nonblocking MPI_Ibcast. A blocking
 * and a nonblocking collective never match each other (MPI 4.0, section 6.12), so rank 1 waits forever; run it
 * with a timeout. mpi-analyze reports collectives.kind_mismatch from the recovered trace. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int values[4] = {rank, rank, rank, rank};
  if (rank == 0) {
    MPI_Bcast(values, 4, MPI_INT, 0, MPI_COMM_WORLD);
  } else {
    MPI_Request request;
    MPI_Ibcast(values, 4, MPI_INT, 0, MPI_COMM_WORLD, &request);  // BUG(collectives.kind_mismatch): rank 0 blocks
    MPI_Wait(&request, MPI_STATUS_IGNORE);
  }
  printf("collectives_kind_mismatch: rank %d has %d\n", rank, values[0]);
  MPI_Finalize();
  return 0;
}
