/* Test program for the p2p and request families, run on exactly 2 ranks: every send mode (standard, buffered,
 * synchronous, ready; blocking and nonblocking; large-count _c forms), Sendrecv and Sendrecv_replace, each
 * Wait/Test variant, a cancelled receive, MPI_PROC_NULL, wildcards and a zero-count message. Every message carries
 * a checkable payload; rank 0 prints "p2p_modes: OK" when all arrived intact. The trace test expects exactly the
 * traffic listed in kExpected* below. */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kInts = 8 };

static int g_errors;

static void fill(int* data, int tag) {
  for (int i = 0; i < kInts; ++i) {
    data[i] = tag * 100 + i;
  }
}

static void check(const int* data, int tag, const char* what) {
  for (int i = 0; i < kInts; ++i) {
    if (data[i] != tag * 100 + i) {
      fprintf(stderr, "p2p_modes: %s tag %d element %d is %d\n", what, tag, i, data[i]);
      ++g_errors;
      return;
    }
  }
}

/* Rank 0 sends with tag `tag` using `send`; rank 1 receives it with MPI_Recv. */
static void blocking_modes(int rank) {
  int data[kInts];
  if (rank == 0) {
    fill(data, 1);
    MPI_Send(data, kInts, MPI_INT, 1, 1, MPI_COMM_WORLD);
    fill(data, 2);
    MPI_Ssend(data, kInts, MPI_INT, 1, 2, MPI_COMM_WORLD);
    int size = 0;
    MPI_Pack_size(kInts, MPI_INT, MPI_COMM_WORLD, &size);
    const int buffer_bytes = size + MPI_BSEND_OVERHEAD;
    char* buffer = malloc((size_t)buffer_bytes);
    MPI_Buffer_attach(buffer, buffer_bytes);
    fill(data, 3);
    MPI_Bsend(data, kInts, MPI_INT, 1, 3, MPI_COMM_WORLD);
    MPI_Buffer_detach(&buffer, &size);
    free(buffer);
    MPI_Barrier(MPI_COMM_WORLD); /* rank 1 has posted the receive for the ready send */
    fill(data, 4);
    MPI_Rsend(data, kInts, MPI_INT, 1, 4, MPI_COMM_WORLD);
    fill(data, 5);
    MPI_Send_c(data, (MPI_Count)kInts, MPI_INT, 1, 5, MPI_COMM_WORLD);
  } else {
    for (int tag = 1; tag <= 3; ++tag) {
      MPI_Recv(data, kInts, MPI_INT, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      check(data, tag, "blocking");
    }
    MPI_Request ready;
    MPI_Irecv(data, kInts, MPI_INT, 0, 4, MPI_COMM_WORLD, &ready);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Wait(&ready, MPI_STATUS_IGNORE);
    check(data, 4, "ready");
    MPI_Status status;
    MPI_Recv_c(data, (MPI_Count)kInts, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    check(data, status.MPI_TAG, "large-count");
  }
}

/* Rank 0 sends tags 10..13 with the four nonblocking modes; rank 1 completes them with Waitany/Waitsome/Test*. */
static void nonblocking_modes(int rank) {
  int data[4][kInts];
  MPI_Request requests[4];
  if (rank == 0) {
    int size = 0;
    MPI_Pack_size(kInts, MPI_INT, MPI_COMM_WORLD, &size);
    const int buffer_bytes = size + MPI_BSEND_OVERHEAD;
    char* buffer = malloc((size_t)buffer_bytes);
    MPI_Buffer_attach(buffer, buffer_bytes);
    for (int k = 0; k < 4; ++k) {
      fill(data[k], 10 + k);
    }
    MPI_Barrier(MPI_COMM_WORLD); /* receives are posted: the ready send is legal */
    MPI_Isend(data[0], kInts, MPI_INT, 1, 10, MPI_COMM_WORLD, &requests[0]);
    MPI_Issend(data[1], kInts, MPI_INT, 1, 11, MPI_COMM_WORLD, &requests[1]);
    MPI_Ibsend(data[2], kInts, MPI_INT, 1, 12, MPI_COMM_WORLD, &requests[2]);
    MPI_Irsend_c(data[3], (MPI_Count)kInts, MPI_INT, 1, 13, MPI_COMM_WORLD, &requests[3]);
    int done = 0;
    while (!done) {
      MPI_Testall(4, requests, &done, MPI_STATUSES_IGNORE);
    }
    MPI_Buffer_detach(&buffer, &size);
    free(buffer);
  } else {
    for (int k = 0; k < 4; ++k) {
      MPI_Irecv(data[k], kInts, MPI_INT, 0, 10 + k, MPI_COMM_WORLD, &requests[k]);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    int index = -1;
    MPI_Waitany(4, requests, &index, MPI_STATUS_IGNORE);
    int outcount = 0;
    int indices[4];
    MPI_Status statuses[4];
    MPI_Waitsome(4, requests, &outcount, indices, statuses);
    int flag = 0;
    while (!flag) {
      MPI_Testany(4, requests, &index, &flag, MPI_STATUS_IGNORE);
    }
    for (;;) {
      int active = 0;
      for (int k = 0; k < 4; ++k) {
        active += requests[k] != MPI_REQUEST_NULL;
      }
      if (active == 0) {
        break;
      }
      MPI_Testsome(4, requests, &outcount, indices, MPI_STATUSES_IGNORE);
    }
    for (int k = 0; k < 4; ++k) {
      check(data[k], 10 + k, "nonblocking");
    }
  }
}

/* Both ranks: Sendrecv (tag 20) and Sendrecv_replace (tag 21) with each other; sends to MPI_PROC_NULL; an empty
 * message (tag 22); a receive that is cancelled; a Test that finds a request pending (tag 23). */
static void exchanges(int rank) {
  const int peer = 1 - rank;
  int out[kInts];
  int in[kInts];
  fill(out, 20);
  MPI_Sendrecv(out, kInts, MPI_INT, peer, 20, in, kInts, MPI_INT, peer, 20, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  check(in, 20, "sendrecv");
  fill(in, 21);
  MPI_Sendrecv_replace(in, kInts, MPI_INT, peer, 21, MPI_ANY_SOURCE, 21, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  check(in, 21, "sendrecv_replace");

  MPI_Send(out, kInts, MPI_INT, MPI_PROC_NULL, 99, MPI_COMM_WORLD);
  MPI_Recv(in, kInts, MPI_INT, MPI_PROC_NULL, 99, MPI_COMM_WORLD, MPI_STATUS_IGNORE);

  if (rank == 0) {
    MPI_Send(NULL, 0, MPI_INT, 1, 22, MPI_COMM_WORLD);
  } else {
    MPI_Status status;
    MPI_Recv(NULL, 0, MPI_INT, 0, 22, MPI_COMM_WORLD, &status);
    int count = -1;
    MPI_Get_count(&status, MPI_INT, &count);
    g_errors += count != 0;
  }

  MPI_Request never;
  MPI_Irecv(in, kInts, MPI_INT, peer, 777, MPI_COMM_WORLD, &never);
  MPI_Cancel(&never);
  MPI_Status cancelled_status;
  MPI_Wait(&never, &cancelled_status);
  int cancelled = 0;
  MPI_Test_cancelled(&cancelled_status, &cancelled);
  g_errors += cancelled != 1;

  /* Rank 1 tests a receive once before rank 0 sends (barrier in between), so one test finds it pending. */
  if (rank == 1) {
    MPI_Request late;
    MPI_Irecv(in, kInts, MPI_INT, 0, 23, MPI_COMM_WORLD, &late);
    int flag = 0;
    MPI_Test(&late, &flag, MPI_STATUS_IGNORE);
    g_errors += flag != 0;
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Wait(&late, MPI_STATUS_IGNORE);
    check(in, 23, "late");
  } else {
    MPI_Barrier(MPI_COMM_WORLD);
    fill(out, 23);
    MPI_Send(out, kInts, MPI_INT, 1, 23, MPI_COMM_WORLD);
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size != 2) {
    if (rank == 0) {
      fprintf(stderr, "p2p_modes: needs exactly 2 ranks\n");
    }
    MPI_Finalize();
    return 2;
  }
  blocking_modes(rank);
  nonblocking_modes(rank);
  exchanges(rank);
  int total = 0;
  MPI_Allreduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(total == 0 ? "p2p_modes: OK\n" : "p2p_modes: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
