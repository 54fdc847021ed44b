/* Buggy: rank 0 sends two {int, double} structs; rank 1 receives them as one block of two {double, int} structs,
 * declared field by field in the wrong order. The byte counts agree, so MPI delivers without complaint and rank 1
 * prints garbage; mpi-analyze reports messages.type_mismatch. Run with 2 ranks. */
#include <stddef.h>
#include <stdio.h>

#include <mpi.h>

struct Sample {
  int id;
  double value;
};

struct Swapped {
  double value;
  int id;
};

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    const int lengths[2] = {1, 1};
    const MPI_Aint displs[2] = {offsetof(struct Sample, id), offsetof(struct Sample, value)};
    const MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE};
    MPI_Datatype sample;
    MPI_Type_create_struct(2, lengths, displs, types, &sample);
    MPI_Type_commit(&sample);
    struct Sample out[2] = {{1, 1.5}, {2, 2.5}};
    MPI_Send(out, 2, sample, 1, 0, MPI_COMM_WORLD);
    MPI_Type_free(&sample);
  } else if (rank == 1) {
    const int lengths[2] = {1, 1};
    const MPI_Aint displs[2] = {offsetof(struct Swapped, value), offsetof(struct Swapped, id)};
    const MPI_Datatype types[2] = {MPI_DOUBLE, MPI_INT};
    MPI_Datatype swapped;
    MPI_Type_create_struct(2, lengths, displs, types, &swapped);
    MPI_Datatype pair;
    MPI_Type_contiguous(2, swapped, &pair);
    MPI_Type_commit(&pair);
    struct Swapped in[2] = {{0.0, 0}, {0.0, 0}};
    MPI_Recv(in, 1, pair, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);  // BUG(messages.type_mismatch)
    printf("messages_struct_type_mismatch: rank 1 got ids %d and %d\n", in[0].id, in[1].id);
    MPI_Type_free(&pair);
    MPI_Type_free(&swapped);
  }
  MPI_Finalize();
  return 0;
}
