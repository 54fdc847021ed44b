/* Request-based RMA operations and nonblocking MPI-IO freed while active (2 ranks; file path in argv[1]), under
 * MPI_ERRORS_RETURN. In one lock_all epoch each rank targets its right neighbour's 4-int window with MPI_Rput
 * (disp 0), MPI_Rget (disp 1), MPI_Raccumulate (disp 2) and MPI_Rget_accumulate (disp 3) and frees each request at
 * once; MPICH 4.0.2 refuses to free RMA requests ("The supplied request was invalid (kind=12)"), and then the
 * program waits for the request instead. MPI_Win_flush_all ends the epoch. Then each rank starts MPI_File_iwrite_at
 * (2 ints at byte 8 * rank) and MPI_File_iread_at (the other rank's 2 ints) and frees both requests at once. The
 * program never learns what became of them (ROMIO in MPICH 4.0.2 performs neither), so it only checks the RMA
 * values. Rank 0 prints the error class of the first RMA free and "request_free_rma_io: OK". */
#include <stdio.h>

#include <mpi.h>

static int g_read[2] = {-1, -1}; /* the freed read's buffer must outlive its request */

/* Frees an active request; if MPI refuses, waits for it. Returns the error class of the free. */
static int free_or_wait(MPI_Request* request) {
  const int code = MPI_Request_free(request);
  if (code != MPI_SUCCESS) {
    MPI_Wait(request, MPI_STATUS_IGNORE);
  }
  int error_class = MPI_SUCCESS;
  MPI_Error_class(code, &error_class);
  return error_class;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc < 2 || size != 2) {
    fprintf(stderr, "usage: mpiexec -n 2 request_free_rma_io <file>\n");
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  const int right = (rank + 1) % size;
  const int left = (rank + size - 1) % size;
  int errors = 0;

  int* memory = NULL;
  MPI_Win win;
  MPI_Win_allocate(4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &memory, &win);
  MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
  for (int i = 0; i < 4; ++i) {
    memory[i] = rank * 10 + i;
  }
  MPI_Barrier(MPI_COMM_WORLD);
  const int put = 100 + rank;
  const int add = 1000;
  int got = -1;
  int fetched = -1;
  MPI_Request requests[4];
  MPI_Win_lock_all(0, win);
  MPI_Rput(&put, 1, MPI_INT, right, 0, 1, MPI_INT, win, &requests[0]);
  const int free_class = free_or_wait(&requests[0]);
  MPI_Rget(&got, 1, MPI_INT, right, 1, 1, MPI_INT, win, &requests[1]);
  free_or_wait(&requests[1]);
  MPI_Raccumulate(&add, 1, MPI_INT, right, 2, 1, MPI_INT, MPI_SUM, win, &requests[2]);
  free_or_wait(&requests[2]);
  MPI_Rget_accumulate(&add, 1, MPI_INT, &fetched, 1, MPI_INT, right, 3, 1, MPI_INT, MPI_SUM, win, &requests[3]);
  free_or_wait(&requests[3]);
  MPI_Win_flush_all(win);
  MPI_Win_unlock_all(win);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win);
  errors += (memory[0] != 100 + left) + (memory[2] != 1000 + rank * 10 + 2) + (memory[3] != 1000 + rank * 10 + 3);
  MPI_Win_unlock(rank, win);
  errors += (got != right * 10 + 1) + (fetched != right * 10 + 3);
  MPI_Win_free(&win);

  MPI_File file;
  MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &file);
  const int mine[2] = {rank * 2, rank * 2 + 1};
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_File_iwrite_at(file, (MPI_Offset)(8 * rank), mine, 2, MPI_INT, &request);
  errors += free_or_wait(&request) != MPI_SUCCESS;
  MPI_File_iread_at(file, (MPI_Offset)(8 * left), g_read, 2, MPI_INT, &request);
  errors += free_or_wait(&request) != MPI_SUCCESS;
  MPI_File_close(&file);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    MPI_File_delete(argv[1], MPI_INFO_NULL);
  }

  int total = 0;
  MPI_Allreduce(&errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("request_free_rma_io: freeing an RMA request: class %d\n", free_class);
    printf(total == 0 ? "request_free_rma_io: OK\n" : "request_free_rma_io: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
