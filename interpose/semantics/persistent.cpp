// MPI_Start and MPI_Startall: each started persistent request gets a fresh id and the record of its kind. All are
// stamped at enter: the operations start there, and one time for all keeps the location's records in order.
// A start MPI refused because the request was still active leaves that request's handle on the call's Leave.
#include "semantics/persistent.hpp"

namespace mpisight::interpose {
namespace {

void record_start(CallScope& scope, const MPI_Request* request) {
  const MPI_Request handle = *request;
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
                                              value,
                                              info->send_buffer.begin,
                                              info->send_buffer.end,
                                              request_slot(request)});
      break;
    case RequestKind::kIrecv:
      scope.record_at_enter(journal::MpiIrecvRequest{{},
                                                     info->id,
                                                     value,
                                                     info->peer,
                                                     info->tag,
                                                     info->recv_buffer.begin,
                                                     info->recv_buffer.end,
                                                     request_slot(request)});
      break;
    case RequestKind::kCollective:
      scope.record_at_enter(journal::NonBlockingCollectiveRequest{{},
                                                                  info->id,
                                                                  value,
                                                                  info->send_buffer.begin,
                                                                  info->send_buffer.end,
                                                                  info->recv_buffer.begin,
                                                                  info->recv_buffer.end,
                                                                  request_slot(request)});
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
    record_start(scope, request);
  } else if (requests().find(*request)) {  // still active: the start was refused for it
    scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(*request));
  }
  return result;
}

int Semantics<Fn::MPI_Startall>::call(CallScope& scope, decltype(&PMPI_Startall) pmpi, int count,
                                      MPI_Request array_of_requests[]) {
  const int result = pmpi(count, array_of_requests);
  if (result == MPI_SUCCESS) {
    for (int i = 0; i < count; ++i) {
      record_start(scope, &array_of_requests[i]);
    }
    return result;
  }
  for (int i = 0; i < count; ++i) {
    if (array_of_requests[i] != MPI_REQUEST_NULL && requests().find(array_of_requests[i])) {
      scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(array_of_requests[i]));
      break;
    }
  }
  return result;
}

}  // namespace mpisight::interpose
