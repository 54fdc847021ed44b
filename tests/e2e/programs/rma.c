/* Every RMA synchronisation style on MPI_COMM_WORLD (run with 4 ranks), each checking the data it moved:
 * fence epochs, post/start/complete/wait, exclusive and shared locks, lock_all with flush and a request-based
 * get, a shared-memory window (load/store + MPI_Win_sync) and a dynamic window (attach/detach). Prints
 * "rma: OK" on rank 0 when every rank saw the right values. tests/e2e/rma_family_test.cpp checks the records. */
#include <stdio.h>

#include <mpi.h>

static int errors = 0;

static void expect(int ok, const char* what, int rank) {
  if (!ok) {
    fprintf(stderr, "rank %d: %s\n", rank, what);
    ++errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int right = (rank + 1) % size;
  const int left = (rank + size - 1) % size;

  /* 1. Fence epoch on a created window of ints: put 2 ints to the right at disp 2, get 1 int from the left, put
   * 2 ints to the right through a strided target type. */
  int a[8] = {0};
  a[0] = 100 + rank;
  MPI_Win win_a;
  MPI_Win_create(a, sizeof(a), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win_a);
  int put_a[2] = {10 * rank, 10 * rank + 1};
  int got_a = -1;
  MPI_Win_fence(0, win_a);
  MPI_Put(put_a, 2, MPI_INT, right, 2, 2, MPI_INT, win_a);
  MPI_Get(&got_a, 1, MPI_INT, left, 0, 1, MPI_INT, win_a);
  /* A derived target type: every other int from disp 4 (a[4] and a[6]); its true extent is 3 ints. */
  MPI_Datatype every_other;
  MPI_Type_vector(2, 1, 2, MPI_INT, &every_other);
  MPI_Type_commit(&every_other);
  MPI_Put(put_a, 2, MPI_INT, right, 4, 1, every_other, win_a);
  MPI_Win_fence(MPI_MODE_NOSUCCEED, win_a);
  MPI_Type_free(&every_other);
  expect(a[4] == 10 * left && a[6] == 10 * left + 1, "fence put with a derived type", rank);
  expect(a[2] == 10 * left && a[3] == 10 * left + 1, "fence put", rank);
  expect(got_a == 100 + left, "fence get", rank);

  /* 2. PSCW on the same window: odd ranks accumulate into the even rank below them (rank 2 tests for the end of
   * its exposure epoch instead of waiting). */
  MPI_Group world_group;
  MPI_Comm_group(MPI_COMM_WORLD, &world_group);
  MPI_Group peer_group;
  const int peer = rank % 2 == 1 ? rank - 1 : rank + 1;
  MPI_Group_incl(world_group, 1, &peer, &peer_group);
  if (rank % 2 == 1) {
    const int add = 7;
    MPI_Win_start(peer_group, 0, win_a);
    MPI_Accumulate(&add, 1, MPI_INT, peer, 5, 1, MPI_INT, MPI_SUM, win_a);
    MPI_Win_complete(win_a);
  } else {
    MPI_Win_post(peer_group, 0, win_a);
    if (rank == 0) {
      MPI_Win_wait(win_a);
    } else {
      int done = 0;
      while (!done) {
        MPI_Win_test(win_a, &done);
      }
    }
    expect(a[5] == 7, "pscw accumulate", rank);
  }
  MPI_Group_free(&peer_group);
  MPI_Group_free(&world_group);
  MPI_Win_free(&win_a);

  /* 3. Locks on an allocated window of long longs: exclusive fetch-and-op and compare-and-swap on rank 0, then a
   * shared-lock get of the sum. */
  long long* b = NULL;
  MPI_Win win_b;
  MPI_Win_allocate(4 * sizeof(long long), sizeof(long long), MPI_INFO_NULL, MPI_COMM_WORLD, &b, &win_b);
  MPI_Win_lock(MPI_LOCK_EXCLUSIVE, rank, 0, win_b);
  b[0] = b[1] = b[2] = b[3] = 0;
  MPI_Win_unlock(rank, win_b);
  MPI_Barrier(MPI_COMM_WORLD);
  const long long one = 1;
  const long long mine = rank + 1;
  const long long zero = 0;
  long long old = -1;
  long long swapped = -1;
  MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win_b);
  MPI_Fetch_and_op(&one, &old, MPI_LONG_LONG, 0, 0, MPI_SUM, win_b);
  MPI_Compare_and_swap(&mine, &zero, &swapped, MPI_LONG_LONG, 0, 1, win_b);
  MPI_Win_unlock(0, win_b);
  expect(old >= 0 && old < size, "fetch and op", rank);
  MPI_Barrier(MPI_COMM_WORLD);
  long long sum = -1;
  MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win_b);
  MPI_Get(&sum, 1, MPI_LONG_LONG, 0, 0, 1, MPI_LONG_LONG, win_b);
  MPI_Win_unlock(0, win_b);
  expect(sum == size, "shared-lock get", rank);

  /* 4. lock_all: a put completed by flush, a request-based get completed by its wait, a request-based put tested
   * until done, then flush_all. */
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_lock_all(0, win_b);
  const long long value = 1000 + rank;
  MPI_Put(&value, 1, MPI_LONG_LONG, right, 2, 1, MPI_LONG_LONG, win_b);
  MPI_Win_flush(right, win_b);
  long long counter = -1;
  MPI_Request request;
  MPI_Rget(&counter, 1, MPI_LONG_LONG, 0, 0, 1, MPI_LONG_LONG, win_b, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  const long long tested = 2000 + rank;
  MPI_Rput(&tested, 1, MPI_LONG_LONG, right, 3, 1, MPI_LONG_LONG, win_b, &request);
  int done = 0;
  while (!done) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  }
  MPI_Win_flush_all(win_b);
  MPI_Win_unlock_all(win_b);
  expect(counter == size, "request-based get", rank);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win_b);
  expect(b[2] == 1000 + left, "lock_all put", rank);
  expect(b[3] == 2000 + left, "request-based put", rank);
  MPI_Win_unlock(rank, win_b);
  MPI_Win_free(&win_b);

  /* 5. Shared memory: each rank stores into its right neighbour's segment. */
  int* mine_shared = NULL;
  MPI_Win win_s;
  MPI_Win_allocate_shared(4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &mine_shared, &win_s);
  MPI_Aint right_size = 0;
  int right_unit = 0;
  int* right_shared = NULL;
  MPI_Win_shared_query(win_s, right, &right_size, &right_unit, &right_shared);
  MPI_Win_lock_all(0, win_s);
  right_shared[0] = 500 + rank;
  MPI_Win_sync(win_s);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_sync(win_s);
  expect(mine_shared[0] == 500 + left, "shared store", rank);
  MPI_Win_unlock_all(win_s);
  MPI_Win_free(&win_s);

  /* 6. Dynamic window: attach a buffer, publish its address, put into the right neighbour's second int. */
  int dyn[4] = {0};
  MPI_Win win_d;
  MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &win_d);
  MPI_Win_attach(win_d, dyn, sizeof(dyn));
  MPI_Aint base = 0;
  MPI_Get_address(dyn, &base);
  MPI_Aint bases[64];
  MPI_Allgather(&base, 1, MPI_AINT, bases, 1, MPI_AINT, MPI_COMM_WORLD);
  MPI_Win_lock_all(0, win_d);
  const int dyn_value = 900 + rank;
  MPI_Put(&dyn_value, 1, MPI_INT, right, MPI_Aint_add(bases[right], sizeof(int)), 1, MPI_INT, win_d);
  MPI_Win_flush(right, win_d);
  MPI_Win_unlock_all(win_d);
  MPI_Barrier(MPI_COMM_WORLD);
  expect(dyn[1] == 900 + left, "dynamic put", rank);
  MPI_Win_detach(win_d, dyn);
  MPI_Win_free(&win_d);

  int all_errors = 0;
  MPI_Allreduce(&errors, &all_errors, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(all_errors == 0 ? "rma: OK\n" : "rma: %d errors\n", all_errors);
  }
  MPI_Finalize();
  return all_errors == 0 ? 0 : 1;
}
