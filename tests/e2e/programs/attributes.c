/* Every MPI call sits on its own line marked "site:", so tests/e2e/attributes_test.cpp can check that each call
 * site resolves to exactly that line. Exercises the extra attributes: derived type signatures (4 x MPI_INT
 * against 1 x contiguous(4, MPI_INT), a struct), wildcard receives, request handles, reduction ops (MPI_SUM and
 * a user op). With "crash", rank 1 is killed after the reductions so the trace must be recovered. */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

struct Pair {
  int i;
  double d;
};

static void max_op(void* in, void* inout, int* len, MPI_Datatype* type) {
  (void)type;
  for (int k = 0; k < *len; ++k) {
    if (((int*)in)[k] > ((int*)inout)[k]) {
      ((int*)inout)[k] = ((int*)in)[k];
    }
  }
}

int main(int argc, char** argv) {
  const int crash = argc > 1 && strcmp(argv[1], "crash") == 0;
  MPI_Init(&argc, &argv); /* site: init */
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank); /* site: rank */
  MPI_Comm_size(MPI_COMM_WORLD, &size); /* site: size */

  MPI_Datatype four_ints;
  MPI_Datatype pair_type;
  MPI_Type_contiguous(4, MPI_INT, &four_ints); /* site: contiguous */
  MPI_Type_commit(&four_ints);                 /* site: commit */
  int blocklengths[2] = {1, 1};
  MPI_Aint displacements[2] = {offsetof(struct Pair, i), offsetof(struct Pair, d)};
  MPI_Datatype members[2] = {MPI_INT, MPI_DOUBLE};
  MPI_Type_create_struct(2, blocklengths, displacements, members, &pair_type); /* site: struct */
  MPI_Type_commit(&pair_type);                                                 /* site: commit */

  int data[4] = {1, 2, 3, 4};
  struct Pair pair = {7, 2.5};
  MPI_Request request;
  if (rank == 0) {
    MPI_Send(data, 4, MPI_INT, 1, 10, MPI_COMM_WORLD);            /* site: send_ints */
    MPI_Send(&pair, 1, pair_type, 1, 11, MPI_COMM_WORLD);         /* site: send_pair */
    MPI_Isend(data, 2, MPI_INT, 1, 12, MPI_COMM_WORLD, &request); /* site: isend */
    MPI_Wait(&request, MPI_STATUS_IGNORE);                        /* site: wait */
  } else if (rank == 1) {
    MPI_Recv(data, 1, four_ints, MPI_ANY_SOURCE, 10, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* site: recv */
    MPI_Recv(&pair, 1, pair_type, 0, MPI_ANY_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);    /* site: recv */
    MPI_Irecv(data, 2, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &request);  /* site: irecv */
    MPI_Wait(&request, MPI_STATUS_IGNORE);                                               /* site: wait */
  }

  int value = rank + 1;
  int sum = 0;
  int max = 0;
  MPI_Op user_max;
  MPI_Allreduce(&value, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);  /* site: allreduce */
  MPI_Op_create(max_op, 1, &user_max);                               /* site: op_create */
  MPI_Allreduce(&value, &max, 1, MPI_INT, user_max, MPI_COMM_WORLD); /* site: allreduce */
  if (crash) {
    MPI_Barrier(MPI_COMM_WORLD); /* site: barrier */
    if (rank == 1) {
      sleep(2); /* lets the others enter the second barrier first, so each rank's last call is known */
      raise(SIGKILL);
    }
    MPI_Barrier(MPI_COMM_WORLD); /* site: barrier */
  }
  MPI_Op_free(&user_max);    /* site: op_free */
  MPI_Type_free(&four_ints); /* site: type_free */
  MPI_Type_free(&pair_type); /* site: type_free */
  if (rank == 0) {
    printf("attributes: sum %d max %d pair %d %.1f\n", sum, max, pair.i, pair.d);
  }
  MPI_Finalize(); /* site: finalize */
  return 0;
}
