/* Buggy: the root broadcasts four MPI_INTs but rank 1 receives them as four MPI_FLOATs. The sizes agree, so MPI
 * moves the bytes without complaint and rank 1 reads integers as floats; mpi-analyze reports
 * collectives.type_mismatch. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    int values[4] = {1, 2, 3, 4};
    MPI_Bcast(values, 4, MPI_INT, 0, MPI_COMM_WORLD);
  } else {
    float values[4] = {0};
    MPI_Bcast(values, 4, MPI_FLOAT, 0, MPI_COMM_WORLD);  // BUG(collectives.type_mismatch): the root sends MPI_INT
    printf("collectives_type_mismatch: rank %d got %g\n", rank, values[0]);
  }
  MPI_Finalize();
  return 0;
}
