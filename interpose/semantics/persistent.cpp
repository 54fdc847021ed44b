// MPI_Start and MPI_Startall: each started persistent request gets a fresh id and the record of its kind. All are
// stamped at enter: the operations start there, and one time for all keeps the location's records in order.
#include "semantics/persistent.hpp"

namespace mpisight::interpose {
namespace {

void record_start(CallScope& scope, MPI_Request handle) {
  if (handle == MPI_REQUEST_NULL) {
    return;
  }
  const auto info = requests().activate(handle);
  if (!info) {
    return;
  }
  const std::uint64_t value = request_handle_value(handle);
  switch (info->kind) {
    case RequestKind::kIsend:
      scope.record_at_enter(journal::MpiIsend{{.arg = info->comm},
                                              info->peer,
                                              info->tag,
                                              info->bytes,
                                              info->id,
                                              info->send_signature,
                                              info->send_elements,
                                              value});
      break;
    case RequestKind::kIrecv:
      scope.record_at_enter(journal::MpiIrecvRequest{{}, info->id, value, info->peer, info->tag});
      break;
    case RequestKind::kCollective:
      scope.record_at_enter(journal::NonBlockingCollectiveRequest{{}, info->id, value});
      break;
    case RequestKind::kSendReceive:  // never persistent
    case RequestKind::kMessage:
    case RequestKind::kRmaOp:
    case RequestKind::kIoOp: break;
  }
}

}  // namespace

int Semantics<Fn::MPI_Start>::call(CallScope& scope, decltype(&PMPI_Start) pmpi, MPI_Request* request) {
  const int result = pmpi(request);
  if (result == MPI_SUCCESS) {
    record_start(scope, *request);
  }
  return result;
}

int Semantics<Fn::MPI_Startall>::call(CallScope& scope, decltype(&PMPI_Startall) pmpi, int count,
                                      MPI_Request array_of_requests[]) {
  const int result = pmpi(count, array_of_requests);
  if (result == MPI_SUCCESS) {
    for (int i = 0; i < count; ++i) {
      record_start(scope, array_of_requests[i]);
    }
  }
  return result;
}

}  // namespace mpisight::interpose
