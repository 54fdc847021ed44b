/* Test program, 2 ranks: under MPI_THREAD_MULTIPLE each rank runs kThreads threads that all call MPI at once.
 * Thread t exchanges `rounds` (argv[1]) messages with thread t of the other rank (tag t, Irecv + Isend + two
 * MPI_Wait) and calls MPI_Wtime and MPI_Comm_rank each round. Prints "thread_storm: OK" when every payload arrived. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kThreads = 8 };

static int g_rank;
static int g_rounds;
static int g_errors[kThreads];

static void* storm(void* arg) {
  const int thread = (int)(long)arg;
  const int peer = 1 - g_rank;
  for (int round = 0; round < g_rounds; ++round) {
    /* round-dependent length: bytes = 4 * (1 + round % 3) */
    int out[3] = {g_rank * 1000000 + thread * 10000 + round, round, thread};
    int in[3] = {-1, -1, -1};
    const int count = 1 + round % 3;
    MPI_Request requests[2];
    MPI_Irecv(in, count, MPI_INT, peer, thread, MPI_COMM_WORLD, &requests[0]);
    MPI_Isend(out, count, MPI_INT, peer, thread, MPI_COMM_WORLD, &requests[1]);
    MPI_Status status;
    MPI_Wait(&requests[0], &status);
    MPI_Wait(&requests[1], MPI_STATUS_IGNORE);
    int rank = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const double now = MPI_Wtime();
    g_errors[thread] += (in[0] != peer * 1000000 + thread * 10000 + round) + (rank != g_rank) + (now <= 0.0) +
                        (status.MPI_SOURCE != peer) + (status.MPI_TAG != thread);
  }
  return NULL;
}

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  g_rounds = argc > 1 ? atoi(argv[1]) : 2000;
  if (provided < MPI_THREAD_MULTIPLE || size != 2 || g_rounds <= 0) {
    if (g_rank == 0) {
      printf("thread_storm: needs MPI_THREAD_MULTIPLE, 2 ranks and a positive round count\n");
    }
    MPI_Finalize();
    return 1;
  }
  pthread_t threads[kThreads];
  for (long t = 0; t < kThreads; ++t) {
    pthread_create(&threads[t], NULL, storm, (void*)t);
  }
  int errors = 0;
  for (int t = 0; t < kThreads; ++t) {
    pthread_join(threads[t], NULL);
    errors += g_errors[t];
  }
  int total = 0;
  MPI_Allreduce(&errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (g_rank == 0) {
    printf(total == 0 ? "thread_storm: OK\n" : "thread_storm: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
