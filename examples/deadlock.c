/* Test subject with a deliberate BUG (head-to-head receive deadlock): ranks 0 and 1 make a few correct exchanges
 * (argv[1], default 2; rank 0 sends first, rank 1 receives first), then both call MPI_Recv from each other first,
 * so neither ever reaches its MPI_Send. All other ranks wait in MPI_Barrier, which can never complete. The program
 * hangs forever; tests run it under a timeout. Rank 0 prints each correct exchange before the hang. */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

enum { kLength = 4, kMaxExchanges = 1000 };

static int payload(int sender, int round, int j) {
  return sender * 10000 + round * 10 + j;
}

static void fill(int* data, int sender, int round) {
  for (int j = 0; j < kLength; ++j) {
    data[j] = payload(sender, round, j);
  }
}

/* Returns 1 and reports if `data` is not what `sender` sent in `round`. */
static int is_wrong(const int* data, int sender, int round, int rank) {
  for (int j = 0; j < kLength; ++j) {
    if (data[j] != payload(sender, round, j)) {
      fprintf(stderr, "deadlock: rank %d round %d: element %d is %d, expected %d\n", rank, round, j, data[j],
              payload(sender, round, j));
      return 1;
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  long good_rounds = 2;
  if (argc > 1) {
    char* end = NULL;
    good_rounds = strtol(argv[1], &end, 10);
    if (*end != '\0' || good_rounds < 0 || good_rounds > kMaxExchanges) {
      good_rounds = -1;
    }
  }
  if (good_rounds < 0 || size < 2) {
    if (rank == 0) {
      fprintf(stderr, "usage: deadlock [correct exchanges 0..%d]; needs >= 2 ranks\n", kMaxExchanges);
    }
    MPI_Finalize();
    return 2;
  }

  int errors = 0;
  if (rank <= 1) {
    const int peer = 1 - rank;
    int outgoing[kLength];
    int incoming[kLength];
    for (int round = 0; round < good_rounds; ++round) {
      fill(outgoing, rank, round);
      if (rank == 0) {
        MPI_Send(outgoing, kLength, MPI_INT, peer, round, MPI_COMM_WORLD);
        MPI_Recv(incoming, kLength, MPI_INT, peer, round, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(incoming, kLength, MPI_INT, peer, round, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(outgoing, kLength, MPI_INT, peer, round, MPI_COMM_WORLD);
      }
      errors += is_wrong(incoming, peer, round, rank);
      if (rank == 0) {
        printf("deadlock: exchange %d ok\n", round);
        fflush(stdout);
      }
    }
    if (rank == 0) {
      printf("deadlock: ranks 0 and 1 now both receive first\n");
      fflush(stdout);
    }
    const int round = (int)good_rounds;
    fill(outgoing, rank, round);
    MPI_Recv(incoming, kLength, MPI_INT, peer, round, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* BUG: both receive first */
    MPI_Send(outgoing, kLength, MPI_INT, peer, round, MPI_COMM_WORLD);
    errors += is_wrong(incoming, peer, round, rank);
  }
  MPI_Barrier(MPI_COMM_WORLD);

  if (rank == 0) {
    printf("deadlock: finished (unreachable)\n");
  }
  MPI_Finalize();
  return errors == 0 ? 0 : 1;
}
