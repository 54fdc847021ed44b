/* Requests freed while active, and MPI_Startall given MPI_REQUEST_NULL (2 ranks). Rank 0 starts a persistent
 * send and frees it at once, and frees a nonblocking send; rank 1 receives both, then frees its persistent receive
 * (inactive by then) and a nonblocking receive still waiting for its message, which rank 0 sends afterwards.
 * Both ranks then call MPI_Startall on [send, NULL, receive] under MPI_ERRORS_RETURN and print the error class
 * MPICH returns and whether it started anything. */
#include <stdio.h>

#include <mpi.h>

static int g_late = -1; /* the freed receive's buffer must outlive it */

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int value = 40 + rank;
  int got = -1;
  if (rank == 0) {
    MPI_Request send = MPI_REQUEST_NULL;
    MPI_Send_init(&value, 1, MPI_INT, 1, 5, MPI_COMM_WORLD, &send);
    MPI_Start(&send);
    MPI_Request_free(&send); /* active */
    MPI_Request isend = MPI_REQUEST_NULL;
    MPI_Isend(&value, 1, MPI_INT, 1, 6, MPI_COMM_WORLD, &isend);
    MPI_Request_free(&isend); /* active */
  } else if (rank == 1) {
    MPI_Request receive = MPI_REQUEST_NULL;
    MPI_Recv_init(&got, 1, MPI_INT, 0, 5, MPI_COMM_WORLD, &receive);
    MPI_Start(&receive);
    MPI_Wait(&receive, MPI_STATUS_IGNORE);
    MPI_Request_free(&receive); /* inactive */
    MPI_Recv(&got, 1, MPI_INT, 0, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Request late = MPI_REQUEST_NULL;
    MPI_Irecv(&g_late, 1, MPI_INT, 0, 7, MPI_COMM_WORLD, &late);
    MPI_Request_free(&late); /* active: its message is sent after the barrier */
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    MPI_Send(&value, 1, MPI_INT, 1, 7, MPI_COMM_WORLD);
  }

  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  const int peer = 1 - rank;
  int in = -1;
  MPI_Request all[3];
  MPI_Send_init(&value, 1, MPI_INT, peer, 8, MPI_COMM_WORLD, &all[0]);
  all[1] = MPI_REQUEST_NULL;
  MPI_Recv_init(&in, 1, MPI_INT, peer, 8, MPI_COMM_WORLD, &all[2]);
  const int code = MPI_Startall(3, all);
  int error_class = MPI_SUCCESS;
  MPI_Error_class(code, &error_class);
  if (code == MPI_SUCCESS) {
    MPI_Waitall(3, all, MPI_STATUSES_IGNORE);
  }
  MPI_Request_free(&all[0]);
  MPI_Request_free(&all[2]);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    printf("request_free: startall with MPI_REQUEST_NULL: class %d%s, null entry kept: %d\n", error_class,
           error_class == MPI_ERR_REQUEST ? " (MPI_ERR_REQUEST)" : "", all[1] == MPI_REQUEST_NULL);
  }
  MPI_Finalize();
  return 0;
}
