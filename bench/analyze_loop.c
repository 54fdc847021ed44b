/* Trace generator for bench/run_analyze.sh: each rank exchanges a small message with its ring neighbours with
 * MPI_Irecv + MPI_Isend + MPI_Waitall (10 trace events per rank per iteration), and every 1000 iterations all
 * ranks meet in an MPI_Allreduce. A correct program: mpi-analyze must report nothing on it.
 * Usage: analyze_loop [iterations, default 1000000] */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const long iterations = argc > 1 ? atol(argv[1]) : 1000000;
  const int right = (rank + 1) % size;
  const int left = (rank + size - 1) % size;
  long checksum = 0;
  for (long i = 0; i < iterations; ++i) {
    int outgoing = (int)(i % 1000) + rank;
    int incoming = 0;
    MPI_Request requests[2];
    MPI_Irecv(&incoming, 1, MPI_INT, left, 0, MPI_COMM_WORLD, &requests[0]);
    MPI_Isend(&outgoing, 1, MPI_INT, right, 0, MPI_COMM_WORLD, &requests[1]);
    MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
    checksum += incoming;
    if (i % 1000 == 999) {
      long total = 0;
      MPI_Allreduce(&checksum, &total, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
      checksum = total % 1000003;
    }
  }
  if (rank == 0) {
    printf("analyze_loop: %ld iterations, checksum %ld\n", iterations, checksum);
  }
  MPI_Finalize();
  return 0;
}
