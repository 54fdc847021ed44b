/* Test program for persistent and partitioned point-to-point, run on exactly 2 ranks. Rank 0 sends, rank 1
 * receives; every persistent request is started several times with a new payload each time:
 *   tag 30  Send_init -> Recv_init, 3 starts, Wait; rank 1 asks Request_get_status while its receive is pending
 *   tag 31  Ssend_init + tag 32 Send_init_c -> Recv_init + Recv_init_c, 2 Startall, Waitall / Testall
 *   tag 33  Bsend_init -> Recv_init (ANY_TAG), 2 starts; tag 34 Rsend_init -> Recv_init, 2 starts
 *   tag 35  Psend_init (4 partitions of 2 ints, Pready / Pready_range / Pready_list) -> Precv_init (Parrived), 2 starts
 *   MPI_PROC_NULL persistent send and receive (started, completed, never recorded), and a Wait on an inactive
 *   request (records nothing).
 * Then the MPI-4 nonblocking exchanges: tag 37 rank 0 -> 1 and tag 38 rank 1 -> 0 by one MPI_Isendrecv (rank 0,
 * completed by a Test loop) and one MPI_Isendrecv_replace (rank 1, Wait). (MPICH 4.0.2 crashes in an MPI_Isendrecv
 * with MPI_PROC_NULL on both sides, so that case is left out.) Last, rank 0 frees a started persistent send (tag 40)
 * that rank 1 receives with MPI_Recv. Payloads are checked; rank 0 prints "persistent: OK". */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kInts = 8 };

static int g_errors;

static void fill(int* data, int tag, int round) {
  for (int i = 0; i < kInts; ++i) {
    data[i] = tag * 1000 + round * 100 + i;
  }
}

static void check(const int* data, int tag, int round) {
  for (int i = 0; i < kInts; ++i) {
    if (data[i] != tag * 1000 + round * 100 + i) {
      fprintf(stderr, "persistent: tag %d round %d element %d is %d\n", tag, round, i, data[i]);
      ++g_errors;
      return;
    }
  }
}

static void standard(int rank) {
  int data[kInts] = {0};
  MPI_Request request;
  if (rank == 0) {
    MPI_Send_init(data, kInts, MPI_INT, 1, 30, MPI_COMM_WORLD, &request);
    for (int round = 0; round < 3; ++round) {
      MPI_Barrier(MPI_COMM_WORLD); /* rank 1 has started its receive and found it pending */
      fill(data, 30, round);
      MPI_Start(&request);
      MPI_Wait(&request, MPI_STATUS_IGNORE);
    }
  } else {
    MPI_Recv_init(data, kInts, MPI_INT, 0, 30, MPI_COMM_WORLD, &request);
    for (int round = 0; round < 3; ++round) {
      MPI_Start(&request);
      int flag = 1;
      MPI_Request_get_status(request, &flag, MPI_STATUS_IGNORE);
      if (flag) {
        fprintf(stderr, "persistent: receive complete before its send\n");
        ++g_errors;
      }
      MPI_Barrier(MPI_COMM_WORLD);
      MPI_Status status;
      MPI_Wait(&request, &status);
      check(data, 30, round);
    }
    MPI_Status empty;
    MPI_Wait(&request, &empty); /* inactive: returns at once */
  }
  MPI_Request_free(&request);
}

static void startall(int rank) {
  int a[kInts] = {0};
  int b[kInts] = {0};
  MPI_Request requests[2];
  if (rank == 0) {
    MPI_Ssend_init(a, kInts, MPI_INT, 1, 31, MPI_COMM_WORLD, &requests[0]);
    MPI_Send_init_c(b, (MPI_Count)kInts, MPI_INT, 1, 32, MPI_COMM_WORLD, &requests[1]);
    for (int round = 0; round < 2; ++round) {
      fill(a, 31, round);
      fill(b, 32, round);
      MPI_Startall(2, requests);
      MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
    }
  } else {
    MPI_Recv_init(a, kInts, MPI_INT, 0, 31, MPI_COMM_WORLD, &requests[0]);
    MPI_Recv_init_c(b, (MPI_Count)kInts, MPI_INT, 0, 32, MPI_COMM_WORLD, &requests[1]);
    for (int round = 0; round < 2; ++round) {
      MPI_Startall(2, requests);
      int done = 0;
      while (!done) {
        MPI_Testall(2, requests, &done, MPI_STATUSES_IGNORE);
      }
      check(a, 31, round);
      check(b, 32, round);
    }
  }
  MPI_Request_free(&requests[0]);
  MPI_Request_free(&requests[1]);
}

static void buffered_and_ready(int rank) {
  int data[kInts] = {0};
  MPI_Request buffered;
  MPI_Request ready;
  if (rank == 0) {
    int size = 0;
    MPI_Pack_size(kInts, MPI_INT, MPI_COMM_WORLD, &size);
    const int buffer_bytes = size + MPI_BSEND_OVERHEAD;
    char* buffer = malloc((size_t)buffer_bytes);
    MPI_Buffer_attach(buffer, buffer_bytes);
    MPI_Bsend_init(data, kInts, MPI_INT, 1, 33, MPI_COMM_WORLD, &buffered);
    MPI_Rsend_init(data, kInts, MPI_INT, 1, 34, MPI_COMM_WORLD, &ready);
    for (int round = 0; round < 2; ++round) {
      fill(data, 33, round);
      MPI_Start(&buffered);
      MPI_Wait(&buffered, MPI_STATUS_IGNORE);
      MPI_Barrier(MPI_COMM_WORLD); /* rank 1 has started the receive for the ready send */
      fill(data, 34, round);
      MPI_Start(&ready);
      MPI_Wait(&ready, MPI_STATUS_IGNORE);
    }
    MPI_Buffer_detach(&buffer, &size);
    free(buffer);
  } else {
    int other[kInts] = {0};
    MPI_Recv_init(data, kInts, MPI_INT, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &buffered);
    MPI_Recv_init(other, kInts, MPI_INT, 0, 34, MPI_COMM_WORLD, &ready);
    for (int round = 0; round < 2; ++round) {
      MPI_Status status;
      MPI_Start(&buffered);
      MPI_Wait(&buffered, &status);
      check(data, status.MPI_TAG, round);
      MPI_Start(&ready);
      MPI_Barrier(MPI_COMM_WORLD);
      MPI_Wait(&ready, MPI_STATUS_IGNORE);
      check(other, 34, round);
    }
  }
  MPI_Request_free(&buffered);
  MPI_Request_free(&ready);
}

static void partitioned(int rank) {
  int data[kInts] = {0};
  MPI_Request request;
  if (rank == 0) {
    MPI_Psend_init(data, 4, 2, MPI_INT, 1, 35, MPI_COMM_WORLD, MPI_INFO_NULL, &request);
    for (int round = 0; round < 2; ++round) {
      fill(data, 35, round);
      MPI_Start(&request);
      MPI_Pready(0, request);
      MPI_Pready_range(1, 2, request);
      int last[1] = {3};
      MPI_Pready_list(1, last, request);
      MPI_Wait(&request, MPI_STATUS_IGNORE);
    }
  } else {
    MPI_Precv_init(data, 4, 2, MPI_INT, 0, 35, MPI_COMM_WORLD, MPI_INFO_NULL, &request);
    for (int round = 0; round < 2; ++round) {
      MPI_Start(&request);
      int arrived = 0;
      while (!arrived) {
        MPI_Parrived(request, 3, &arrived);
      }
      MPI_Wait(&request, MPI_STATUS_IGNORE);
      check(data, 35, round);
    }
  }
  MPI_Request_free(&request);
}

static void proc_null(void) {
  int data[kInts] = {0};
  MPI_Request requests[2];
  MPI_Send_init(data, kInts, MPI_INT, MPI_PROC_NULL, 36, MPI_COMM_WORLD, &requests[0]);
  MPI_Recv_init(data, kInts, MPI_INT, MPI_PROC_NULL, 36, MPI_COMM_WORLD, &requests[1]);
  MPI_Startall(2, requests);
  MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
  MPI_Request_free(&requests[0]);
  MPI_Request_free(&requests[1]);
}

static void exchanges(int rank) {
  int out[kInts] = {0};
  int in[kInts] = {0};
  MPI_Request request;
  if (rank == 0) {
    fill(out, 37, 0);
    MPI_Isendrecv(out, kInts, MPI_INT, 1, 37, in, kInts, MPI_INT, 1, 38, MPI_COMM_WORLD, &request);
    int done = 0;
    while (!done) {
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    }
    check(in, 38, 0);
  } else {
    fill(in, 38, 0);
    MPI_Isendrecv_replace(in, kInts, MPI_INT, 0, 38, 0, 37, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    check(in, 37, 0);
  }
}

/* Rank 0 frees a started persistent send (tag 40): it completes unobserved. */
static void freed_while_active(int rank) {
  int data[kInts] = {0};
  if (rank == 0) {
    MPI_Request request;
    fill(data, 40, 0);
    MPI_Send_init(data, kInts, MPI_INT, 1, 40, MPI_COMM_WORLD, &request);
    MPI_Start(&request);
    MPI_Request_free(&request);
    MPI_Barrier(MPI_COMM_WORLD); /* rank 1 has the message: the buffer is free again */
  } else {
    MPI_Recv(data, kInts, MPI_INT, 0, 40, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    check(data, 40, 0);
    MPI_Barrier(MPI_COMM_WORLD);
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size != 2) {
    MPI_Finalize();
    return 2;
  }
  standard(rank);
  startall(rank);
  buffered_and_ready(rank);
  partitioned(rank);
  proc_null();
  exchanges(rank);
  freed_while_active(rank);
  int total = 0;
  MPI_Reduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(total == 0 ? "persistent: OK\n" : "persistent: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
