/* Buggy: the program keeps a copy of a communicator handle, frees the communicator and then calls MPI_Barrier on
 * the copy. The handle no longer names a communicator; with MPI_ERRORS_RETURN the call just fails and the program
 * carries on. mpi-analyze reports collectives.freed_comm (and the error code). Run with 2 ranks. */
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
  const MPI_Comm saved = work;
  int sum = 0;
  MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, work);
  MPI_Comm_free(&work);
  const int result = MPI_Barrier(saved);  // BUG(collectives.freed_comm): `saved` was freed with `work`
  printf("collectives_freed_comm: rank %d sum %d barrier %s\n", rank, sum, result == MPI_SUCCESS ? "ok" : "failed");
  MPI_Finalize();
  return 0;
}
