/* Test program for MPI_Pcontrol with threads, run with 2 ranks under MPI_THREAD_MULTIPLE. On rank 1, thread A
 * enters MPI_Recv (tag 7) while recording is on and returns from it while the main thread has paused recording;
 * thread B enters MPI_Recv (tag 9) while recording is paused and returns from it after the main thread resumed.
 * Rank 0 sends tag 7 while it records and tag 9 while it is paused. Rank 0 prints "pcontrol_threads: OK" when
 * both messages arrived intact. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include <mpi.h>

enum { kTagRecording = 7, kTagPaused = 9 };

struct Receiver {
  int tag;
  int value;
  int started; /* set just before MPI_Recv */
};

static void* receive(void* arg) {
  struct Receiver* receiver = arg;
  __atomic_store_n(&receiver->started, 1, __ATOMIC_RELEASE);
  MPI_Recv(&receiver->value, 1, MPI_INT, 0, receiver->tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return NULL;
}

/* Starts a receiver and returns once it is (almost certainly) blocked in MPI_Recv; its message cannot arrive
 * before the next barrier. The test checks in the trace that thread A really had entered. */
static void start_receiver(pthread_t* thread, struct Receiver* receiver) {
  pthread_create(thread, NULL, receive, receiver);
  while (!__atomic_load_n(&receiver->started, __ATOMIC_ACQUIRE)) {
  }
  const struct timespec settle = {0, 200 * 1000 * 1000};
  nanosleep(&settle, NULL);
}

static void run_rank1(int* ok) {
  struct Receiver a = {kTagRecording, -1, 0};
  struct Receiver b = {kTagPaused, -1, 0};
  pthread_t thread_a;
  pthread_t thread_b;
  start_receiver(&thread_a, &a);
  MPI_Pcontrol(0);
  start_receiver(&thread_b, &b);
  MPI_Barrier(MPI_COMM_WORLD); /* 1: rank 0 sends tag 7 */
  pthread_join(thread_a, NULL);
  MPI_Pcontrol(1);
  MPI_Barrier(MPI_COMM_WORLD); /* 2: rank 0 sends tag 9 */
  pthread_join(thread_b, NULL);
  *ok = a.value == 70 && b.value == 90;
}

static void run_rank0(void) {
  const int recording = 70;
  const int paused = 90;
  MPI_Pcontrol(0);
  MPI_Barrier(MPI_COMM_WORLD); /* 1 */
  MPI_Pcontrol(1);
  MPI_Send(&recording, 1, MPI_INT, 1, kTagRecording, MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD); /* 2 */
  MPI_Pcontrol(0);
  MPI_Send(&paused, 1, MPI_INT, 1, kTagPaused, MPI_COMM_WORLD);
  MPI_Pcontrol(1);
}

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  int rank = -1;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (provided < MPI_THREAD_MULTIPLE || size != 2) {
    if (rank == 0) {
      printf("pcontrol_threads: needs MPI_THREAD_MULTIPLE and exactly 2 ranks\n");
    }
    MPI_Finalize();
    return 1;
  }
  int ok = 1;
  if (rank == 1) {
    run_rank1(&ok);
  } else {
    run_rank0();
  }
  int all_ok = 0;
  MPI_Reduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(all_ok ? "pcontrol_threads: OK\n" : "pcontrol_threads: FAILED\n");
  }
  MPI_Finalize();
  return rank != 0 || all_ok ? 0 : 1;
}
