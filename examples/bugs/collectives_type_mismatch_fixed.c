/* Correct twin of collectives_type_mismatch: every rank broadcasts with the root's datatype, MPI_INT, and rank 1
 * converts the integers to floats after the call. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int values[4] = {1, 2, 3, 4};
  MPI_Bcast(values, 4, MPI_INT, 0, MPI_COMM_WORLD);
  if (rank != 0) {
    float converted[4];
    for (int i = 0; i < 4; ++i) {
      converted[i] = (float)values[i];
    }
    printf("collectives_type_mismatch_fixed: rank %d got %g\n", rank, converted[0]);
  }
  MPI_Finalize();
  return 0;
}
