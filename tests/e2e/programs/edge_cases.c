/* Test program, 4 ranks: the argument values MPI gives special meaning, one section each with its own tags so the
 * trace test can find every record: MPI_PROC_NULL, wildcards, MPI_STATUS(ES)_IGNORE on every wait/test form,
 * MPI_REQUEST_NULL in arrays, zero counts, derived datatypes, MPI_BOTTOM, MPI_IN_PLACE and MPI_ERRORS_RETURN.
 * Rank 0 prints the error classes the invalid calls returned, then "edge_cases: OK". */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <mpi.h>

static int g_rank;
static int g_size;
static int g_partner; /* rank ^ 1 */
static int g_errors;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "edge_cases: rank %d: %s\n", g_rank, what);
    ++g_errors;
  }
}

/* No traffic: every call with MPI_PROC_NULL returns at once. */
static void proc_null(void) {
  int data[2] = {1, 2};
  MPI_Status status;
  MPI_Send(data, 2, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD);
  MPI_Recv(data, 2, MPI_INT, MPI_PROC_NULL, 2, MPI_COMM_WORLD, &status);
  expect(status.MPI_SOURCE == MPI_PROC_NULL && status.MPI_TAG == MPI_ANY_TAG, "PROC_NULL receive status");
  MPI_Sendrecv(data, 1, MPI_INT, MPI_PROC_NULL, 3, data + 1, 1, MPI_INT, MPI_PROC_NULL, 4, MPI_COMM_WORLD, &status);
  MPI_Request requests[2];
  MPI_Isend(data, 2, MPI_INT, MPI_PROC_NULL, 5, MPI_COMM_WORLD, &requests[0]);
  MPI_Irecv(data, 2, MPI_INT, MPI_PROC_NULL, 6, MPI_COMM_WORLD, &requests[1]);
  MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
}

/* Ring: rank r sends tag 100 + r (3 ints) and tag 200 + r (1 int) to r + 1, which receives with wildcards. */
static void wildcards(void) {
  const int right = (g_rank + 1) % g_size;
  const int left = (g_rank + g_size - 1) % g_size;
  int out[3] = {g_rank, g_rank, g_rank};
  int in[3] = {-1, -1, -1};
  MPI_Request request;
  MPI_Isend(out, 3, MPI_INT, right, 100 + g_rank, MPI_COMM_WORLD, &request);
  MPI_Status status;
  MPI_Recv(in, 3, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
  expect(status.MPI_SOURCE == left && status.MPI_TAG == 100 + left && in[2] == left, "wildcard Recv");
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  MPI_Barrier(MPI_COMM_WORLD); /* keeps the two wildcard receives apart */
  MPI_Request receive;
  MPI_Irecv(in, 3, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &receive);
  MPI_Send(out, 1, MPI_INT, right, 200 + g_rank, MPI_COMM_WORLD);
  MPI_Wait(&receive, &status);
  expect(status.MPI_SOURCE == left && status.MPI_TAG == 200 + left, "wildcard Irecv");
  MPI_Barrier(MPI_COMM_WORLD); /* no later message can meet a wildcard */
}

/* With the partner: tag 300 + i for form i, 2 ints; every completion ignores its status. */
static void ignored_statuses(void) {
  int out[2] = {g_rank, 7};
  int in[8][2];
  MPI_Request r[3];
  int index = 0;
  int flag = 0;
  int done = 0;
  int indices[3];

  MPI_Irecv(in[0], 2, MPI_INT, g_partner, 300, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 300, MPI_COMM_WORLD, &r[1]);
  MPI_Wait(&r[0], MPI_STATUS_IGNORE);
  MPI_Wait(&r[1], MPI_STATUS_IGNORE);

  MPI_Irecv(in[1], 2, MPI_INT, g_partner, 301, MPI_COMM_WORLD, &r[0]);
  r[1] = MPI_REQUEST_NULL;
  MPI_Isend(out, 2, MPI_INT, g_partner, 301, MPI_COMM_WORLD, &r[2]);
  MPI_Waitall(3, r, MPI_STATUSES_IGNORE);

  MPI_Irecv(in[2], 2, MPI_INT, g_partner, 302, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 302, MPI_COMM_WORLD, &r[1]);
  r[2] = MPI_REQUEST_NULL;
  for (;;) {
    MPI_Waitany(3, r, &index, MPI_STATUS_IGNORE);
    if (index == MPI_UNDEFINED) {
      break;
    }
  }

  MPI_Irecv(in[3], 2, MPI_INT, g_partner, 303, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 303, MPI_COMM_WORLD, &r[1]);
  for (;;) {
    MPI_Waitsome(2, r, &done, indices, MPI_STATUSES_IGNORE);
    if (done == MPI_UNDEFINED) {
      break;
    }
  }

  MPI_Irecv(in[4], 2, MPI_INT, g_partner, 304, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 304, MPI_COMM_WORLD, &r[1]);
  for (flag = 0; !flag;) {
    MPI_Test(&r[0], &flag, MPI_STATUS_IGNORE);
  }
  for (flag = 0; !flag;) {
    MPI_Test(&r[1], &flag, MPI_STATUS_IGNORE);
  }

  MPI_Irecv(in[5], 2, MPI_INT, g_partner, 305, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 305, MPI_COMM_WORLD, &r[1]);
  for (flag = 0; !flag;) {
    MPI_Testall(2, r, &flag, MPI_STATUSES_IGNORE);
  }

  r[0] = MPI_REQUEST_NULL;
  MPI_Irecv(in[6], 2, MPI_INT, g_partner, 306, MPI_COMM_WORLD, &r[1]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 306, MPI_COMM_WORLD, &r[2]);
  for (;;) {
    MPI_Testany(3, r, &index, &flag, MPI_STATUS_IGNORE);
    if (flag && index == MPI_UNDEFINED) {
      break;
    }
  }

  MPI_Irecv(in[7], 2, MPI_INT, g_partner, 307, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(out, 2, MPI_INT, g_partner, 307, MPI_COMM_WORLD, &r[1]);
  for (;;) {
    MPI_Testsome(2, r, &done, indices, MPI_STATUSES_IGNORE);
    if (done == MPI_UNDEFINED) {
      break;
    }
  }
  for (int i = 0; i < 8; ++i) {
    expect(in[i][0] == g_partner && in[i][1] == 7, "ignored-status message");
  }
}

/* With the partner: empty messages, tags 400 (blocking) and 401 (nonblocking). */
static void zero_counts(void) {
  int dummy = 0;
  MPI_Request requests[2];
  MPI_Status status;
  int count = -1;
  MPI_Sendrecv(&dummy, 0, MPI_INT, g_partner, 400, &dummy, 0, MPI_INT, g_partner, 400, MPI_COMM_WORLD, &status);
  MPI_Get_count(&status, MPI_INT, &count);
  expect(count == 0, "empty Sendrecv");
  MPI_Irecv(NULL, 0, MPI_BYTE, g_partner, 401, MPI_COMM_WORLD, &requests[0]);
  MPI_Isend(NULL, 0, MPI_BYTE, g_partner, 401, MPI_COMM_WORLD, &requests[1]);
  MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
}

/* With the partner: a vector (2 of them, each 10 ints apart: 48 bytes, tag 500), an indexed type (16 bytes, tag 501), a
 * struct of int and double (12 bytes, tag 502), and an absolute-address struct sent from MPI_BOTTOM (16 bytes, tag
 * 503). */
static void derived_types(void) {
  int grid[24];
  int flat[12];
  for (int i = 0; i < 24; ++i) {
    grid[i] = g_rank * 100 + i;
  }
  MPI_Datatype vector;
  MPI_Type_vector(3, 2, 4, MPI_INT, &vector);
  MPI_Type_commit(&vector);
  MPI_Sendrecv(grid, 2, vector, g_partner, 500, flat, 12, MPI_INT, g_partner, 500, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  expect(flat[0] == g_partner * 100 && flat[2] == g_partner * 100 + 4 && flat[11] == g_partner * 100 + 19, "vector");

  const int lengths[2] = {1, 3};
  const int displacements[2] = {0, 5};
  MPI_Datatype indexed;
  MPI_Type_indexed(2, lengths, displacements, MPI_INT, &indexed);
  MPI_Type_commit(&indexed);
  MPI_Sendrecv(grid, 1, indexed, g_partner, 501, flat, 4, MPI_INT, g_partner, 501, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  expect(flat[1] == g_partner * 100 + 5, "indexed");

  struct Pair {
    int i;
    double d;
  } pair_out = {g_rank, 0.5}, pair_in = {-1, 0.0};
  const int one[2] = {1, 1};
  const MPI_Aint offsets[2] = {offsetof(struct Pair, i), offsetof(struct Pair, d)};
  const MPI_Datatype members[2] = {MPI_INT, MPI_DOUBLE};
  MPI_Datatype pair;
  MPI_Type_create_struct(2, one, offsets, members, &pair);
  MPI_Type_commit(&pair);
  MPI_Sendrecv(&pair_out, 1, pair, g_partner, 502, &pair_in, 1, pair, g_partner, 502, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  expect(pair_in.i == g_partner && pair_in.d == 0.5, "struct");

  int out[4] = {g_rank, g_rank, g_rank, g_rank};
  int in[4] = {-1, -1, -1, -1};
  MPI_Aint out_address = 0;
  MPI_Aint in_address = 0;
  MPI_Get_address(out, &out_address);
  MPI_Get_address(in, &in_address);
  const int four = 4;
  MPI_Datatype absolute_out;
  MPI_Datatype absolute_in;
  MPI_Type_create_struct(1, &four, &out_address, members, &absolute_out);
  MPI_Type_create_struct(1, &four, &in_address, members, &absolute_in);
  MPI_Type_commit(&absolute_out);
  MPI_Type_commit(&absolute_in);
  MPI_Sendrecv(MPI_BOTTOM, 1, absolute_out, g_partner, 503, MPI_BOTTOM, 1, absolute_in, g_partner, 503, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  expect(in[3] == g_partner, "MPI_BOTTOM");
  MPI_Type_free(&absolute_in);
  MPI_Type_free(&absolute_out);
  MPI_Type_free(&pair);
  MPI_Type_free(&indexed);
  MPI_Type_free(&vector);
}

static void in_place(void) {
  int sums[5];
  for (int i = 0; i < 5; ++i) {
    sums[i] = g_rank + i;
  }
  MPI_Allreduce(MPI_IN_PLACE, sums, 5, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  expect(sums[4] == 6 + 4 * 4, "Allreduce in place");

  int gathered[8] = {0};
  int mine[2] = {g_rank, g_rank * 2};
  if (g_rank == 0) {
    gathered[0] = 0;
    gathered[1] = 0;
    MPI_Gather(MPI_IN_PLACE, 2, MPI_INT, gathered, 2, MPI_INT, 0, MPI_COMM_WORLD);
    expect(gathered[7] == 6, "Gather in place");
  } else {
    MPI_Gather(mine, 2, MPI_INT, NULL, 2, MPI_INT, 0, MPI_COMM_WORLD);
  }

  int values[4] = {1, 2, 3, 4};
  const int counts[4] = {1, 1, 1, 1};
  MPI_Reduce_scatter(MPI_IN_PLACE, values, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  expect(values[0] == 4 * (g_rank + 1), "Reduce_scatter in place");
}

/* Invalid calls under MPI_ERRORS_RETURN: their error classes go to rank 0, which prints them. (MPICH's codes
 * carry a message-ring index that differs from run to run, so only the classes can be compared across runs.) */
static void errors_return(void) {
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int data[2] = {0, 0};
  int results[6];
  results[0] = MPI_Send(data, 1, MPI_INT, g_size, 700, MPI_COMM_WORLD);
  results[1] = MPI_Send(data, -1, MPI_INT, g_partner, 701, MPI_COMM_WORLD);
  results[2] = MPI_Recv(data, 1, MPI_INT, g_partner, -5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Request request = MPI_REQUEST_NULL;
  results[3] = MPI_Isend(data, 1, MPI_INT, -7, 703, MPI_COMM_WORLD, &request);
  results[4] = MPI_Allreduce(data, data + 1, 1, MPI_INT, MPI_OP_NULL, MPI_COMM_WORLD);
  results[5] = MPI_Comm_rank(MPI_COMM_NULL, &data[0]);
  int classes[6];
  for (int i = 0; i < 6; ++i) {
    MPI_Error_class(results[i], &classes[i]);
    expect(results[i] != MPI_SUCCESS, "an invalid call succeeded");
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
  int all[4][12];
  int mine[12];
  memcpy(mine, results, sizeof(results));
  memcpy(mine + 6, classes, sizeof(classes));
  MPI_Gather(mine, 12, MPI_INT, all, 12, MPI_INT, 0, MPI_COMM_WORLD);
  if (g_rank == 0) {
    for (int r = 0; r < g_size; ++r) {
      printf("rank %d errors:", r);
      for (int i = 0; i < 6; ++i) {
        printf(" %d", all[r][6 + i]);
      }
      printf("\n");
    }
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (g_size != 4) {
    if (g_rank == 0) {
      printf("edge_cases: needs 4 ranks\n");
    }
    MPI_Finalize();
    return 1;
  }
  g_partner = g_rank ^ 1;
  proc_null();
  wildcards();
  ignored_statuses();
  zero_counts();
  derived_types();
  in_place();
  errors_return();
  int total = 0;
  MPI_Allreduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (g_rank == 0) {
    printf(total == 0 ? "edge_cases: OK\n" : "edge_cases: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
