/* Creates communicators by every means MPI offers (4 ranks), names each one, and on each sends one int around
 * its ring (intercommunicators: to the same rank of the other group) and sums the world ranks with
 * MPI_Allreduce. Checks every result itself; rank 0 prints "comms: OK" or the number of failed checks.
 * Two threads at once then duplicate two communicators and use the copies (MPI_THREAD_MULTIPLE). One
 * communicator, "hidden", is made inside another MPI call (an attribute copy callback): not the user's call.
 * With argument "kill", rank 1 kills itself with SIGKILL right after using its first created communicator. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <mpi.h>

static int g_errors = 0;

static void expect(int ok, const char* what, const char* comm) {
  if (!ok) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fprintf(stderr, "comms: rank %d: %s failed on %s\n", rank, what, comm);
    ++g_errors;
  }
}

/* The world rank of `rank` in `group`. */
static int world_rank_of(MPI_Group group, int rank) {
  MPI_Group world;
  MPI_Comm_group(MPI_COMM_WORLD, &world);
  int translated = MPI_UNDEFINED;
  MPI_Group_translate_ranks(group, 1, &rank, world, &translated);
  MPI_Group_free(&world);
  return translated;
}

static int world_rank_sum(MPI_Group group) {
  int size = 0;
  MPI_Group_size(group, &size);
  int sum = 0;
  for (int i = 0; i < size; ++i) {
    sum += world_rank_of(group, i);
  }
  return sum;
}

/* Names `comm`, sends its world rank to the next rank (intercommunicator: the same rank of the remote group)
 * with tag `tag` (MPI_Sendrecv) and again with tag `tag` + 100 (MPI_Isend/MPI_Irecv), and sums world ranks over it;
 * checks what arrived against the communicator's groups. */
static void exercise(MPI_Comm comm, const char* name, int tag) {
  MPI_Comm_set_name(comm, name);
  int world = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &world);
  int rank = 0;
  int size = 0;
  int inter = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  MPI_Comm_test_inter(comm, &inter);
  MPI_Group peers;
  if (inter) {
    MPI_Comm_remote_group(comm, &peers);
  } else {
    MPI_Comm_group(comm, &peers);
  }
  const int dest = inter ? rank : (rank + 1) % size;
  const int source = inter ? rank : (rank + size - 1) % size;
  int received = -1;
  MPI_Sendrecv(&world, 1, MPI_INT, dest, tag, &received, 1, MPI_INT, source, tag, comm, MPI_STATUS_IGNORE);
  expect(received == world_rank_of(peers, source), "sendrecv", name);
  MPI_Request requests[2];
  MPI_Status statuses[2];
  int again = -1;
  MPI_Irecv(&again, 1, MPI_INT, source, tag + 100, comm, &requests[0]);
  MPI_Isend(&world, 1, MPI_INT, dest, tag + 100, comm, &requests[1]);
  MPI_Waitall(2, requests, statuses);
  expect(again == world_rank_of(peers, source), "isend/irecv", name);
  int sum = -1;
  MPI_Allreduce(&world, &sum, 1, MPI_INT, MPI_SUM, comm);
  expect(sum == world_rank_sum(peers), "allreduce", name); /* intercomm: the remote group's sum */
  MPI_Group_free(&peers);
  char got[MPI_MAX_OBJECT_NAME];
  int length = 0;
  MPI_Comm_get_name(comm, got, &length);
  expect(strcmp(got, name) == 0, "get_name", name);
}

static MPI_Comm g_hidden = MPI_COMM_NULL;

/* Runs inside MPI_Comm_dup: the split it makes is MPI's business, not a call of the program. */
static int split_while_copying(MPI_Comm old, int keyval, void* extra, void* value_in, void* value_out, int* flag) {
  (void)keyval;
  (void)extra;
  MPI_Comm_split(old, 0, 0, &g_hidden);
  *(void**)value_out = value_in;
  *flag = 1;
  return MPI_SUCCESS;
}

struct ThreadJob {
  MPI_Comm parent;
  const char* name;
  int tag;
};

static void* duplicate_and_use(void* argument) {
  const struct ThreadJob* job = argument;
  MPI_Comm copy;
  MPI_Comm_dup(job->parent, &copy);
  exercise(copy, job->name, job->tag);
  MPI_Comm_free(&copy);
  return NULL;
}

/* Both threads create at once, each from its own parent, as MPI allows. */
static void create_on_two_threads(void) {
  MPI_Comm parents[2];
  MPI_Comm_dup(MPI_COMM_WORLD, &parents[0]);
  MPI_Comm_dup(MPI_COMM_WORLD, &parents[1]);
  exercise(parents[0], "thread_parent0", 26);
  exercise(parents[1], "thread_parent1", 27);
  struct ThreadJob jobs[2] = {{parents[0], "thread0", 28}, {parents[1], "thread1", 29}};
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) {
    pthread_create(&threads[i], NULL, duplicate_and_use, &jobs[i]);
  }
  for (int i = 0; i < 2; ++i) {
    pthread_join(threads[i], NULL);
  }
  MPI_Comm_free(&parents[0]);
  MPI_Comm_free(&parents[1]);
}

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size != 4) {
    if (rank == 0) {
      fprintf(stderr, "comms: needs 4 ranks\n");
    }
    MPI_Finalize();
    return 2;
  }
  const int kill_rank_1 = argc > 1 && strcmp(argv[1], "kill") == 0;
  expect(provided == MPI_THREAD_MULTIPLE, "MPI_THREAD_MULTIPLE", "MPI_COMM_WORLD");

  /* split: parity classes in reverse order of world rank: even = {2, 0}, odd = {3, 1} */
  MPI_Comm parity;
  MPI_Comm_split(MPI_COMM_WORLD, rank % 2, -rank, &parity);
  exercise(parity, rank % 2 == 0 ? "split_even" : "split_odd", 10);
  if (kill_rank_1) {
    MPI_Barrier(MPI_COMM_WORLD); /* every rank is done with its communicator, so its records are all there */
    if (rank == 1) {
      raise(SIGKILL);
    }
    MPI_Barrier(MPI_COMM_WORLD); /* never completes: rank 1 is gone */
  }

  MPI_Comm dup;
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  exercise(dup, "dup", 11);

  int keyval = MPI_KEYVAL_INVALID;
  MPI_Comm_create_keyval(split_while_copying, MPI_COMM_NULL_DELETE_FN, &keyval, NULL);
  MPI_Comm_set_attr(dup, keyval, NULL);
  MPI_Comm attr_copy;
  MPI_Comm_dup(dup, &attr_copy);
  MPI_Comm_delete_attr(dup, keyval);
  MPI_Comm_free_keyval(&keyval);
  exercise(attr_copy, "attr_copy", 32);
  exercise(g_hidden, "hidden", 33);
  MPI_Comm_free(&attr_copy);
  MPI_Comm_free(&g_hidden);

  MPI_Comm idup;
  MPI_Request request;
  MPI_Comm_idup(dup, &idup, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  exercise(idup, "idup", 12);

  /* split with MPI_UNDEFINED: rank 3 is in no communicator; {0, 1, 2} */
  MPI_Comm some;
  MPI_Comm_split(MPI_COMM_WORLD, rank == 3 ? MPI_UNDEFINED : 0, rank, &some);
  expect((rank == 3) == (some == MPI_COMM_NULL), "split undefined", "split_some");
  if (some != MPI_COMM_NULL) {
    exercise(some, "split_some", 13);
  }

  MPI_Comm shared;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &shared);
  exercise(shared, "split_shared", 14);

  /* create: the group {3, 1, 2} in that order; rank 0 gets MPI_COMM_NULL */
  MPI_Group world_group;
  MPI_Comm_group(MPI_COMM_WORLD, &world_group);
  const int created_ranks[3] = {3, 1, 2};
  MPI_Group created_group;
  MPI_Group_incl(world_group, 3, created_ranks, &created_group);
  MPI_Comm created;
  MPI_Comm_create(MPI_COMM_WORLD, created_group, &created);
  expect((rank == 0) == (created == MPI_COMM_NULL), "create", "create");
  if (created != MPI_COMM_NULL) {
    exercise(created, "create", 15);
  }

  /* MPI-4: from a group alone, no parent communicator; ranks {3, 1, 2} */
  if (rank != 0) {
    MPI_Comm from_group;
    MPI_Comm_create_from_group(created_group, "org.mpisight.comms", MPI_INFO_NULL, MPI_ERRORS_ARE_FATAL, &from_group);
    exercise(from_group, "from_group", 30);
    MPI_Comm_free(&from_group);
  }

  /* create_group: only ranks 2 and 0 (in that order) take part */
  const int pair_ranks[2] = {2, 0};
  MPI_Group pair_group;
  MPI_Group_incl(world_group, 2, pair_ranks, &pair_group);
  if (rank == 0 || rank == 2) {
    MPI_Comm pair;
    MPI_Comm_create_group(MPI_COMM_WORLD, pair_group, 7, &pair);
    exercise(pair, "create_group", 16);
    MPI_Comm_free(&pair);
  }

  /* a 2 x 2 torus and its rows: {0, 1} and {2, 3} */
  MPI_Comm cart;
  const int dims[2] = {2, 2};
  const int periods[2] = {1, 1};
  MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart);
  exercise(cart, "cart", 17);
  MPI_Comm row;
  const int keep[2] = {0, 1};
  MPI_Cart_sub(cart, keep, &row);
  exercise(row, rank < 2 ? "cart_row0" : "cart_row1", 18);

  MPI_Comm graph;
  const int index[4] = {2, 4, 6, 8};
  const int edges[8] = {1, 3, 0, 2, 1, 3, 2, 0};
  MPI_Graph_create(MPI_COMM_WORLD, 4, index, edges, 0, &graph);
  exercise(graph, "graph", 19);

  MPI_Comm dist_graph;
  const int from = (rank + 3) % 4;
  const int to = (rank + 1) % 4;
  MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 1, &from, MPI_UNWEIGHTED, 1, &to, MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                 &dist_graph);
  exercise(dist_graph, "dist_graph", 20);

  /* intercommunicator between the even {0, 2} and the odd {1, 3} ranks, then merged with the even ranks low */
  MPI_Comm local;
  MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &local);
  exercise(local, rank % 2 == 0 ? "local_even" : "local_odd", 21);
  MPI_Comm inter;
  MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, rank % 2 == 0 ? 1 : 0, 99, &inter);
  exercise(inter, "inter", 22);
  /* rooted collectives across it: world rank 0 is the root, the odd group its partners, rank 2 idle */
  const int inter_root = rank == 0 ? MPI_ROOT : (rank % 2 == 0 ? MPI_PROC_NULL : 0);
  int value = rank == 0 ? 42 : -1;
  MPI_Bcast(&value, 1, MPI_INT, inter_root, inter);
  expect(rank == 2 ? value == -1 : value == 42, "intercommunicator bcast", "inter");
  int gathered[2] = {-1, -1};
  const int counts[2] = {1, 1};
  const int displacements[2] = {0, 1};
  MPI_Gatherv(&rank, 1, MPI_INT, gathered, rank == 0 ? counts : NULL, rank == 0 ? displacements : NULL, MPI_INT,
              inter_root, inter);
  expect(rank != 0 || (gathered[0] == 1 && gathered[1] == 3), "intercommunicator gatherv", "inter");
  const int even_ranks[2] = {0, 2};
  const int odd_ranks[2] = {1, 3};
  MPI_Group even_group;
  MPI_Group odd_group;
  MPI_Group_incl(world_group, 2, even_ranks, &even_group);
  MPI_Group_incl(world_group, 2, odd_ranks, &odd_group);
  MPI_Comm inter_from_groups;
  MPI_Intercomm_create_from_groups(rank % 2 == 0 ? even_group : odd_group, 0, rank % 2 == 0 ? odd_group : even_group, 0,
                                   "org.mpisight.inter", MPI_INFO_NULL, MPI_ERRORS_ARE_FATAL, &inter_from_groups);
  exercise(inter_from_groups, "inter_from_groups", 31);
  MPI_Comm_free(&inter_from_groups);
  MPI_Group_free(&even_group);
  MPI_Group_free(&odd_group);
  MPI_Comm merged;
  MPI_Intercomm_merge(inter, rank % 2, &merged);
  exercise(merged, "merged", 23);

  /* free, then create again: MPI may reuse the handle, the trace must not reuse the id */
  MPI_Comm first;
  MPI_Comm_dup(MPI_COMM_WORLD, &first);
  exercise(first, "freed", 24);
  MPI_Comm_free(&first);
  MPI_Comm second;
  MPI_Comm_dup(MPI_COMM_WORLD, &second);
  exercise(second, "recreated", 25);

  create_on_two_threads();

  MPI_Comm* all[] = {&parity, &dup, &idup, &shared, &cart, &row, &graph, &dist_graph, &local, &inter, &merged, &second};
  for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); ++i) {
    MPI_Comm_free(all[i]);
  }
  if (some != MPI_COMM_NULL) {
    MPI_Comm_free(&some);
  }
  if (created != MPI_COMM_NULL) {
    MPI_Comm_free(&created);
  }
  MPI_Group_free(&pair_group);
  MPI_Group_free(&created_group);
  MPI_Group_free(&world_group);

  int errors = 0;
  MPI_Allreduce(&g_errors, &errors, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    if (errors == 0) {
      printf("comms: OK\n");
    } else {
      printf("comms: %d checks failed\n", errors);
    }
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
