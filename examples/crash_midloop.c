/* Test subject, not a correct program: a blocking ring (like ring.c, one int per message, tag = iteration) in
 * which rank R (argv[2], default 1) kills itself with raise(SIGKILL) in iteration K (argv[1], default 3) of N
 * (argv[3], default 10). User code cannot die inside a receive, so rank R dies between its two MPI calls of that
 * iteration (after its MPI_Recv if R is odd, after its MPI_Send if R is even). Its neighbours are then left
 * blocked in MPI_Recv on messages that never come, until mpiexec tears the job down. Rank 0 prints one line per
 * completed iteration, so the output shows how far the job got. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kMaxIterations = 100000 };

static int payload(int sender, int iteration) {
  return sender * 1000 + iteration;
}

static long parse_arg(int argc, char** argv, int index, long fallback, long min, long max) {
  if (argc <= index) {
    return fallback;
  }
  char* end = NULL;
  const long value = strtol(argv[index], &end, 10);
  return (*end != '\0' || value < min || value > max) ? -1 : value;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  const long crash_iteration = parse_arg(argc, argv, 1, 3, 0, kMaxIterations);
  const long crash_rank = parse_arg(argc, argv, 2, 1, 0, size - 1);
  const long iterations = parse_arg(argc, argv, 3, 10, 1, kMaxIterations);
  if (crash_iteration < 0 || crash_rank < 0 || iterations < 0 || size < 2) {
    if (rank == 0) {
      fprintf(stderr, "usage: crash_midloop [crash iteration] [crash rank < size] [iterations]; needs >= 2 ranks\n");
    }
    MPI_Finalize();
    return 2;
  }
  if (rank == 0) {
    printf("crash_midloop: %d ranks; rank %ld will SIGKILL itself in iteration %ld of %ld\n", size, crash_rank,
           crash_iteration, iterations);
    fflush(stdout);
  }

  const int right = (rank + 1) % size;
  const int left = (rank - 1 + size) % size;
  long errors = 0;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    const int outgoing = payload(rank, iteration);
    int incoming = -1;
    if (rank % 2 == 0) {
      MPI_Send(&outgoing, 1, MPI_INT, right, iteration, MPI_COMM_WORLD);
    } else {
      MPI_Recv(&incoming, 1, MPI_INT, left, iteration, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    if (rank == crash_rank && iteration == crash_iteration) {
      raise(SIGKILL); /* the deliberate crash: no cleanup, no MPI_Finalize, exactly like an OOM kill */
    }
    if (rank % 2 == 0) {
      MPI_Recv(&incoming, 1, MPI_INT, left, iteration, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Send(&outgoing, 1, MPI_INT, right, iteration, MPI_COMM_WORLD);
    }
    if (incoming != payload(left, iteration)) {
      fprintf(stderr, "crash_midloop: rank %d iteration %d: got %d, expected %d\n", rank, iteration, incoming,
              payload(left, iteration));
      ++errors;
    }
    if (rank == 0) {
      printf("crash_midloop: iteration %d done\n", iteration);
      fflush(stdout);
    }
  }

  if (rank == 0 && errors == 0) {
    printf("crash_midloop: OK, no rank crashed\n");
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
