/* Repeated blocking messages whose communicator and datatype handles are freed and reused in between: the tracer
 * writes a repeated call's record as one repeat word when its arguments equal the last call's, so a reused handle
 * must not pass for the old one. Rank 0 sends, rank 1 receives, all through one call site (exchange()):
 *   round 1: 3 messages on "first" (a dup of MPI_COMM_WORLD) of 4 items of a 2-int contiguous type;
 *   both freed, then round 2: 3 messages on "second" (a split) of 4 items of a 3-short contiguous type, which MPICH
 *   puts under the same handles. Prints whether the handles were reused, so the test knows it tested that. */
#include <stdio.h>
#include <string.h>

#include <mpi.h>

static int exchange(int rank, MPI_Comm comm, MPI_Datatype type, char* buffer, int round) {
  int bad = 0;
  for (int i = 0; i < 3; ++i) {
    if (rank == 0) {
      memset(buffer, round * 16 + i, 64);
      MPI_Send(buffer, 4, type, 1, 7, comm);
    } else if (rank == 1) {
      memset(buffer, 0xff, 64);
      MPI_Recv(buffer, 4, type, 0, 7, comm, MPI_STATUS_IGNORE);
      int size = 0;
      MPI_Type_size(type, &size);
      for (int b = 0; b < 4 * size; ++b) {
        bad |= buffer[b] != (char)(round * 16 + i);
      }
    }
  }
  return bad;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  static char buffer[64];

  MPI_Comm first = MPI_COMM_NULL;
  MPI_Comm_dup(MPI_COMM_WORLD, &first);
  MPI_Comm_set_name(first, "first");
  MPI_Datatype pair = MPI_DATATYPE_NULL;
  MPI_Type_contiguous(2, MPI_INT, &pair);
  MPI_Type_commit(&pair);
  int bad = exchange(rank, first, pair, buffer, 1);
  const MPI_Comm first_handle = first;
  const MPI_Datatype pair_handle = pair;
  MPI_Comm_free(&first);
  MPI_Type_free(&pair);

  MPI_Comm second = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, 0, rank, &second);
  MPI_Comm_set_name(second, "second");
  MPI_Datatype triple = MPI_DATATYPE_NULL;
  MPI_Type_contiguous(3, MPI_SHORT, &triple);
  MPI_Type_commit(&triple);
  bad |= exchange(rank, second, triple, buffer, 2);
  const int reused = second == first_handle && triple == pair_handle;
  MPI_Comm_free(&second);
  MPI_Type_free(&triple);

  int any_bad = 0;
  MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("reused_handles: %s, handles %s\n", any_bad ? "CORRUPT" : "OK", reused ? "reused" : "not reused");
  }
  MPI_Finalize();
  return any_bad;
}
