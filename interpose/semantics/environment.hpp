// MPI_Init, MPI_Init_thread and MPI_Finalize: where tracing learns the rank, synchronises clocks, and at the
// end writes the OTF2 archive before MPI goes away.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"

namespace mpisight::interpose {

template <>
struct Semantics<Fn::MPI_Init> {
  static int call(CallScope& scope, decltype(&PMPI_Init) pmpi, int* argc, char*** argv);
};

template <>
struct Semantics<Fn::MPI_Init_thread> {
  static int call(CallScope& scope, decltype(&PMPI_Init_thread) pmpi, int* argc, char*** argv, int required,
                  int* provided);
};

template <>
struct Semantics<Fn::MPI_Finalize> {
  static int call(CallScope& scope, decltype(&PMPI_Finalize) pmpi);
};

}  // namespace mpisight::interpose
