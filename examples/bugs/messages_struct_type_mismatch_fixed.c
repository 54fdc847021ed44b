/* Correct counterpart of messages_struct_type_mismatch.c: rank 1 declares the struct in the sender's field order.
 * It still receives one block of two structs against the sender's two structs: the type maps over the whole
 * message are equal, which is all MPI asks, so mpi-analyze reports nothing. Run with 2 ranks. */
#include <stddef.h>
#include <stdio.h>

#include <mpi.h>

struct Sample {
  int id;
  double value;
};

static MPI_Datatype sample_type(void) {
  const int lengths[2] = {1, 1};
  const MPI_Aint displs[2] = {offsetof(struct Sample, id), offsetof(struct Sample, value)};
  const MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE};
  MPI_Datatype sample;
  MPI_Type_create_struct(2, lengths, displs, types, &sample);
  return sample;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Datatype sample = sample_type();
  if (rank == 0) {
    MPI_Type_commit(&sample);
    struct Sample out[2] = {{1, 1.5}, {2, 2.5}};
    MPI_Send(out, 2, sample, 1, 0, MPI_COMM_WORLD);
  } else if (rank == 1) {
    MPI_Datatype pair;
    MPI_Type_contiguous(2, sample, &pair);
    MPI_Type_commit(&pair);
    struct Sample in[2] = {{0, 0.0}, {0, 0.0}};
    MPI_Recv(in, 1, pair, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("messages_struct_type_mismatch: rank 1 got ids %d and %d\n", in[0].id, in[1].id);
    MPI_Type_free(&pair);
  }
  MPI_Type_free(&sample);
  MPI_Finalize();
  return 0;
}
