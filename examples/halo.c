/* 1-D halo exchange: each rank owns a block of cells (argv[2], default 8) of a line with fixed zero ends and, for
 * N iterations (argv[1], default 5), swaps its boundary cells with its left and right neighbours using
 * MPI_Irecv + MPI_Isend + MPI_Waitall (tag 0 travels to the left, tag 1 to the right; ranks 0 and size-1 talk to
 * MPI_PROC_NULL at the open ends), then applies a 3-point stencil. Every rank recomputes the whole line serially
 * and checks each received ghost cell and its final block against it; an MPI_Allreduce sums the checksums and
 * error counts, and rank 0 prints the checksum and "halo: OK". */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kToLeft = 0, kToRight = 1, kMaxIterations = 100000, kMaxCells = 1000000 };
static const long long kModulus = 1000003;

static long parse_arg(int argc, char** argv, int index, long fallback, long max) {
  if (argc <= index) {
    return fallback;
  }
  char* end = NULL;
  const long value = strtol(argv[index], &end, 10);
  return (*end != '\0' || value < 1 || value > max) ? -1 : value;
}

/* One stencil step over cells [1, n] of `from` (cells 0 and n+1 are the neighbours' values) into `to`. */
static void stencil_step(const long long* from, long long* to, long n) {
  for (long i = 1; i <= n; ++i) {
    to[i] = (from[i - 1] + 2 * from[i] + from[i + 1]) % kModulus;
  }
}

/* Checks a received ghost cell; `status` must come from a receive from a real neighbour. */
static long check_ghost(long long value, long long expected, const MPI_Status* status, int source, int tag, int rank,
                        int iteration) {
  int count = -1;
  MPI_Get_count(status, MPI_LONG_LONG, &count);
  if (status->MPI_SOURCE != source || status->MPI_TAG != tag || count != 1 || value != expected) {
    fprintf(stderr, "halo: rank %d iteration %d: ghost from %d is %lld (source %d tag %d count %d), expected %lld\n",
            rank, iteration, source, value, status->MPI_SOURCE, status->MPI_TAG, count, expected);
    return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  const long iterations = parse_arg(argc, argv, 1, 5, kMaxIterations);
  const long cells = parse_arg(argc, argv, 2, 8, kMaxCells);
  if (iterations < 0 || cells < 0) {
    if (rank == 0) {
      fprintf(stderr, "usage: halo [iterations 1..%d] [cells per rank 1..%d]\n", kMaxIterations, kMaxCells);
    }
    MPI_Finalize();
    return 2;
  }

  const int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  const int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  const long global_cells = cells * size;
  const long offset = cells * rank; /* global index of local cell 1, minus 1 */
  /* Local block with one ghost cell on each side, and the serial reference of the whole line with zero ends. */
  long long* block = calloc((size_t)cells + 2, sizeof(long long));
  long long* next_block = calloc((size_t)cells + 2, sizeof(long long));
  long long* line = calloc((size_t)global_cells + 2, sizeof(long long));
  long long* next_line = calloc((size_t)global_cells + 2, sizeof(long long));
  if (block == NULL || next_block == NULL || line == NULL || next_line == NULL) {
    fprintf(stderr, "halo: rank %d: out of memory\n", rank);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  for (long g = 1; g <= global_cells; ++g) {
    line[g] = (g * 37 + 11) % 101;
  }
  for (long i = 1; i <= cells; ++i) {
    block[i] = line[offset + i];
  }

  long long totals[3] = {0, 0, 0}; /* checksum of the final block, errors, ghost messages checked */
  for (int iteration = 0; iteration < iterations; ++iteration) {
    /* A ghost from a real neighbour starts as an impossible value, so a missing message cannot look right. */
    block[0] = left == MPI_PROC_NULL ? 0 : -1;
    block[cells + 1] = right == MPI_PROC_NULL ? 0 : -1;
    MPI_Request requests[4];
    MPI_Status statuses[4];
    MPI_Irecv(&block[0], 1, MPI_LONG_LONG, left, kToRight, MPI_COMM_WORLD, &requests[0]);
    MPI_Irecv(&block[cells + 1], 1, MPI_LONG_LONG, right, kToLeft, MPI_COMM_WORLD, &requests[1]);
    MPI_Isend(&block[1], 1, MPI_LONG_LONG, left, kToLeft, MPI_COMM_WORLD, &requests[2]);
    MPI_Isend(&block[cells], 1, MPI_LONG_LONG, right, kToRight, MPI_COMM_WORLD, &requests[3]);
    MPI_Waitall(4, requests, statuses);

    if (left != MPI_PROC_NULL) {
      totals[1] += check_ghost(block[0], line[offset], &statuses[0], left, kToRight, rank, iteration);
      ++totals[2];
    }
    if (right != MPI_PROC_NULL) {
      totals[1] +=
          check_ghost(block[cells + 1], line[offset + cells + 1], &statuses[1], right, kToLeft, rank, iteration);
      ++totals[2];
    }
    stencil_step(block, next_block, cells);
    stencil_step(line, next_line, global_cells);
    long long* swap = block;
    block = next_block;
    next_block = swap;
    swap = line;
    line = next_line;
    next_line = swap;
  }

  long bad_cells = 0;
  for (long i = 1; i <= cells; ++i) {
    totals[0] += block[i];
    bad_cells += block[i] != line[offset + i];
  }
  if (bad_cells > 0) {
    fprintf(stderr, "halo: rank %d: %ld final cells differ from the serial result\n", rank, bad_cells);
    totals[1] += bad_cells;
  }
  long long expected_checksum = 0;
  for (long g = 1; g <= global_cells; ++g) {
    expected_checksum += line[g];
  }
  free(block);
  free(next_block);
  free(line);
  free(next_line);

  long long global[3] = {0, 0, 0};
  MPI_Allreduce(totals, global, 3, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  const long long expected_messages = iterations * 2LL * (size - 1);
  const int ok = global[1] == 0 && global[0] == expected_checksum && global[2] == expected_messages;
  if (rank == 0) {
    printf("halo: %d ranks x %ld cells, %ld iterations, checksum %lld\n", size, cells, iterations, global[0]);
    if (ok) {
      printf("halo: OK, %lld ghost messages and %ld cells verified\n", global[2], global_cells);
    } else {
      printf("halo: FAILED, %lld errors, %lld of %lld ghost messages checked, checksum expected %lld\n", global[1],
             global[2], expected_messages, expected_checksum);
    }
  }
  MPI_Finalize();
  return ok ? 0 : 1;
}
