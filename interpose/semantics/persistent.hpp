// Persistent point-to-point (MPI_Send_init and the other modes, MPI_Recv_init, their _c forms), MPI-4 partitioned
// requests (MPI_Psend_init, MPI_Precv_init), and MPI_Start/MPI_Startall for every persistent request (also the
// persistent collectives of interpose/semantics/collective_requests.hpp). As Score-P does: an init records nothing;
// each start records what a nonblocking call would (MpiIsend, MpiIrecvRequest or NonBlockingCollectiveRequest)
// under a fresh request id, and Wait/Test record the completion, after which the request is inactive, not freed.
// A partitioned request is one message of all its partitions; MPI_Pready* and MPI_Parrived are plain regions.
// An init's Leave carries the new request's handle and the program's request variable (schema kRequestHandle,
// kRequestSlot), so the analyzer knows the persistent request before its first start.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"
#include "semantics/buffer_range.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/request_table.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

namespace persistent {

// The init's Leave names the request it created and where the program keeps it.
inline void announce(CallScope& scope, const MPI_Request* request) {
  scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(*request));
  scope.attach_at_leave(schema::Attribute::kRequestSlot, request_slot(request));
}

// Traffic with MPI_PROC_NULL is never recorded, so such requests are not remembered at all.
// `count` elements of `datatype`: a send's starts carry their signature and count, a receive's completions count
// the elements that arrived.
inline void remember(CallScope& scope, int result, const MPI_Request* request, RequestKind kind, const void* buf,
                     MPI_Count count, MPI_Datatype datatype, int peer, int tag, MPI_Comm comm) {
  const std::uint32_t comm_ref = comm_id(comm);
  if (result == MPI_SUCCESS && peer != MPI_PROC_NULL && comm_ref != journal::kCommUnknown) {
    const TypeShape shape = type_shape(datatype);
    const BufferRange buffer = buffer_range(buf, count, shape);
    requests().track_inactive(*request, {.bytes = bytes_of(count, datatype),
                                         .comm = comm_ref,
                                         .peer = peer,
                                         .tag = tag,
                                         .kind = kind,
                                         .type = shape,
                                         .send_signature = shape.signature,
                                         .send_elements = elements(count, shape),
                                         .send_buffer = kind == RequestKind::kIsend ? buffer : BufferRange{},
                                         .recv_buffer = kind == RequestKind::kIrecv ? buffer : BufferRange{}});
    announce(scope, request);
  }
}

}  // namespace persistent

// MPI_Send_init, MPI_Bsend_init, MPI_Ssend_init, MPI_Rsend_init and their _c forms.
struct PersistentSendInit {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* buf, Count count, MPI_Datatype datatype, int dest, int tag,
                  MPI_Comm comm, MPI_Request* request) {
    const int result = pmpi(buf, count, datatype, dest, tag, comm, request);
    persistent::remember(scope, result, request, RequestKind::kIsend, buf, count, datatype, dest, tag, comm);
    return result;
  }
};

// MPI_Recv_init and MPI_Recv_init_c. The completion's status names the real source, tag and size.
struct PersistentReceiveInit {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype, int source, int tag,
                  MPI_Comm comm, MPI_Request* request) {
    const int result = pmpi(buf, count, datatype, source, tag, comm, request);
    persistent::remember(scope, result, request, RequestKind::kIrecv, buf, count, datatype, source, tag, comm);
    return result;
  }
};

// MPI_Psend_init and MPI_Precv_init: `partitions` blocks of `count` elements each.
template <RequestKind Kind>
struct PartitionedInit {
  template <class Pmpi, class Buffer>
  static int call(CallScope& scope, Pmpi pmpi, Buffer buf, int partitions, MPI_Count count, MPI_Datatype datatype,
                  int peer, int tag, MPI_Comm comm, MPI_Info info, MPI_Request* request) {
    const int result = pmpi(buf, partitions, count, datatype, peer, tag, comm, info, request);
    const MPI_Count total = partitions > 0 ? count * partitions : 0;
    persistent::remember(scope, result, request, Kind, buf, total, datatype, peer, tag, comm);
    return result;
  }
};

template <>
struct Semantics<Fn::MPI_Start> {
  static int call(CallScope& scope, decltype(&PMPI_Start) pmpi, MPI_Request* request);
};

// MPI_REQUEST_NULL entries are skipped.
template <>
struct Semantics<Fn::MPI_Startall> {
  static int call(CallScope& scope, decltype(&PMPI_Startall) pmpi, int count, MPI_Request array_of_requests[]);
};

// clang-format off
template <> struct Semantics<Fn::MPI_Send_init> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Send_init_c> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Bsend_init> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Bsend_init_c> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Ssend_init> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Ssend_init_c> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Rsend_init> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Rsend_init_c> : PersistentSendInit {};
template <> struct Semantics<Fn::MPI_Recv_init> : PersistentReceiveInit {};
template <> struct Semantics<Fn::MPI_Recv_init_c> : PersistentReceiveInit {};
template <> struct Semantics<Fn::MPI_Psend_init> : PartitionedInit<RequestKind::kIsend> {};
template <> struct Semantics<Fn::MPI_Precv_init> : PartitionedInit<RequestKind::kIrecv> {};
// clang-format on

}  // namespace mpisight::interpose
