// Probes and matched receives. MPI_Probe and MPI_Iprobe are plain point-to-point regions whether they find a
// message or not (a probe moves no data). MPI_Mprobe/MPI_Improbe remember the matched message's
// communicator; MPI_Mrecv records the receive (MpiRecv with the matched source, tag and size) and MPI_Imrecv starts
// one (MpiIrecvRequest, completed as MpiIrecv by Wait/Test). MPI_MESSAGE_NO_PROC receives nothing and is not recorded.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"
#include "semantics/buffer_range.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/p2p.hpp"
#include "semantics/request_table.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

namespace probes {

// MPICH's MPI_Message handles are request handles, so the request table can hold them until they are received.
inline MPI_Request as_key(MPI_Message message) {
  return static_cast<MPI_Request>(message);
}

// `source` and `tag` are what the probe asked for: the receive's records carry them as its requested ones.
inline void remember(MPI_Message message, MPI_Comm comm, int source, int tag) {
  const std::uint32_t comm_ref = comm_id(comm);
  if (message != MPI_MESSAGE_NO_PROC && message != MPI_MESSAGE_NULL && comm_ref != journal::kCommUnknown) {
    requests().track_message(as_key(message), comm_ref, source, tag);
  }
}

// The communicator (and probe's source and tag) of a matched message, which is forgotten: receiving it consumes it.
inline std::optional<RequestInfo> consume(MPI_Message message) {
  if (message == MPI_MESSAGE_NO_PROC || message == MPI_MESSAGE_NULL) {
    return std::nullopt;
  }
  return requests().take_message(as_key(message));
}

}  // namespace probes

template <>
struct Semantics<Fn::MPI_Mprobe> {
  template <class Pmpi>
  static int call(CallScope& /*scope*/, Pmpi pmpi, int source, int tag, MPI_Comm comm, MPI_Message* message,
                  MPI_Status* status) {
    const int result = pmpi(source, tag, comm, message, status);
    if (result == MPI_SUCCESS) {
      probes::remember(*message, comm, source, tag);
    }
    return result;
  }
};

template <>
struct Semantics<Fn::MPI_Improbe> {
  template <class Pmpi>
  static int call(CallScope& /*scope*/, Pmpi pmpi, int source, int tag, MPI_Comm comm, int* flag, MPI_Message* message,
                  MPI_Status* status) {
    const int result = pmpi(source, tag, comm, flag, message, status);
    if (result == MPI_SUCCESS && *flag != 0) {
      probes::remember(*message, comm, source, tag);
    }
    return result;
  }
};

// MPI_Mrecv and MPI_Mrecv_c.
struct MatchedReceive {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype, MPI_Message* message,
                  MPI_Status* status) {
    const MPI_Message matched = *message;
    p2p::StatusFor used(status);
    const int result = pmpi(buf, count, datatype, message, used.get());
    const auto probed = probes::consume(matched);
    if (result == MPI_SUCCESS && probed && used.get()->MPI_SOURCE != MPI_PROC_NULL) {
      const MPI_Status& got = *used.get();
      const TypeShape shape = type_shape(datatype);
      const BufferRange buffer = buffer_range(buf, count, shape);
      const std::uint64_t bytes = received_bytes(got);
      scope.record_at_leave(journal::MpiRecv{{.arg = probed->comm},
                                             got.MPI_SOURCE,
                                             got.MPI_TAG,
                                             bytes,
                                             shape.signature,
                                             received_elements(bytes, shape),
                                             probed->peer,
                                             probed->tag,
                                             buffer.begin,
                                             buffer.end});
    }
    return result;
  }
};

// MPI_Imrecv and MPI_Imrecv_c. MPICH may hand back the message's handle as the request.
struct NonblockingMatchedReceive {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype, MPI_Message* message,
                  MPI_Request* request) {
    const MPI_Message matched = *message;
    const int result = pmpi(buf, count, datatype, message, request);
    const auto probed = probes::consume(matched);
    if (result == MPI_SUCCESS && probed) {
      const TypeShape shape = type_shape(datatype);
      const std::uint64_t id = requests().track(*request, RequestKind::kIrecv, probed->comm, shape);
      const BufferRange buffer = buffer_range(buf, count, shape);
      scope.record_at_leave(journal::MpiIrecvRequest{{},
                                                     id,
                                                     request_handle_value(*request),
                                                     probed->peer,
                                                     probed->tag,
                                                     buffer.begin,
                                                     buffer.end,
                                                     request_slot(request)});
    }
    return result;
  }
};

// clang-format off
template <> struct Semantics<Fn::MPI_Mrecv> : MatchedReceive {};
template <> struct Semantics<Fn::MPI_Mrecv_c> : MatchedReceive {};
template <> struct Semantics<Fn::MPI_Imrecv> : NonblockingMatchedReceive {};
template <> struct Semantics<Fn::MPI_Imrecv_c> : NonblockingMatchedReceive {};
// clang-format on

}  // namespace mpisight::interpose
