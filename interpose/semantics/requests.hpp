// Completion of nonblocking and persistent operations: every Wait and Test variant records MpiIsendComplete,
// MpiIrecv, NonBlockingCollectiveComplete or MpiRequestCancelled when a tracked request finishes, and MpiRequestTest
// when a test (or MPI_Request_get_status) finds it still pending. A completed persistent request stays known,
// inactive, until MPI_Request_free; waiting on (or testing) an inactive one records no completion, but the call's
// Leave carries that request's handle (schema kRequestHandle; the first one, for the array forms).
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

template <>
struct Semantics<Fn::MPI_Waitany> {
  static int call(CallScope& scope, decltype(&PMPI_Waitany) pmpi, int count, MPI_Request array_of_requests[],
                  int* index, MPI_Status* status);
};

template <>
struct Semantics<Fn::MPI_Waitsome> {
  static int call(CallScope& scope, decltype(&PMPI_Waitsome) pmpi, int incount, MPI_Request array_of_requests[],
                  int* outcount, int array_of_indices[], MPI_Status array_of_statuses[]);
};

template <>
struct Semantics<Fn::MPI_Test> {
  static int call(CallScope& scope, decltype(&PMPI_Test) pmpi, MPI_Request* request, int* flag, MPI_Status* status);
};

template <>
struct Semantics<Fn::MPI_Testall> {
  static int call(CallScope& scope, decltype(&PMPI_Testall) pmpi, int count, MPI_Request array_of_requests[], int* flag,
                  MPI_Status array_of_statuses[]);
};

template <>
struct Semantics<Fn::MPI_Testany> {
  static int call(CallScope& scope, decltype(&PMPI_Testany) pmpi, int count, MPI_Request array_of_requests[],
                  int* index, int* flag, MPI_Status* status);
};

template <>
struct Semantics<Fn::MPI_Testsome> {
  static int call(CallScope& scope, decltype(&PMPI_Testsome) pmpi, int incount, MPI_Request array_of_requests[],
                  int* outcount, int array_of_indices[], MPI_Status array_of_statuses[]);
};

// Like a test that does not complete the request: MpiRequestTest while pending, nothing once it is complete (the
// completion is recorded by the Wait/Test that follows).
template <>
struct Semantics<Fn::MPI_Request_get_status> {
  static int call(CallScope& scope, decltype(&PMPI_Request_get_status) pmpi, MPI_Request request, int* flag,
                  MPI_Status* status);
};

// A freed request (persistent ones too, even while active) completes unobserved: forget it, so its handle can be reused
// by another request. The Leave carries the freed request's handle (schema kRequestHandle).
template <>
struct Semantics<Fn::MPI_Request_free> {
  static int call(CallScope& scope, decltype(&PMPI_Request_free) pmpi, MPI_Request* request);
};

}  // namespace mpisight::interpose
