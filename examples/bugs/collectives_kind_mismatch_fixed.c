/* Correct twin of collectives_kind_mismatch: both ranks start the nonblocking MPI_Ibcast and wait for it.
 * Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int values[4] = {rank, rank, rank, rank};
  MPI_Request request;
  MPI_Ibcast(values, 4, MPI_INT, 0, MPI_COMM_WORLD, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  printf("collectives_kind_mismatch_fixed: rank %d has %d\n", rank, values[0]);
  MPI_Finalize();
  return 0;
}
