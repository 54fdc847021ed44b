/* A communicator named like markup, for the viewer's escaping test: every rank duplicates MPI_COMM_WORLD, names the
 * copy "<script>alert(1)</script>", meets on it in an MPI_Barrier and passes an int around a ring with
 * MPI_Sendrecv on it, then frees it. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm comm;
  MPI_Comm_dup(MPI_COMM_WORLD, &comm);
  MPI_Comm_set_name(comm, "<script>alert(1)</script>");
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  MPI_Barrier(comm);
  int out = rank;
  int in = -1;
  MPI_Sendrecv(&out, 1, MPI_INT, (rank + 1) % size, 3, &in, 1, MPI_INT, (rank + size - 1) % size, 3, comm,
               MPI_STATUS_IGNORE);
  MPI_Comm_free(&comm);
  const int ok = in == (rank + size - 1) % size;
  if (rank == 0) {
    printf("hostile_comm: %s\n", ok ? "OK" : "FAILED");
  }
  MPI_Finalize();
  return ok ? 0 : 1;
}
