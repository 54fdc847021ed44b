/* RMA windows on created communicators whose ranks differ from the world ranks (4 ranks): a fence epoch on the
 * halves of a split (even and odd world ranks, in reverse order), then an exclusive lock epoch on a reversed
 * copy of the world. Each put's arrival is checked here; rank 0 prints "rma_comms: OK". */
#include <stdio.h>

#include <mpi.h>

static int g_errors = 0;

static void expect(int ok, const char* what) {
  if (!ok) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fprintf(stderr, "rma_comms: rank %d: %s failed\n", rank, what);
    ++g_errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);

  /* Halves in reverse order: even = {2, 0}, odd = {3, 1}. Each rank puts its world rank at disp 1 of the other. */
  MPI_Comm half = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, rank % 2, -rank, &half);
  MPI_Comm_set_name(half, rank % 2 == 0 ? "rma_even" : "rma_odd");
  int me = 0;
  MPI_Comm_rank(half, &me);
  /* 8 ints: on this MPICH (ch4:ucx) puts into a window of only 8 bytes never arrive. */
  int cells[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
  MPI_Win win_half;
  MPI_Win_create(cells, sizeof(cells), sizeof(int), MPI_INFO_NULL, half, &win_half);
  MPI_Win_fence(0, win_half);
  MPI_Put(&rank, 1, MPI_INT, 1 - me, 1, 1, MPI_INT, win_half);
  MPI_Win_fence(0, win_half);
  expect(cells[1] == (rank + 2) % 4, "put in the half");
  MPI_Win_free(&win_half);

  /* The world reversed: rank 0 of it is world rank 3. Everyone adds its world rank + 1 there under a lock. */
  MPI_Comm reversed = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, 0, 3 - rank, &reversed);
  MPI_Comm_set_name(reversed, "rma_reversed");
  int* total = NULL;
  MPI_Win win_rev;
  MPI_Win_allocate(sizeof(int), sizeof(int), MPI_INFO_NULL, reversed, &total, &win_rev);
  *total = 0;
  MPI_Barrier(reversed);
  const int add = rank + 1;
  MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win_rev);
  MPI_Accumulate(&add, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_SUM, win_rev);
  MPI_Win_unlock(0, win_rev);
  MPI_Barrier(reversed);
  if (rank == 3) {
    expect(*total == 10, "accumulate in the reversed world");
  }
  MPI_Win_free(&win_rev);

  MPI_Comm_free(&reversed);
  MPI_Comm_free(&half);
  int errors = 0;
  MPI_Reduce(&g_errors, &errors, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    if (errors == 0) {
      printf("rma_comms: OK\n");
    } else {
      printf("rma_comms: %d failed checks\n", errors);
    }
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
