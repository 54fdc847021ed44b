/* Tracer overhead figures from one run (run with 2 ranks, natively or under LD_PRELOAD=libmpisight.so):
 * ns per MPI_Comm_rank call (the cheapest wrapped call), 0-byte ping-pong one-way latency between ranks 0 and 1,
 * ns per 0-byte MPI_Bsend + MPI_Recv of each rank to itself, and the cost of two back-to-back clock reads (the
 * recorder's floor per wrapped call). Each figure is the best of 5 repetitions. Rank 0 prints "<name> <value>" lines.
 * Usage: overhead [comm_rank calls] [round trips]. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <mpi.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

enum { kRepetitions = 5, kWarmupRoundTrips = 1000 };

/* Timed with clock_gettime, not MPI_Wtime: the tracer may wrap MPI_Wtime and would then time itself. */
static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The recorder's clock: the TSC on x86-64, CLOCK_MONOTONIC elsewhere. */
static uint64_t clock_ticks(void) {
#if defined(__x86_64__)
  return __rdtsc();
#else
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

static volatile uint64_t g_sink; /* keeps measured work from being optimised away */

static double comm_rank_ns(long calls) {
  double best = 1e300;
  for (int rep = 0; rep < kRepetitions; ++rep) {
    MPI_Barrier(MPI_COMM_WORLD);
    uint64_t sum = 0;
    const double start = now_ns();
    for (long i = 0; i < calls; ++i) {
      int rank = 0;
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
      sum += (uint64_t)rank;
    }
    const double elapsed = now_ns() - start;
    g_sink = sum;
    best = elapsed < best ? elapsed : best;
  }
  return best / (double)calls;
}

static void round_trips(int rank, long count) {
  for (long i = 0; i < count; ++i) {
    if (rank == 0) {
      MPI_Send(NULL, 0, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
      MPI_Recv(NULL, 0, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Recv(NULL, 0, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(NULL, 0, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
  }
}

/* One-way latency in microseconds as seen by rank 0; ranks other than 0 and 1 only join the barriers. */
static double pingpong_oneway_us(int rank, long count) {
  double best = 1e300;
  if (rank <= 1) {
    round_trips(rank, kWarmupRoundTrips);
  }
  for (int rep = 0; rep < kRepetitions; ++rep) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = now_ns();
    if (rank <= 1) {
      round_trips(rank, count);
    }
    const double elapsed = now_ns() - start;
    best = elapsed < best ? elapsed : best;
  }
  return best / (2.0 * (double)count) / 1000.0;
}

/* A blocking send to itself (buffered, so it returns before its receive) and the receive, in ns per pair: the
 * records of a ping-pong's turnaround without the latency between ranks, so traced - native is what the recorder
 * adds to one blocking send and one blocking receive (four clock reads). */
static double send_recv_self_ns(int rank, long pairs) {
  static char pool[MPI_BSEND_OVERHEAD + 64];
  double best = 1e300;
  MPI_Buffer_attach(pool, (int)sizeof pool);
  for (int rep = 0; rep < kRepetitions; ++rep) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = now_ns();
    for (long i = 0; i < pairs; ++i) {
      MPI_Bsend(NULL, 0, MPI_BYTE, rank, 1, MPI_COMM_WORLD);
      MPI_Recv(NULL, 0, MPI_BYTE, rank, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    const double elapsed = now_ns() - start;
    best = elapsed < best ? elapsed : best;
  }
  void* detached = NULL;
  int detached_size = 0;
  MPI_Buffer_detach(&detached, &detached_size);
  return best / (double)pairs;
}

static double clock_pair_ns(long pairs) {
  double best = 1e300;
  for (int rep = 0; rep < kRepetitions; ++rep) {
    uint64_t sum = 0;
    const double start = now_ns();
    for (long i = 0; i < pairs; ++i) {
      const uint64_t enter = clock_ticks();
      const uint64_t leave = clock_ticks();
      sum += leave - enter;
    }
    const double elapsed = now_ns() - start;
    g_sink = sum;
    best = elapsed < best ? elapsed : best;
  }
  return best / (double)pairs;
}

static long parse_count(int argc, char** argv, int index, long fallback) {
  if (argc <= index) {
    return fallback;
  }
  char* end = NULL;
  const long value = strtol(argv[index], &end, 10);
  return (*end != '\0' || value < 1) ? -1 : value;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const long calls = parse_count(argc, argv, 1, 10000000);
  const long trips = parse_count(argc, argv, 2, 100000);
  if (calls < 0 || trips < 0 || size < 2) {
    if (rank == 0) {
      fprintf(stderr, "usage: mpiexec -n 2 overhead [comm_rank calls] [ping-pong round trips]; needs >= 2 ranks\n");
    }
    MPI_Finalize();
    return 2;
  }

  const double rank_ns = comm_rank_ns(calls);
  const double oneway_us = pingpong_oneway_us(rank, trips);
  const double self_ns = send_recv_self_ns(rank, trips);
  const double pair_ns = clock_pair_ns(calls);
  if (rank == 0) {
    printf("ranks %d\n", size);
    printf("comm_rank_ns %.2f\n", rank_ns);
    printf("pingpong_oneway_us %.3f\n", oneway_us);
    printf("send_recv_self_ns %.2f\n", self_ns);
    printf("clock_pair_ns %.2f\n", pair_ns);
  }
  MPI_Finalize();
  return 0;
}
