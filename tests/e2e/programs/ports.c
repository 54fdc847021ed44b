/* Two groups of one job (world ranks 0-1 and 2-3) try to meet through a port: rank 0 opens it, the name goes to
 * everyone over MPI_COMM_WORLD, the first group accepts and the second connects. Under MPI_ERRORS_RETURN; rank 0
 * prints each rank's error classes, and, if a connection was made, the sum of world ranks over it. */
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
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  const int accepting = rank < size / 2;
  MPI_Comm group = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, accepting, rank, &group);
  MPI_Comm_set_errhandler(group, MPI_ERRORS_RETURN);

  char port[MPI_MAX_PORT_NAME];
  memset(port, 0, sizeof(port));
  int classes[3] = {MPI_SUCCESS, MPI_SUCCESS, MPI_SUCCESS}; /* open, accept or connect, sum */
  if (rank == 0) {
    classes[0] = error_class(MPI_Open_port(MPI_INFO_NULL, port));
  }
  MPI_Bcast(port, MPI_MAX_PORT_NAME, MPI_CHAR, 0, MPI_COMM_WORLD);
  MPI_Comm inter = MPI_COMM_NULL;
  const int code = accepting ? MPI_Comm_accept(port, MPI_INFO_NULL, 0, group, &inter)
                             : MPI_Comm_connect(port, MPI_INFO_NULL, 0, group, &inter);
  classes[1] = error_class(code);
  int sum = -1;
  if (code == MPI_SUCCESS) {
    MPI_Comm_set_name(inter, "port_inter");
    classes[2] = error_class(MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, inter));
    MPI_Comm_disconnect(&inter);
  }
  if (rank == 0 && classes[0] == MPI_SUCCESS) {
    MPI_Close_port(port);
  }
  int all[3 * 64] = {0};
  MPI_Gather(classes, 3, MPI_INT, all, 3, MPI_INT, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    for (int r = 0; r < size && r < 64; ++r) {
      printf("ports: rank %d: open %d, %s %d, allreduce %d\n", r, all[3 * r], r < size / 2 ? "accept" : "connect",
             all[3 * r + 1], all[3 * r + 2]);
    }
    printf("ports: %s, sum over the intercommunicator %d\n", all[1] == MPI_SUCCESS ? "connected" : "not connected",
           sum);
  }
  MPI_Comm_free(&group);
  MPI_Finalize();
  return 0;
}
