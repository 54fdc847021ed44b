/* Test program for MPISIGHT_FILTER and MPI_Pcontrol, run with 2 ranks: three phases of kRounds ping-pongs, each
 * round also calling MPI_Comm_rank and MPI_Wtime twice, and each phase ending in an MPI_Allreduce whose own
 * operator calls MPI_Comm_rank. Phase 1 runs between MPI_Pcontrol(0) and MPI_Pcontrol(1). Rank 0 prints what
 * it received, so a run under the tracer can be compared with a native one. */
#include <stdio.h>

#include <mpi.h>

enum { kPhases = 3, kRounds = 5 };

/* A sum that, like many real operators, asks MPI something: the tracer must not take that for a user call. */
static void sum_ints(void* in, void* inout, int* len, MPI_Datatype* type) {
  (void)type;
  int rank = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  for (int i = 0; i < *len; ++i) {
    ((int*)inout)[i] += ((const int*)in)[i] + 0 * rank;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = -1;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size != 2) {
    if (rank == 0) {
      printf("filter_loop: needs exactly 2 ranks\n");
    }
    MPI_Finalize();
    return 1;
  }
  MPI_Op sum;
  MPI_Op_create(sum_ints, 1, &sum);
  const int peer = 1 - rank;
  int received = 0;
  int clock_errors = 0;
  for (int phase = 0; phase < kPhases; ++phase) {
    if (phase == 1) {
      MPI_Pcontrol(0);
    } else if (phase == 2) {
      MPI_Pcontrol(1);
    }
    for (int round = 0; round < kRounds; ++round) {
      int me = -1;
      MPI_Comm_rank(MPI_COMM_WORLD, &me);
      const double start = MPI_Wtime();
      const int tag = phase * kRounds + round;
      const int out = 1000 * me + tag;
      int in = -1;
      if (me == 0) {
        MPI_Send(&out, 1, MPI_INT, peer, tag, MPI_COMM_WORLD);
        MPI_Recv(&in, 1, MPI_INT, peer, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(&in, 1, MPI_INT, peer, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(&out, 1, MPI_INT, peer, tag, MPI_COMM_WORLD);
      }
      received += in;
      clock_errors += MPI_Wtime() < start;
    }
    int total = 0;
    MPI_Allreduce(&received, &total, 1, MPI_INT, sum, MPI_COMM_WORLD);
    if (rank == 0) {
      printf("filter_loop: phase %d, %d received in all\n", phase, total);
    }
  }
  MPI_Op_free(&sum);
  if (clock_errors != 0) {
    printf("filter_loop: MPI_Wtime went back %d times on rank %d\n", clock_errors, rank);
  }
  MPI_Finalize();
  return clock_errors == 0 ? 0 : 1;
}
