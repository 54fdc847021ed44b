// MPI_Pcontrol: level 0 pauses recording process-wide, a positive level resumes it. The call itself is always
// recorded, so the trace shows where the program switched.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"

namespace mpisight::interpose {

template <>
struct Semantics<Fn::MPI_Pcontrol> {
  static int call(CallScope& scope, decltype(&PMPI_Pcontrol) pmpi, int level);
};

}  // namespace mpisight::interpose
