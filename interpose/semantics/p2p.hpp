// Point-to-point: MpiSend/MpiRecv for blocking calls, MpiIsend/MpiIrecvRequest for nonblocking ones
// (their completion is recorded by the request family).
#pragma once

#include <mpi.h>

#include "call_scope.hpp"

namespace mpisight::interpose {

template <>
struct Semantics<Fn::MPI_Send> {
  static int call(CallScope& scope, decltype(&PMPI_Send) pmpi, const void* buf, int count, MPI_Datatype datatype,
                  int dest, int tag, MPI_Comm comm);
};

template <>
struct Semantics<Fn::MPI_Recv> {
  static int call(CallScope& scope, decltype(&PMPI_Recv) pmpi, void* buf, int count, MPI_Datatype datatype, int source,
                  int tag, MPI_Comm comm, MPI_Status* status);
};

template <>
struct Semantics<Fn::MPI_Isend> {
  static int call(CallScope& scope, decltype(&PMPI_Isend) pmpi, const void* buf, int count, MPI_Datatype datatype,
                  int dest, int tag, MPI_Comm comm, MPI_Request* request);
};

template <>
struct Semantics<Fn::MPI_Irecv> {
  static int call(CallScope& scope, decltype(&PMPI_Irecv) pmpi, void* buf, int count, MPI_Datatype datatype, int source,
                  int tag, MPI_Comm comm, MPI_Request* request);
};

}  // namespace mpisight::interpose
