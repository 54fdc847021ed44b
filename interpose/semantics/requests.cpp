// Completion records. Handles are read before the PMPI call because MPI overwrites completed ones with
// MPI_REQUEST_NULL; statuses the caller ignores are captured in per-thread scratch space instead.
#include "semantics/requests.hpp"

#include <algorithm>
#include <vector>

#include "semantics/mpi_values.hpp"
#include "semantics/request_table.hpp"

namespace mpisight::interpose {
namespace {

void record_completion(CallScope& scope, const RequestInfo& info, const MPI_Status& status) {
  if (info.kind == RequestKind::kIsend) {
    scope.record_at_leave(journal::MpiIsendComplete{{}, info.id});
    return;
  }
  int cancelled = 0;
  PMPI_Test_cancelled(&status, &cancelled);
  if (cancelled == 0 && status.MPI_SOURCE != MPI_PROC_NULL) {
    scope.record_at_leave(
        journal::MpiIrecv{{.arg = info.comm}, status.MPI_SOURCE, status.MPI_TAG, received_bytes(status), info.id});
  }
}

// Grows only when a call passes more requests than any before it on this thread.
struct Scratch {
  std::vector<MPI_Request> handles;
  std::vector<MPI_Status> statuses;
};
thread_local Scratch t_scratch;

}  // namespace

int Semantics<Fn::MPI_Wait>::call(CallScope& scope, decltype(&PMPI_Wait) pmpi, MPI_Request* request,
                                  MPI_Status* status) {
  const MPI_Request handle = *request;
  MPI_Status own_status;
  MPI_Status* used = status == MPI_STATUS_IGNORE ? &own_status : status;
  const int result = pmpi(request, used);
  if (result == MPI_SUCCESS && handle != MPI_REQUEST_NULL) {
    if (const auto info = requests().take(handle)) {
      record_completion(scope, *info, *used);
    }
  }
  return result;
}

int Semantics<Fn::MPI_Waitall>::call(CallScope& scope, decltype(&PMPI_Waitall) pmpi, int count,
                                     MPI_Request array_of_requests[], MPI_Status array_of_statuses[]) {
  const auto n = static_cast<std::size_t>(count > 0 ? count : 0);
  Scratch& scratch = t_scratch;
  if (scratch.handles.size() < n) {
    scratch.handles.resize(n);
    scratch.statuses.resize(n);
  }
  std::copy_n(array_of_requests, n, scratch.handles.begin());
  MPI_Status* statuses = array_of_statuses == MPI_STATUSES_IGNORE ? scratch.statuses.data() : array_of_statuses;
  const int result = pmpi(count, array_of_requests, statuses);
  if (result == MPI_SUCCESS || result == MPI_ERR_IN_STATUS) {
    for (std::size_t i = 0; i < n; ++i) {
      const MPI_Request handle = scratch.handles[i];
      const bool completed = result == MPI_SUCCESS || statuses[i].MPI_ERROR == MPI_SUCCESS;
      if (handle == MPI_REQUEST_NULL || !completed) {
        continue;
      }
      if (const auto info = requests().take(handle)) {
        record_completion(scope, *info, statuses[i]);
      }
    }
  }
  return result;
}

}  // namespace mpisight::interpose
