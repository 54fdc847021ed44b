/* Test program for probes and matched receives, run on exactly 2 ranks. Rank 0 sends tags 40..44 (with 8, 3, 5, 6
 * and 0 ints); rank 1 finds each one a different way:
 *   40  MPI_Probe, then MPI_Recv of the probed size        41  MPI_Iprobe until found, then MPI_Recv
 *   42  MPI_Mprobe (any source), MPI_Mrecv                  43  MPI_Improbe until found, MPI_Imrecv_c, MPI_Wait
 *   44  MPI_Mprobe, MPI_Mrecv_c of the empty message
 * plus an MPI_Iprobe that finds nothing and an MPI_Mprobe/MPI_Mrecv from MPI_PROC_NULL. Payloads are checked;
 * rank 0 prints "probes: OK". */
#include <stdio.h>

#include <mpi.h>

static int g_errors;

static void fill(int* data, int n, int tag) {
  for (int i = 0; i < n; ++i) {
    data[i] = tag * 100 + i;
  }
}

static void check(const int* data, int n, int tag, int count) {
  if (count != n) {
    fprintf(stderr, "probes: tag %d has %d ints, not %d\n", tag, count, n);
    ++g_errors;
  }
  for (int i = 0; i < n; ++i) {
    if (data[i] != tag * 100 + i) {
      fprintf(stderr, "probes: tag %d element %d is %d\n", tag, i, data[i]);
      ++g_errors;
      return;
    }
  }
}

static int count_of(const MPI_Status* status) {
  int count = -1;
  MPI_Get_count(status, MPI_INT, &count);
  return count;
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
  const int lengths[5] = {8, 3, 5, 6, 0};
  int data[8] = {0};
  if (rank == 0) {
    for (int k = 0; k < 5; ++k) {
      fill(data, lengths[k], 40 + k);
      MPI_Send(data, lengths[k], MPI_INT, 1, 40 + k, MPI_COMM_WORLD);
    }
  } else {
    MPI_Status status;
    int flag = 1;
    MPI_Iprobe(0, 99, MPI_COMM_WORLD, &flag, &status); /* nothing is ever sent with tag 99 */
    if (flag) {
      fprintf(stderr, "probes: found a message that was never sent\n");
      ++g_errors;
    }

    MPI_Probe(0, 40, MPI_COMM_WORLD, &status);
    const int probed = count_of(&status);
    MPI_Recv(data, probed, MPI_INT, 0, 40, MPI_COMM_WORLD, &status);
    check(data, lengths[0], 40, count_of(&status));

    flag = 0;
    while (!flag) {
      MPI_Iprobe(MPI_ANY_SOURCE, 41, MPI_COMM_WORLD, &flag, &status);
    }
    MPI_Recv(data, count_of(&status), MPI_INT, status.MPI_SOURCE, 41, MPI_COMM_WORLD, &status);
    check(data, lengths[1], 41, count_of(&status));

    MPI_Message message;
    MPI_Mprobe(MPI_ANY_SOURCE, 42, MPI_COMM_WORLD, &message, &status);
    const int matched = count_of(&status);
    MPI_Mrecv(data, matched, MPI_INT, &message, MPI_STATUS_IGNORE);
    check(data, lengths[2], 42, matched);

    flag = 0;
    while (!flag) {
      MPI_Improbe(0, 43, MPI_COMM_WORLD, &flag, &message, &status);
    }
    MPI_Request request;
    MPI_Imrecv_c(data, (MPI_Count)count_of(&status), MPI_INT, &message, &request);
    MPI_Wait(&request, &status);
    check(data, lengths[3], 43, count_of(&status));

    MPI_Mprobe(0, 44, MPI_COMM_WORLD, &message, &status);
    MPI_Mrecv_c(data, 0, MPI_INT, &message, &status);
    check(data, lengths[4], 44, count_of(&status));

    MPI_Mprobe(MPI_PROC_NULL, 45, MPI_COMM_WORLD, &message, &status);
    if (message != MPI_MESSAGE_NO_PROC) {
      fprintf(stderr, "probes: a probe of MPI_PROC_NULL matched a message\n");
      ++g_errors;
    }
    MPI_Mrecv(data, 8, MPI_INT, &message, &status);
  }
  int total = 0;
  MPI_Reduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(total == 0 ? "probes: OK\n" : "probes: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
