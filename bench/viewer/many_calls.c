/* A trace-size generator for the viewer benchmark: every iteration each rank exchanges a small message with both
 * neighbours of a ring (MPI_Irecv, MPI_Isend, MPI_Waitall: 10 events per rank), and every 1000th iteration all
 * ranks join an MPI_Allreduce. Iterations: argv[1] (default 250000, about 10 million events on 4 ranks). */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 250000;
  const int right = (rank + 1) % size;
  const int left = (rank - 1 + size) % size;
  int out = rank;
  int in = -1;
  long sum = 0;
  for (long i = 0; i < iterations; ++i) {
    MPI_Request requests[2];
    MPI_Irecv(&in, 1, MPI_INT, left, (int)(i % 1000), MPI_COMM_WORLD, &requests[0]);
    MPI_Isend(&out, 1, MPI_INT, right, (int)(i % 1000), MPI_COMM_WORLD, &requests[1]);
    MPI_Status statuses[2];
    MPI_Waitall(2, requests, statuses);
    sum += in;
    if (i % 1000 == 999) {
      long total = 0;
      MPI_Allreduce(&sum, &total, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    }
  }
  if (rank == 0) {
    printf("many_calls: %ld iterations on %d ranks, sum %ld\n", iterations, size, sum);
  }
  MPI_Finalize();
  return 0;
}
