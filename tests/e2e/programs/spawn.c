/* MPI_Comm_spawn of one child from 2 ranks (root 0) under MPI_ERRORS_RETURN. Rank 0 prints the error class of the
 * call and of the child's entry in array_of_errcodes; a spawned child (started with argument "child") only
 * disconnects from its parent. MPICH 4.0.2 with ch4:ucx refuses the spawn: its root cannot open the port the
 * child would connect to. */
#include <stdio.h>
#include <string.h>

#include <mpi.h>

static int error_class(int code) {
  int result = MPI_SUCCESS;
  MPI_Error_class(code, &result);
  return result;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm parent = MPI_COMM_NULL;
  MPI_Comm_get_parent(&parent);
  if (parent != MPI_COMM_NULL) {
    MPI_Comm_disconnect(&parent);
    MPI_Finalize();
    return 0;
  }
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  static char child_arg[] = "child";
  char* child_argv[] = {child_arg, NULL};
  int errcodes[1] = {MPI_SUCCESS};
  MPI_Comm children = MPI_COMM_NULL;
  const int code = MPI_Comm_spawn(argv[0], child_argv, 1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &children, errcodes);
  if (code == MPI_SUCCESS) {
    MPI_Comm_disconnect(&children);
  }
  if (rank == 0) {
    printf("spawn: class %d, child class %d, intercommunicator %s\n", error_class(code), error_class(errcodes[0]),
           children == MPI_COMM_NULL ? "null" : "made");
  }
  MPI_Finalize();
  return 0;
}
