// Completion records. Handles are copied before the PMPI call because MPI overwrites completed ones with
// MPI_REQUEST_NULL; statuses the caller ignores are captured in per-thread scratch space instead.
#include "semantics/requests.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "schema/attributes.hpp"
#include "semantics/buffer_range.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/request_table.hpp"
#include "semantics/truncation.hpp"

namespace mpisight::interpose {
namespace {

// The first inactive persistent request a Wait or Test was handed, for its Leave.
class InactiveSeen {
 public:
  void note(MPI_Request handle) noexcept {
    if (!seen_) {
      seen_ = true;
      handle_ = handle;
    }
  }
  // Call last before the Leave: the attribute belongs to the next record.
  void attach(CallScope& scope) const noexcept {
    if (seen_) {
      scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(handle_));
    }
  }

 private:
  bool seen_ = false;
  MPI_Request handle_ = MPI_REQUEST_NULL;
};

// `handle` was in the program's variable `variable` before the call. `status_error` is the status's MPI_ERROR when
// the call reported MPI_ERR_IN_STATUS, else MPI_SUCCESS.
void record_completion(CallScope& scope, MPI_Request handle, const MPI_Request* variable, const MPI_Status& status,
                       int status_error = MPI_SUCCESS, InactiveSeen* inactive = nullptr) {
  if (handle == MPI_REQUEST_NULL) {
    return;
  }
  const auto info = requests().complete(handle, request_slot(variable));
  if (!info) {
    // Untracked, or a persistent request that was not active: MPI returns an empty status.
    if (inactive != nullptr && requests().is_inactive(handle)) {
      inactive->note(handle);
    }
    return;
  }
  const bool failed = status_error != MPI_SUCCESS;
  const bool rma = info->kind == RequestKind::kRmaOp;
  if (failed && (info->kind == RequestKind::kIsend || rma || status.MPI_SOURCE >= 0)) {
    scope.attach_at_leave(schema::Attribute::kStatusError, static_cast<std::uint64_t>(std::int64_t{status_error}));
  }
  if (rma) {
    scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(handle));
    scope.record_at_leave(journal::RmaOpCompleteNonBlocking{{}, info->object, info->id});
    return;
  }
  int cancelled = 0;
  if (!failed) {
    PMPI_Test_cancelled(&status, &cancelled);
  }
  if (info->kind == RequestKind::kIoOp) {
    if (cancelled == 0) {
      scope.record_at_leave(journal::IoOperationComplete{{}, info->object, info->id, received_bytes(status)});
    }
    return;
  }
  if (cancelled != 0) {
    const std::uint64_t value = request_handle_value(handle);
    if (info->id != 0) {
      scope.record_at_leave(journal::MpiRequestCancelled{{}, info->id, value});
    }
    if (info->receive_id != 0) {
      scope.record_at_leave(journal::MpiRequestCancelled{{}, info->receive_id, value});
    }
    return;
  }
  const std::uint64_t value = request_handle_value(handle);
  switch (info->kind) {
    case RequestKind::kIsend: scope.record_at_leave(journal::MpiIsendComplete{{}, info->id, value}); break;
    case RequestKind::kIrecv:
      if (status.MPI_SOURCE != MPI_PROC_NULL && (!failed || status.MPI_SOURCE >= 0)) {
        const std::uint64_t bytes = received_bytes(status);
        scope.record_at_leave(journal::MpiIrecv{{.arg = info->comm},
                                                status.MPI_SOURCE,
                                                status.MPI_TAG,
                                                bytes,
                                                info->id,
                                                info->type.signature,
                                                received_elements(bytes, info->type),
                                                value});
      }
      break;
    case RequestKind::kSendReceive: {
      if (info->id != 0) {
        scope.record_at_leave(journal::MpiIsendComplete{{}, info->id, value});
      }
      // MPICH 4.0.2 completes MPI_Isendrecv with an empty status, so the receive is recorded as it was asked for:
      // its source and tag (the status's only where the request had wildcards) and its buffer's size.
      if (info->receive_id != 0) {
        const std::int32_t source = info->peer == MPI_ANY_SOURCE ? status.MPI_SOURCE : info->peer;
        const std::int32_t tag = info->tag == MPI_ANY_TAG ? status.MPI_TAG : info->tag;
        scope.record_at_leave(journal::MpiIrecv{{.arg = info->comm},
                                                source,
                                                tag,
                                                info->bytes,
                                                info->receive_id,
                                                info->type.signature,
                                                received_elements(info->bytes, info->type),
                                                value});
      }
      break;
    }
    case RequestKind::kCollective:
      scope.record_at_leave(journal::NonBlockingCollectiveComplete{{.arg = info->comm},
                                                                   info->op,
                                                                   {},
                                                                   info->peer,
                                                                   info->bytes,
                                                                   info->bytes_received,
                                                                   info->id,
                                                                   info->reduction_op,
                                                                   0,
                                                                   info->send_signature,
                                                                   info->send_elements,
                                                                   info->recv_signature,
                                                                   info->recv_elements,
                                                                   value});
      break;
    case RequestKind::kMessage:
    case RequestKind::kRmaOp:
    case RequestKind::kIoOp: break;  // RMA and I/O completions are handled above
  }
}

void record_still_pending(CallScope& scope, MPI_Request handle) {
  if (handle == MPI_REQUEST_NULL) {
    return;
  }
  if (const auto info = requests().find(handle)) {
    switch (info->kind) {
      case RequestKind::kRmaOp:
        scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(handle));
        scope.record_at_leave(journal::RmaOpTest{{}, info->object, info->id});
        break;
      case RequestKind::kIoOp: scope.record_at_leave(journal::IoOperationTest{{}, info->object, info->id}); break;
      default: {
        const std::uint64_t value = request_handle_value(handle);
        if (info->id != 0) {
          scope.record_at_leave(journal::MpiRequestTest{{}, info->id, value});
        }
        if (info->receive_id != 0) {
          scope.record_at_leave(journal::MpiRequestTest{{}, info->receive_id, value});
        }
        break;
      }
    }
  }
}

// Grows only when a call passes more requests than any before it on this thread.
struct Scratch {
  std::vector<MPI_Request> handles;
  std::vector<MPI_Status> statuses;
  std::vector<char> completed;
};
thread_local Scratch t_scratch;

// The handles as they were before the call, and a status array to use (the caller's, or scratch).
struct Saved {
  const MPI_Request* handles;
  MPI_Status* statuses;
};

Saved save(int count, const MPI_Request* requests, MPI_Status* statuses) {
  const auto n = static_cast<std::size_t>(std::max(count, 0));
  Scratch& scratch = t_scratch;
  if (scratch.handles.size() < n) {
    scratch.handles.resize(n);
    scratch.statuses.resize(n);
    scratch.completed.resize(n);
  }
  std::copy_n(requests, n, scratch.handles.begin());
  return {scratch.handles.data(), statuses == MPI_STATUSES_IGNORE ? scratch.statuses.data() : statuses};
}

// Whether the request behind `status` completed: with MPI_ERR_IN_STATUS, those still pending say MPI_ERR_PENDING.
bool has_completed(int result, const MPI_Status& status) {
  return result == MPI_SUCCESS || (result == MPI_ERR_IN_STATUS && status.MPI_ERROR != MPI_ERR_PENDING);
}

// MPI_Wait of a receive MPI cut short: attaches its buffer's capacity and returns the status to record (the
// completion attaches the error).
std::optional<MPI_Status> truncated_receive(CallScope& scope, MPI_Request handle, int result,
                                            const MPI_Status& status) {
  const std::optional<RequestInfo> info = requests().find(handle);
  if (!info || info->kind != RequestKind::kIrecv || !is_truncation(result)) {
    return std::nullopt;
  }
  attach_capacity(scope, info->bytes);
  return truncated_status(status, info->bytes);
}

int status_error(int result, const MPI_Status& status) {
  return result == MPI_ERR_IN_STATUS ? status.MPI_ERROR : MPI_SUCCESS;
}

// After Waitsome/Testsome: the listed requests completed, the other tracked ones were tested and are pending.
void record_some(CallScope& scope, int result, int incount, const MPI_Request* variables, const Saved& saved,
                 int outcount, const int* indices, bool record_pending) {
  if ((result != MPI_SUCCESS && result != MPI_ERR_IN_STATUS) || outcount == MPI_UNDEFINED) {
    return;
  }
  std::vector<char>& completed = t_scratch.completed;
  std::fill_n(completed.begin(), incount, 0);
  for (int k = 0; k < outcount; ++k) {
    const auto i = static_cast<std::size_t>(indices[k]);
    completed[i] = 1;
    if (has_completed(result, saved.statuses[k])) {
      record_completion(scope, saved.handles[i], &variables[i], saved.statuses[k],
                        status_error(result, saved.statuses[k]));
    }
  }
  if (record_pending) {
    for (int i = 0; i < incount; ++i) {
      if (completed[static_cast<std::size_t>(i)] == 0) {
        record_still_pending(scope, saved.handles[i]);
      }
    }
  }
}

}  // namespace

int Semantics<Fn::MPI_Wait>::call(CallScope& scope, decltype(&PMPI_Wait) pmpi, MPI_Request* request,
                                  MPI_Status* status) {
  const MPI_Request handle = *request;
  MPI_Status own_status;
  MPI_Status* used = status == MPI_STATUS_IGNORE ? &own_status : status;
  const int result = pmpi(request, used);
  if (result == MPI_SUCCESS) {
    InactiveSeen inactive;
    record_completion(scope, handle, request, *used, MPI_SUCCESS, &inactive);
    inactive.attach(scope);
  } else if (const auto cut = truncated_receive(scope, handle, result, *used)) {
    record_completion(scope, handle, request, *cut, result);
  }
  return result;
}

int Semantics<Fn::MPI_Waitall>::call(CallScope& scope, decltype(&PMPI_Waitall) pmpi, int count,
                                     MPI_Request array_of_requests[], MPI_Status array_of_statuses[]) {
  const Saved saved = save(count, array_of_requests, array_of_statuses);
  const int result = pmpi(count, array_of_requests, saved.statuses);
  if (result == MPI_SUCCESS || result == MPI_ERR_IN_STATUS) {
    InactiveSeen inactive;
    for (int i = 0; i < count; ++i) {
      if (has_completed(result, saved.statuses[i])) {
        record_completion(scope, saved.handles[i], &array_of_requests[i], saved.statuses[i],
                          status_error(result, saved.statuses[i]), &inactive);
      }
    }
    inactive.attach(scope);
  }
  return result;
}

int Semantics<Fn::MPI_Waitany>::call(CallScope& scope, decltype(&PMPI_Waitany) pmpi, int count,
                                     MPI_Request array_of_requests[], int* index, MPI_Status* status) {
  const Saved saved = save(count, array_of_requests, MPI_STATUSES_IGNORE);
  MPI_Status* used = status == MPI_STATUS_IGNORE ? saved.statuses : status;
  const int result = pmpi(count, array_of_requests, index, used);
  if (result == MPI_SUCCESS && *index != MPI_UNDEFINED) {
    record_completion(scope, saved.handles[*index], &array_of_requests[*index], *used);
  }
  return result;
}

int Semantics<Fn::MPI_Waitsome>::call(CallScope& scope, decltype(&PMPI_Waitsome) pmpi, int incount,
                                      MPI_Request array_of_requests[], int* outcount, int array_of_indices[],
                                      MPI_Status array_of_statuses[]) {
  const Saved saved = save(incount, array_of_requests, array_of_statuses);
  const int result = pmpi(incount, array_of_requests, outcount, array_of_indices, saved.statuses);
  record_some(scope, result, incount, array_of_requests, saved, *outcount, array_of_indices, false);
  return result;
}

int Semantics<Fn::MPI_Test>::call(CallScope& scope, decltype(&PMPI_Test) pmpi, MPI_Request* request, int* flag,
                                  MPI_Status* status) {
  const MPI_Request handle = *request;
  MPI_Status own_status;
  MPI_Status* used = status == MPI_STATUS_IGNORE ? &own_status : status;
  const int result = pmpi(request, flag, used);
  if (result == MPI_SUCCESS) {
    if (*flag != 0) {
      InactiveSeen inactive;
      record_completion(scope, handle, request, *used, MPI_SUCCESS, &inactive);
      inactive.attach(scope);
    } else {
      record_still_pending(scope, handle);
    }
  }
  return result;
}

int Semantics<Fn::MPI_Testall>::call(CallScope& scope, decltype(&PMPI_Testall) pmpi, int count,
                                     MPI_Request array_of_requests[], int* flag, MPI_Status array_of_statuses[]) {
  const Saved saved = save(count, array_of_requests, array_of_statuses);
  const int result = pmpi(count, array_of_requests, flag, saved.statuses);
  if (result != MPI_SUCCESS && result != MPI_ERR_IN_STATUS) {
    return result;
  }
  for (int i = 0; i < count; ++i) {
    if (*flag == 0) {
      record_still_pending(scope, saved.handles[i]);  // all-or-nothing: none completed
    } else if (has_completed(result, saved.statuses[i])) {
      record_completion(scope, saved.handles[i], &array_of_requests[i], saved.statuses[i],
                        status_error(result, saved.statuses[i]));
    }
  }
  return result;
}

int Semantics<Fn::MPI_Testany>::call(CallScope& scope, decltype(&PMPI_Testany) pmpi, int count,
                                     MPI_Request array_of_requests[], int* index, int* flag, MPI_Status* status) {
  const Saved saved = save(count, array_of_requests, MPI_STATUSES_IGNORE);
  MPI_Status* used = status == MPI_STATUS_IGNORE ? saved.statuses : status;
  const int result = pmpi(count, array_of_requests, index, flag, used);
  if (result != MPI_SUCCESS) {
    return result;
  }
  if (*flag != 0 && *index != MPI_UNDEFINED) {
    record_completion(scope, saved.handles[*index], &array_of_requests[*index], *used);
  } else if (*flag == 0) {
    for (int i = 0; i < count; ++i) {
      record_still_pending(scope, saved.handles[i]);
    }
  }
  return result;
}

int Semantics<Fn::MPI_Testsome>::call(CallScope& scope, decltype(&PMPI_Testsome) pmpi, int incount,
                                      MPI_Request array_of_requests[], int* outcount, int array_of_indices[],
                                      MPI_Status array_of_statuses[]) {
  const Saved saved = save(incount, array_of_requests, array_of_statuses);
  const int result = pmpi(incount, array_of_requests, outcount, array_of_indices, saved.statuses);
  record_some(scope, result, incount, array_of_requests, saved, *outcount, array_of_indices, true);
  return result;
}

int Semantics<Fn::MPI_Request_get_status>::call(CallScope& scope, decltype(&PMPI_Request_get_status) pmpi,
                                                MPI_Request request, int* flag, MPI_Status* status) {
  const int result = pmpi(request, flag, status);
  if (result == MPI_SUCCESS && *flag == 0) {
    record_still_pending(scope, request);
  }
  return result;
}

// Freeing an active request (a nonblocking one, or a started persistent one) ends what the trace can know of it:
// its activation is closed here, inside MPI_Request_free, so no request stays open to the end of the trace. A send
// counts as complete (MPI finishes it; the program can no longer tell when); a receive, whose source, tag and size
// are never known, and an (erroneously freed) collective are recorded as cancelled. Likewise a request-based RMA
// operation completes (RmaOpCompleteNonBlocking: MPI finishes it by the next sync; MPICH 4.0.2 refuses such frees
// anyway), and a nonblocking MPI-IO operation, whose result is never known, is cancelled (IoOperationCancelled):
// ROMIO in MPICH 4.0.2 progresses an I/O request only when it is waited for, so a freed read or write never
// happens. The Leave carries the freed request's handle (schema kRequestHandle).
int Semantics<Fn::MPI_Request_free>::call(CallScope& scope, decltype(&PMPI_Request_free) pmpi, MPI_Request* request) {
  const MPI_Request handle = *request;
  const int result = pmpi(request);
  if (result != MPI_SUCCESS || handle == MPI_REQUEST_NULL) {
    return result;
  }
  const std::uint64_t value = request_handle_value(handle);
  const auto freed = requests().take(handle);
  // Untracked, or an inactive persistent request: nothing to close.
  const bool active = freed && (freed->id != 0 || freed->receive_id != 0);
  switch (active ? freed->kind : RequestKind::kMessage) {
    case RequestKind::kIsend: scope.record_at_leave(journal::MpiIsendComplete{{}, freed->id, value}); break;
    case RequestKind::kSendReceive:
      if (freed->id != 0) {
        scope.record_at_leave(journal::MpiIsendComplete{{}, freed->id, value});
      }
      if (freed->receive_id != 0) {
        scope.record_at_leave(journal::MpiRequestCancelled{{}, freed->receive_id, value});
      }
      break;
    case RequestKind::kIrecv:
    case RequestKind::kCollective: scope.record_at_leave(journal::MpiRequestCancelled{{}, freed->id, value}); break;
    case RequestKind::kRmaOp:
      scope.attach_at_leave(schema::Attribute::kRequestHandle, value);
      scope.record_at_leave(journal::RmaOpCompleteNonBlocking{{}, freed->object, freed->id});
      break;
    case RequestKind::kIoOp:
      scope.record_at_leave(journal::IoOperationComplete{{.arg = journal::kIoCancelled}, freed->object, freed->id, 0});
      break;
    case RequestKind::kMessage: break;
  }
  scope.attach_at_leave(schema::Attribute::kRequestHandle, value);  // last: it belongs to the Leave
  return result;
}

}  // namespace mpisight::interpose
