/* MPI-IO on one shared file (path in argv[1]; run with 4 ranks), every access style once, each checking the data
 * it read: explicit offsets, the individual pointer after a seek, the shared pointer (write_shared, write_ordered),
 * collective writes and reads, nonblocking ones with their wait, and split collectives; sync-barrier-sync between
 * writing and reading; rank 0 deletes the file at the end. The program makes no point-to-point call, so any
 * p2p record in its trace would be ROMIO's. Prints "io: OK" on rank 0. tests/e2e/io_family_test.cpp checks it. */
#include <stdio.h>

#include <mpi.h>

static int errors = 0;

static void expect(int ok, const char* what, int rank) {
  if (!ok) {
    fprintf(stderr, "rank %d: %s\n", rank, what);
    ++errors;
  }
}

static void fill(int* block, int base) {
  for (int i = 0; i < 4; ++i) {
    block[i] = base + i;
  }
}

static int same(const int* block, int base) {
  for (int i = 0; i < 4; ++i) {
    if (block[i] != base + i) {
      return 0;
    }
  }
  return 1;
}

static void sync_all(MPI_File fh) {
  MPI_File_sync(fh);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_File_sync(fh);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc < 2) {
    fprintf(stderr, "usage: io FILE\n");
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  const int next = (rank + 1) % size;
  const MPI_Offset block = 4 * sizeof(int);
  MPI_File fh;
  MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh);

  /* Explicit offsets: each rank writes its block at rank * 16 and reads its neighbour's. */
  int out[4];
  int in[4];
  fill(out, 10 * rank);
  MPI_File_write_at(fh, rank * block, out, 4, MPI_INT, MPI_STATUS_IGNORE);
  sync_all(fh);
  MPI_Status status;
  MPI_File_read_at(fh, next * block, in, 4, MPI_INT, &status);
  expect(same(in, 10 * next), "read_at", rank);

  /* Individual pointer: seek to 64 + rank * 16, write there. */
  fill(out, 100 + 10 * rank);
  MPI_File_seek(fh, 64 + rank * block, MPI_SEEK_SET);
  MPI_File_write(fh, out, 4, MPI_INT, MPI_STATUS_IGNORE);

  /* Shared pointer: move it to 256; rank 0 writes one int there, then every rank one int in rank order. */
  MPI_File_seek_shared(fh, 256, MPI_SEEK_SET);
  if (rank == 0) {
    const int marker = 99;
    MPI_File_write_shared(fh, &marker, 1, MPI_INT, MPI_STATUS_IGNORE);
  }
  MPI_File_write_ordered(fh, &rank, 1, MPI_INT, MPI_STATUS_IGNORE);

  /* Collective, nonblocking and split-collective writes. */
  fill(out, 200 + 10 * rank);
  MPI_File_write_at_all(fh, 128 + rank * block, out, 4, MPI_INT, MPI_STATUS_IGNORE);
  int out_nb[4];
  fill(out_nb, 300 + 10 * rank);
  MPI_Request request;
  MPI_File_iwrite_at(fh, 320 + rank * block, out_nb, 4, MPI_INT, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  int out_split[4];
  fill(out_split, 400 + 10 * rank);
  MPI_File_write_at_all_begin(fh, 400 + rank * block, out_split, 4, MPI_INT);
  MPI_File_write_at_all_end(fh, out_split, MPI_STATUS_IGNORE);
  sync_all(fh);

  /* Read back: nonblocking, split collective, and the ordered ints with a collective read. */
  MPI_File_iread_at(fh, 320 + next * block, in, 4, MPI_INT, &request);
  MPI_Wait(&request, &status);
  expect(same(in, 300 + 10 * next), "iread_at", rank);
  MPI_File_read_at_all_begin(fh, 400 + next * block, in, 4, MPI_INT);
  MPI_File_read_at_all_end(fh, in, &status);
  expect(same(in, 400 + 10 * next), "split read", rank);
  MPI_File_read_at_all(fh, 256 + 4, in, 4, MPI_INT, &status);
  expect(in[0] == 0 && in[1] == 1 && in[2] == 2 && in[3] == 3, "ordered write", rank);
  int individual[4];
  MPI_File_read_at_all(fh, 64 + next * block, individual, 4, MPI_INT, &status);
  expect(same(individual, 100 + 10 * next), "individual-pointer write", rank);

  MPI_File_close(&fh);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    MPI_File_delete(argv[1], MPI_INFO_NULL);
  }
  int all_errors = 0;
  MPI_Allreduce(&errors, &all_errors, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(all_errors == 0 ? "io: OK\n" : "io: %d errors\n", all_errors);
  }
  MPI_Finalize();
  return all_errors == 0 ? 0 : 1;
}
