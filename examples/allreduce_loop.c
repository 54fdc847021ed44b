/* Collective loop: rank 0 broadcasts a 32-int table (MPI_Bcast), then every rank runs N iterations (argv[1],
 * default 20) of MPI_Allreduce summing 8 doubles, and all ranks meet in a final MPI_Barrier. Contributions are
 * small integers, so every sum is exact in any reduction order; each rank checks the table and every result
 * against the closed form. Rank 0 prints the last sums and "allreduce_loop: OK"; a rank that finds a wrong value
 * reports it on stderr and exits 1. */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kTableLength = 32, kCount = 8, kMaxIterations = 1000000 };

static int table_value(int i) {
  return i * i + 7;
}

/* What `rank` adds to element k in iteration `iteration`. */
static double contribution(int rank, int iteration, int k) {
  return (double)((rank + 1) * (k + 1) + iteration);
}

/* Sum of contribution() over all ranks. */
static double expected_sum(int size, int iteration, int k) {
  return (double)((k + 1) * size * (size + 1) / 2 + iteration * size);
}

static int parse_iterations(int argc, char** argv) {
  if (argc < 2) {
    return 20;
  }
  char* end = NULL;
  const long value = strtol(argv[1], &end, 10);
  if (*end != '\0' || value < 1 || value > kMaxIterations) {
    return -1;
  }
  return (int)value;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  const int iterations = parse_iterations(argc, argv);
  if (iterations < 0) {
    if (rank == 0) {
      fprintf(stderr, "usage: allreduce_loop [iterations 1..%d]\n", kMaxIterations);
    }
    MPI_Finalize();
    return 2;
  }

  long errors = 0;
  int table[kTableLength];
  for (int i = 0; i < kTableLength; ++i) {
    table[i] = rank == 0 ? table_value(i) : -1;
  }
  MPI_Bcast(table, kTableLength, MPI_INT, 0, MPI_COMM_WORLD);
  for (int i = 0; i < kTableLength; ++i) {
    if (table[i] != table_value(i)) {
      fprintf(stderr, "allreduce_loop: rank %d: broadcast element %d is %d, expected %d\n", rank, i, table[i],
              table_value(i));
      ++errors;
      break;
    }
  }

  double sums[kCount];
  for (int iteration = 0; iteration < iterations; ++iteration) {
    double mine[kCount];
    for (int k = 0; k < kCount; ++k) {
      mine[k] = contribution(rank, iteration, k);
    }
    MPI_Allreduce(mine, sums, kCount, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (int k = 0; k < kCount; ++k) {
      if (sums[k] != expected_sum(size, iteration, k)) {
        fprintf(stderr, "allreduce_loop: rank %d iteration %d: element %d is %.17g, expected %.17g\n", rank, iteration,
                k, sums[k], expected_sum(size, iteration, k));
        ++errors;
        break;
      }
    }
  }
  MPI_Barrier(MPI_COMM_WORLD);

  if (rank == 0) {
    printf("allreduce_loop: %d ranks, %d iterations, last sums", size, iterations);
    for (int k = 0; k < kCount; ++k) {
      printf(" %.0f", sums[k]);
    }
    printf("\n");
    if (errors == 0) {
      printf("allreduce_loop: OK, broadcast and %d allreduce results verified\n", iterations);
    } else {
      printf("allreduce_loop: FAILED, %ld wrong results on rank 0\n", errors);
    }
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
