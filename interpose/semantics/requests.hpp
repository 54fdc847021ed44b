// Completion of nonblocking operations: MpiIsendComplete and MpiIrecv when a tracked request finishes.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"

namespace mpisight::interpose {

template <>
struct Semantics<Fn::MPI_Wait> {
  static int call(CallScope& scope, decltype(&PMPI_Wait) pmpi, MPI_Request* request, MPI_Status* status);
};

template <>
struct Semantics<Fn::MPI_Waitall> {
  static int call(CallScope& scope, decltype(&PMPI_Waitall) pmpi, int count, MPI_Request array_of_requests[],
                  MPI_Status array_of_statuses[]);
};

}  // namespace mpisight::interpose
