/* Test program: RMA operations completed by another thread of the same process (MPI_THREAD_MULTIPLE). In one
 * lock_all epoch on a window of 4 ints per rank, each rank targets its right neighbour:
 *   worker thread A: MPI_Put 1 int to disp 0, MPI_Get 1 int from disp 1; then A ends;
 *   main thread:     MPI_Win_flush(right) -- completes A's two operations; MPI_Put 1 int to disp 2;
 *   worker thread B: MPI_Win_flush_all -- completes main's put; then B ends;
 *   main thread:     MPI_Win_unlock_all -- nothing left to complete.
 * Prints "rma_threads: OK" on rank 0 when every value arrived. */
#include <pthread.h>
#include <stdio.h>

#include <mpi.h>

static MPI_Win g_win;
static int g_right;
static int g_put_value;
static int g_got = -1;

static void* issue(void* unused) {
  (void)unused;
  MPI_Put(&g_put_value, 1, MPI_INT, g_right, 0, 1, MPI_INT, g_win);
  MPI_Get(&g_got, 1, MPI_INT, g_right, 1, 1, MPI_INT, g_win);
  return NULL;
}

static void* flush_all(void* unused) {
  (void)unused;
  MPI_Win_flush_all(g_win);
  return NULL;
}

static void run_thread(void* (*body)(void*)) {
  pthread_t thread;
  pthread_create(&thread, NULL, body, NULL);
  pthread_join(thread, NULL);
}

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (provided < MPI_THREAD_MULTIPLE) {
    if (rank == 0) {
      printf("rma_threads: MPI_THREAD_MULTIPLE not provided\n");
    }
    MPI_Finalize();
    return 1;
  }
  g_right = (rank + 1) % size;
  const int left = (rank + size - 1) % size;
  int* memory = NULL;
  MPI_Win_allocate(4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &memory, &g_win);
  for (int i = 0; i < 4; ++i) {
    memory[i] = rank * 10 + i;
  }
  MPI_Barrier(MPI_COMM_WORLD);

  g_put_value = 100 + rank;
  MPI_Win_lock_all(0, g_win);
  run_thread(issue);
  MPI_Win_flush(g_right, g_win);
  const int second = 200 + rank;
  MPI_Put(&second, 1, MPI_INT, g_right, 2, 1, MPI_INT, g_win);
  run_thread(flush_all);
  MPI_Win_unlock_all(g_win);
  MPI_Barrier(MPI_COMM_WORLD);

  MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, g_win);
  const int errors_here = (memory[0] != 100 + left) + (memory[2] != 200 + left) + (g_got != g_right * 10 + 1);
  MPI_Win_unlock(rank, g_win);
  int errors = 0;
  MPI_Allreduce(&errors_here, &errors, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  MPI_Win_free(&g_win);
  if (rank == 0) {
    printf(errors == 0 ? "rma_threads: OK\n" : "rma_threads: FAILED, %d errors\n", errors);
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
