/* The memory of tests/e2e/programs/buffers.c, shared with buffers_test.cpp: the test knows where each buffer and
 * request variable lies relative to the others, so it can check the recorded absolute ranges without the
 * program printing addresses (which would differ between the native and the traced run). */
#ifndef MPISIGHT_TESTS_BUFFERS_LAYOUT_H
#define MPISIGHT_TESTS_BUFFERS_LAYOUT_H

#include <mpi.h>

struct BuffersLayout {
  double send[8];
  double recv[8];
  int ints[8];
  int sums[8];
  MPI_Request requests[4];
};

#endif
