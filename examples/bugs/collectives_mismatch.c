/* Buggy, aborts: rank 0 broadcasts and then enters a barrier, the other ranks enter the barrier first. MPICH
 * delivers the broadcast's message to the barrier and aborts with "Message truncated", far from the cause;
 * mpi-analyze on the recovered trace reports collectives.mismatch at the first call out of order. Run with 2
 * ranks. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = rank == 0 ? 5 : 0;
  if (rank == 0) {
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);  // BUG(collectives.mismatch): the others call MPI_Barrier here
    MPI_Barrier(MPI_COMM_WORLD);
  } else {
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  }
  printf("collectives_mismatch: rank %d has %d\n", rank, value);
  MPI_Finalize();
  return 0;
}
