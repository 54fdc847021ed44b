/* Non-rooted collectives on an intercommunicator whose groups differ in size (4 ranks: group A is world rank 0,
 * group B world ranks 1-3), so recorded byte counts show whether the remote group's size was used. Each call's
 * results are checked here; rank 0 prints "intercomm_collectives: OK". */
#include <stdio.h>

#include <mpi.h>

static int g_errors = 0;

static void expect(int ok, const char* what) {
  if (!ok) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fprintf(stderr, "intercomm_collectives: rank %d: %s failed\n", rank, what);
    ++g_errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const int in_a = rank == 0;
  MPI_Comm local = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, in_a ? 0 : 1, rank, &local);
  MPI_Comm inter = MPI_COMM_NULL;
  MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, in_a ? 1 : 0, 40, &inter);
  MPI_Comm_set_name(inter, "a_b");
  int me = 0;
  int remote = 0;
  MPI_Comm_rank(inter, &me);
  MPI_Comm_remote_size(inter, &remote);

  /* Allgather, 2 ints per rank: the remote group's blocks arrive. */
  int mine2[2] = {rank, rank};
  int all2[6] = {0};
  MPI_Allgather(mine2, 2, MPI_INT, all2, 2, MPI_INT, inter);
  expect(all2[0] == (in_a ? 1 : 0) && all2[2 * remote - 1] == (in_a ? 3 : 0), "allgather");

  /* Alltoall, 1 int per pair. */
  int out1[3] = {rank, rank, rank};
  int in1[3] = {-1, -1, -1};
  MPI_Alltoall(out1, 1, MPI_INT, in1, 1, MPI_INT, inter);
  expect(in1[remote - 1] == (in_a ? 3 : 0), "alltoall");

  /* Allreduce, 3 ints: each group gets the sum over the other group. */
  int three[3] = {rank, rank, rank};
  int sums[3] = {0};
  MPI_Allreduce(three, sums, 3, MPI_INT, MPI_SUM, inter);
  expect(sums[2] == (in_a ? 6 : 0), "allreduce");

  /* Allgatherv: B's local rank i sends i+1 ints, A sends 4. */
  int vsend[4] = {rank, rank, rank, rank};
  const int send_count = in_a ? 4 : me + 1;
  int counts_a[3] = {1, 2, 3};
  int displs_a[3] = {0, 1, 3};
  int counts_b[1] = {4};
  int displs_b[1] = {0};
  int vrecv[6] = {0};
  MPI_Allgatherv(vsend, send_count, MPI_INT, vrecv, in_a ? counts_a : counts_b, in_a ? displs_a : displs_b, MPI_INT,
                 inter);
  expect(vrecv[in_a ? 5 : 3] == (in_a ? 3 : 0), "allgatherv");

  /* Alltoallv, 1 int per pair. */
  int ones[3] = {1, 1, 1};
  int steps[3] = {0, 1, 2};
  MPI_Alltoallv(out1, ones, steps, MPI_INT, in1, ones, steps, MPI_INT, inter);
  expect(in1[0] == (in_a ? 1 : 0), "alltoallv");

  /* Reduce_scatter: both groups reduce vectors of 3 ints; A keeps all 3, each B rank one. */
  int counts_rs_a[1] = {3};
  int counts_rs_b[3] = {1, 1, 1};
  int scattered[3] = {0};
  MPI_Reduce_scatter(three, scattered, in_a ? counts_rs_a : counts_rs_b, MPI_INT, MPI_SUM, inter);
  expect(scattered[0] == (in_a ? 6 : 0), "reduce_scatter");

  /* Nonblocking allgather: the same counts as the blocking one. */
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Iallgather(mine2, 2, MPI_INT, all2, 2, MPI_INT, inter, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  expect(all2[0] == (in_a ? 1 : 0), "iallgather");

  MPI_Comm_free(&inter);
  MPI_Comm_free(&local);
  int errors = 0;
  MPI_Reduce(&g_errors, &errors, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    if (errors == 0) {
      printf("intercomm_collectives: OK\n");
    } else {
      printf("intercomm_collectives: %d failed checks\n", errors);
    }
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
