/* Blocking point-to-point ring: for N iterations (argv[1], default 10) every rank sends an int array to
 * (rank+1)%size and receives one from (rank-1+size)%size with MPI_Send/MPI_Recv. Even ranks send first and odd
 * ranks receive first, so the ring cannot deadlock. The message of iteration i has 16+i ints, tag i, and a pattern
 * naming its sender and iteration; every received message is checked (source, tag, count, content). A final
 * MPI_Reduce brings checksums and counts to rank 0, which checks them and prints "ring: OK". Needs >= 2 ranks. */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kBaseLength = 16, kMaxIterations = 10000 };

/* Value j of the message that `sender` sends in iteration `iteration`: distinct per sender, iteration and index. */
static int pattern(int sender, int iteration, int j) {
  const unsigned value = (unsigned)sender * 1000003u + (unsigned)iteration * 1009u + (unsigned)j;
  return (int)(value & 0x7fffffffu);
}

static int parse_iterations(int argc, char** argv) {
  if (argc < 2) {
    return 10;
  }
  char* end = NULL;
  const long value = strtol(argv[1], &end, 10);
  if (*end != '\0' || value < 1 || value > kMaxIterations) {
    return -1;
  }
  return (int)value;
}

/* The checksum all ranks together must see: every rank sends one message per iteration. */
static long long expected_checksum(int size, int iterations) {
  long long sum = 0;
  for (int sender = 0; sender < size; ++sender) {
    for (int iteration = 0; iteration < iterations; ++iteration) {
      for (int j = 0; j < kBaseLength + iteration; ++j) {
        sum += pattern(sender, iteration, j);
      }
    }
  }
  return sum;
}

/* Checks one received message; returns the number of problems found (0 or 1) and reports the first one. */
static long check_message(const int* data, const MPI_Status* status, int left, int iteration, int length, int rank) {
  int count = -1;
  MPI_Get_count(status, MPI_INT, &count);
  if (status->MPI_SOURCE != left || status->MPI_TAG != iteration || count != length) {
    fprintf(stderr, "ring: rank %d iteration %d: got source %d tag %d count %d, expected %d %d %d\n", rank, iteration,
            status->MPI_SOURCE, status->MPI_TAG, count, left, iteration, length);
    return 1;
  }
  for (int j = 0; j < length; ++j) {
    if (data[j] != pattern(left, iteration, j)) {
      fprintf(stderr, "ring: rank %d iteration %d: element %d is %d, expected %d\n", rank, iteration, j, data[j],
              pattern(left, iteration, j));
      return 1;
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  const int iterations = parse_iterations(argc, argv);
  if (iterations < 0 || size < 2) {
    if (rank == 0) {
      fprintf(stderr, iterations < 0 ? "usage: ring [iterations 1..%d]\n" : "ring: needs at least 2 ranks\n",
              kMaxIterations);
    }
    MPI_Finalize();
    return 2;
  }

  const int right = (rank + 1) % size;
  const int left = (rank - 1 + size) % size;
  const int max_length = kBaseLength + iterations - 1;
  int* outgoing = malloc(sizeof(int) * (size_t)max_length);
  int* incoming = malloc(sizeof(int) * (size_t)max_length);
  if (outgoing == NULL || incoming == NULL) {
    fprintf(stderr, "ring: rank %d: out of memory\n", rank);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }

  long long totals[3] = {0, 0, 0}; /* checksum of received data, bad messages, messages checked */
  for (int iteration = 0; iteration < iterations; ++iteration) {
    const int length = kBaseLength + iteration;
    for (int j = 0; j < length; ++j) {
      outgoing[j] = pattern(rank, iteration, j);
    }
    MPI_Status status;
    if (rank % 2 == 0) {
      MPI_Send(outgoing, length, MPI_INT, right, iteration, MPI_COMM_WORLD);
      MPI_Recv(incoming, length, MPI_INT, left, iteration, MPI_COMM_WORLD, &status);
    } else {
      MPI_Recv(incoming, length, MPI_INT, left, iteration, MPI_COMM_WORLD, &status);
      MPI_Send(outgoing, length, MPI_INT, right, iteration, MPI_COMM_WORLD);
    }
    totals[1] += check_message(incoming, &status, left, iteration, length, rank);
    ++totals[2];
    for (int j = 0; j < length; ++j) {
      totals[0] += incoming[j];
    }
  }
  free(outgoing);
  free(incoming);

  long long global[3] = {0, 0, 0};
  MPI_Reduce(totals, global, 3, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
  int status = totals[1] == 0 ? 0 : 1;
  if (rank == 0) {
    const long long expected_messages = (long long)size * iterations;
    printf("ring: %d ranks, %d iterations, checksum %lld\n", size, iterations, global[0]);
    if (global[1] == 0 && global[2] == expected_messages && global[0] == expected_checksum(size, iterations)) {
      printf("ring: OK, %lld messages verified\n", global[2]);
    } else {
      printf("ring: FAILED, %lld of %lld messages wrong, %lld checked, checksum expected %lld\n", global[1],
             expected_messages, global[2], expected_checksum(size, iterations));
      status = 1;
    }
  }
  MPI_Finalize();
  return status;
}
