// Blocking collectives: MpiCollectiveBegin before the PMPI call, MpiCollectiveEnd with operation, root and
// bytes after it. Byte counts follow Score-P's conventions so other OTF2 tools agree with ours.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"

namespace mpisight::interpose {

template <>
struct Semantics<Fn::MPI_Barrier> {
  static int call(CallScope& scope, decltype(&PMPI_Barrier) pmpi, MPI_Comm comm);
};

template <>
struct Semantics<Fn::MPI_Bcast> {
  static int call(CallScope& scope, decltype(&PMPI_Bcast) pmpi, void* buffer, int count, MPI_Datatype datatype,
                  int root, MPI_Comm comm);
};

template <>
struct Semantics<Fn::MPI_Allreduce> {
  static int call(CallScope& scope, decltype(&PMPI_Allreduce) pmpi, const void* sendbuf, void* recvbuf, int count,
                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm);
};

}  // namespace mpisight::interpose
