/* Correct twin of collectives_freed_comm: the barrier runs on the duplicate before it is freed. Run with 2 ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm work;
  MPI_Comm_dup(MPI_COMM_WORLD, &work);
  int sum = 0;
  MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, work);
  const int result = MPI_Barrier(work);
  MPI_Comm_free(&work);
  printf("collectives_freed_comm_fixed: rank %d sum %d barrier %s\n", rank, sum,
         result == MPI_SUCCESS ? "ok" : "failed");
  MPI_Finalize();
  return 0;
}
