/* The buffers of tests/e2e/programs/neighbors.c, shared with neighborhood_test.cpp: the test knows where each
 * buffer lies relative to the others, so it can check the recorded absolute ranges without the program printing
 * addresses (which would differ between the native and the traced run). */
#ifndef MPISIGHT_TESTS_NEIGHBORS_LAYOUT_H
#define MPISIGHT_TESTS_NEIGHBORS_LAYOUT_H

struct NeighborsLayout {
  int send[4];
  int recv[8];
  int one[2];
  int got[2];
  int token;
  int tokens[2];
};

#endif
