/* Creates and frees communicators in a fixed order (4 ranks) so the trace's CommCreate and CommDestroy events can
 * be checked one by one: dup, split and free of the halves, idup, create_group on two ranks only, a split that
 * leaves two ranks without a communicator, and the dup's free last. Rank 0 prints "comm_lifetime: OK". */
#include <stdio.h>

#include <mpi.h>

static int g_errors = 0;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "comm_lifetime: %s failed\n", what);
    ++g_errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);

  MPI_Comm dup = MPI_COMM_NULL;
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  MPI_Comm_set_name(dup, "life_dup");

  MPI_Comm half = MPI_COMM_NULL;
  MPI_Comm_split(dup, rank % 2, rank, &half);
  MPI_Comm_set_name(half, rank % 2 == 0 ? "life_even" : "life_odd");
  MPI_Barrier(half);
  MPI_Comm_free(&half);
  expect(half == MPI_COMM_NULL, "free of the half");

  MPI_Comm copy = MPI_COMM_NULL;
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Comm_idup(dup, &copy, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  MPI_Comm_set_name(copy, "life_idup");
  MPI_Barrier(copy);
  MPI_Comm_free(&copy);

  if (rank < 2) { /* collective over the group only: ranks 2 and 3 take no part */
    MPI_Group world = MPI_GROUP_NULL;
    MPI_Group pair = MPI_GROUP_NULL;
    const int members[2] = {0, 1};
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_incl(world, 2, members, &pair);
    MPI_Comm made = MPI_COMM_NULL;
    MPI_Comm_create_group(MPI_COMM_WORLD, pair, 7, &made);
    MPI_Comm_set_name(made, "life_pair");
    MPI_Barrier(made);
    MPI_Comm_free(&made);
    MPI_Group_free(&pair);
    MPI_Group_free(&world);
  }

  MPI_Comm some = MPI_COMM_NULL;
  MPI_Comm_split(dup, rank < 2 ? 0 : MPI_UNDEFINED, rank, &some);
  expect((some == MPI_COMM_NULL) == (rank >= 2), "split with MPI_UNDEFINED");
  if (some != MPI_COMM_NULL) {
    MPI_Comm_set_name(some, "life_some");
    MPI_Barrier(some);
    MPI_Comm_free(&some);
  }

  MPI_Comm_free(&dup);
  MPI_Barrier(MPI_COMM_WORLD);

  int errors = 0;
  MPI_Reduce(&g_errors, &errors, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    if (errors == 0) {
      printf("comm_lifetime: OK\n");
    } else {
      printf("comm_lifetime: %d failed checks\n", errors);
    }
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
