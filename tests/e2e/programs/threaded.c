/* Test program: under MPI_THREAD_MULTIPLE, each rank runs kThreads threads that each exchange kRounds messages
 * with the same thread of the neighbouring rank (tag = thread index) and call MPI_Comm_rank. Every thread must
 * become its own trace location. Prints "threaded: OK" on rank 0 when every message arrived intact. */
#include <pthread.h>
#include <stdio.h>

#include <mpi.h>

enum { kThreads = 3, kRounds = 4 };

static int g_rank;
static int g_size;
static int g_errors[kThreads];

static void* exchange(void* arg) {
  const int thread = (int)(long)arg;
  const int right = (g_rank + 1) % g_size;
  const int left = (g_rank + g_size - 1) % g_size;
  for (int round = 0; round < kRounds; ++round) {
    int rank = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const int out = g_rank * 1000 + thread * 10 + round;
    int in = -1;
    MPI_Sendrecv(&out, 1, MPI_INT, right, thread, &in, 1, MPI_INT, left, thread, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Request request;
    MPI_Isend(&out, 1, MPI_INT, right, 100 + thread, MPI_COMM_WORLD, &request);
    int in2 = -1;
    MPI_Recv(&in2, 1, MPI_INT, left, 100 + thread, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    const int expected = left * 1000 + thread * 10 + round;
    g_errors[thread] += (in != expected) + (in2 != expected) + (rank != g_rank);
  }
  return NULL;
}

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (provided < MPI_THREAD_MULTIPLE) {
    if (g_rank == 0) {
      printf("threaded: MPI_THREAD_MULTIPLE not provided\n");
    }
    MPI_Finalize();
    return 1;
  }
  pthread_t threads[kThreads];
  for (long t = 0; t < kThreads; ++t) {
    pthread_create(&threads[t], NULL, exchange, (void*)t);
  }
  int errors = 0;
  for (int t = 0; t < kThreads; ++t) {
    pthread_join(threads[t], NULL);
    errors += g_errors[t];
  }
  int total = 0;
  MPI_Allreduce(&errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (g_rank == 0) {
    printf(total == 0 ? "threaded: OK\n" : "threaded: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
