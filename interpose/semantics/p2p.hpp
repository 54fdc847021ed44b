// Point-to-point: MpiSend/MpiRecv for blocking calls, MpiIsend/MpiIrecvRequest for nonblocking ones (their
// completion is recorded by the request family; MPI_Isendrecv's one request completes a send and a receive).
// Every send mode and the large-count `_c` forms share one implementation per shape; sends are recorded before the PMPI
// call (what was asked), receives after it (what arrived: the status names the real source, tag and size).
// Every record carries the buffer the call hands to MPI, and request-creating ones the program's request variable.
#pragma once

#include <mpi.h>

#include "call_scope.hpp"
#include "core/compact_records.hpp"
#include "semantics/buffer_range.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/repeat_keys.hpp"
#include "semantics/request_table.hpp"
#include "semantics/truncation.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

namespace p2p {

// Whether a blocking send can be valid. It is recorded before the call (a send that never returns must show), so
// one that MPI_ERRORS_RETURN will reject must be caught here or it leaves a message nobody receives. No
// communicator, local or remote group, is larger than the world; other bad arguments MPI reports are rarer.
[[nodiscard]] inline bool may_send(MPI_Count count, int dest, int tag) noexcept {
  const int world = recorder::world_size();  // 0 without MPI_Init (sessions): no bound known
  return count >= 0 && tag >= 0 && dest >= 0 && (world == 0 || dest < world);
}

// What a send that can be valid hands to MPI, stamped when written.
[[nodiscard]] inline journal::MpiSend send_record(const void* buf, MPI_Count count, MPI_Datatype datatype, int dest,
                                                  int tag, MPI_Comm comm) {
  const TypeShape shape = type_shape(datatype);
  const BufferRange buffer = buffer_range(buf, count, shape);
  return journal::MpiSend{{.arg = comm_id(comm)}, dest,         tag,       bytes_of(count, datatype), shape.signature,
                          elements(count, shape), buffer.begin, buffer.end};
}

inline void record_send(CallScope& scope, const void* buf, MPI_Count count, MPI_Datatype datatype, int dest, int tag,
                        MPI_Comm comm) {
  if (dest != MPI_PROC_NULL && may_send(count, dest, tag)) {
    scope.record_at_enter(send_record(buf, count, datatype, dest, tag, comm));
  }
}

// The Enter of a blocking send and its MpiSend, in one EnterSend record where the values fit (`key` holds the
// arguments, remembered when the record becomes the last of its kind).
[[gnu::noinline]] inline void record_send_enter_in_full(CallScope& scope, std::uint64_t site, const void* buf,
                                                        MPI_Count count, MPI_Datatype datatype, int dest, int tag,
                                                        MPI_Comm comm, const repeat_keys::SendArguments::Key& key) {
  if (dest != MPI_PROC_NULL && may_send(count, dest, tag)) {
    const journal::MpiSend send = send_record(buf, count, datatype, dest, tag, comm);
    const auto packed = journal::pack_enter_send(static_cast<std::uint32_t>(scope.fn()), site, send);
    if (packed && scope.record_compact_at_enter(*packed)) [[likely]] {
      repeat_keys::t_keys.send.remember(key, scope.last_compact());
      return;
    }
    scope.record_enter(site);
    scope.record_at_enter(send);
    return;
  }
  scope.record_enter(site);
}

// The same, as one repeat word when the last EnterSend came from the same arguments: inline, the rest is not.
[[gnu::always_inline]] inline void record_send_enter(CallScope& scope, std::uint64_t site, const void* buf,
                                                     MPI_Count count, MPI_Datatype datatype, int dest, int tag,
                                                     MPI_Comm comm) {
  const auto key =
      repeat_keys::send_key(static_cast<std::uint32_t>(scope.fn()), site, buf, count, datatype, dest, tag, comm);
  if (repeat_keys::t_keys.send.built(key, scope.last_compact()) && scope.repeat_at_enter<journal::EnterSend>())
      [[likely]] {
    return;
  }
  record_send_enter_in_full(scope, site, buf, count, datatype, dest, tag, comm, key);
}

// What a receive got: `source` and `tag` are what it asked for, the status says what matched.
[[nodiscard]] inline journal::MpiRecv receive_record(MPI_Comm comm, const void* buf, MPI_Count count,
                                                     MPI_Datatype datatype, int source, int tag,
                                                     const MPI_Status& status) {
  const TypeShape shape = type_shape(datatype);
  const BufferRange buffer = buffer_range(buf, count, shape);
  const std::uint64_t bytes = received_bytes(status);
  return journal::MpiRecv{{.arg = comm_id(comm)},
                          status.MPI_SOURCE,
                          status.MPI_TAG,
                          bytes,
                          shape.signature,
                          received_elements(bytes, shape),
                          source,
                          tag,
                          buffer.begin,
                          buffer.end};
}

inline void record_receive(CallScope& scope, MPI_Comm comm, const void* buf, MPI_Count count, MPI_Datatype datatype,
                           int source, int tag, const MPI_Status& status) {
  if (status.MPI_SOURCE != MPI_PROC_NULL) {
    scope.record_at_leave(receive_record(comm, buf, count, datatype, source, tag, status));
  }
}

// MPI_STATUS_IGNORE is replaced by a local status, since the record needs what arrived.
class StatusFor {
 public:
  explicit StatusFor(MPI_Status* requested) noexcept : used_(requested == MPI_STATUS_IGNORE ? &own_ : requested) {}
  StatusFor(const StatusFor&) = delete;
  StatusFor& operator=(const StatusFor&) = delete;
  ~StatusFor() = default;
  [[nodiscard]] MPI_Status* get() noexcept { return used_; }

 private:
  MPI_Status own_{};
  MPI_Status* used_;
};

// A nonblocking send-receive started: both halves are stamped at enter, when the exchange began; a half with
// MPI_PROC_NULL is not recorded.
struct Exchange {
  const void* sendbuf;
  MPI_Count sendcount;
  MPI_Datatype sendtype;
  int dest;
  int sendtag;
  const void* recvbuf;
  MPI_Count recvcount;
  MPI_Datatype recvtype;
  int source;
  int recvtag;
};

inline void start_exchange(CallScope& scope, int result, const MPI_Request* slot, const Exchange& x, MPI_Comm comm) {
  const MPI_Request request = *slot;
  const auto [sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, recvtag] = x;
  const std::uint32_t comm_ref = comm_id(comm);
  const bool sends = dest != MPI_PROC_NULL;
  const bool receives = source != MPI_PROC_NULL;
  if (result != MPI_SUCCESS || comm_ref == journal::kCommUnknown || (!sends && !receives)) {
    return;
  }
  const TypeShape receive_shape = type_shape(recvtype);
  const auto [send_id, receive_id] = requests().track_send_receive(request,
                                                                   {.bytes = bytes_of(recvcount, recvtype),
                                                                    .comm = comm_ref,
                                                                    .peer = source,
                                                                    .tag = recvtag,
                                                                    .type = receive_shape,
                                                                    .slot = request_slot(slot)},
                                                                   sends, receives);
  const std::uint64_t handle = request_handle_value(request);
  if (sends) {
    const TypeShape send_shape = type_shape(sendtype);
    const BufferRange buffer = buffer_range(sendbuf, sendcount, send_shape);
    scope.record_at_enter(journal::MpiIsend{{.arg = comm_ref},
                                            dest,
                                            sendtag,
                                            bytes_of(sendcount, sendtype),
                                            send_id,
                                            send_shape.signature,
                                            elements(sendcount, send_shape),
                                            handle,
                                            buffer.begin,
                                            buffer.end,
                                            request_slot(slot)});
  }
  if (receives) {
    const BufferRange buffer = buffer_range(recvbuf, recvcount, receive_shape);
    scope.record_at_enter(journal::MpiIrecvRequest{
        {}, receive_id, handle, source, recvtag, buffer.begin, buffer.end, request_slot(slot)});
  }
}

}  // namespace p2p

// MPI_Send, MPI_Bsend, MPI_Ssend, MPI_Rsend and their _c forms.
struct BlockingSend {
  template <class Count>
  [[gnu::always_inline]] static void record_enter(CallScope& scope, std::uint64_t site, const void* buf, Count count,
                                                  MPI_Datatype datatype, int dest, int tag, MPI_Comm comm) {
    p2p::record_send_enter(scope, site, buf, count, datatype, dest, tag, comm);
  }
  template <class Pmpi, class Count>
  static int call(CallScope& /*scope*/, Pmpi pmpi, const void* buf, Count count, MPI_Datatype datatype, int dest,
                  int tag, MPI_Comm comm) {
    return pmpi(buf, count, datatype, dest, tag, comm);
  }
};

// MPI_Recv and MPI_Recv_c.
struct BlockingReceive {
  // Whom the receive waits for, with its Enter: a run that hangs here has no MpiRecv to tell it.
  template <class Count>
  static void record_enter(CallScope& scope, std::uint64_t site, void* /*buf*/, Count /*count*/,
                           MPI_Datatype /*datatype*/, int source, int tag, MPI_Comm comm,
                           MPI_Status* /*status*/) noexcept {
    const journal::ReceiveWaits waits{{.arg = comm_id(comm)}, source, tag};
    if (!scope.record_compact_at_enter(
            journal::pack_enter_receive(static_cast<std::uint32_t>(scope.fn()), site, waits))) [[unlikely]] {
      scope.record_at_enter(waits);
      scope.record_enter(site);
    }
  }
  template <class Pmpi, class Count>
  [[gnu::always_inline]] static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype,
                                         int source, int tag, MPI_Comm comm, MPI_Status* status) {
    p2p::StatusFor used(status);
    const int result = pmpi(buf, count, datatype, source, tag, comm, used.get());
    if (result == MPI_SUCCESS) [[likely]] {
      const auto key = repeat_keys::receive_key(buf, count, datatype, *used.get());
      if (repeat_keys::t_keys.receive.built(key, scope.last_compact()) &&
          scope.leave_with_repeat<journal::ReceiveLeave>()) [[likely]] {
        return result;
      }
      record_received(scope, buf, count, datatype, source, tag, comm, *used.get(), key);
    } else {
      record_failed(scope, result, buf, count, datatype, source, tag, comm, *used.get());
    }
    return result;
  }

 private:
  // What arrived, in one ReceiveLeave record (with the Leave) where the values fit; what it asked for is in its
  // Enter's ReceiveWaits.
  [[gnu::noinline]] static void record_received(CallScope& scope, const void* buf, MPI_Count count,
                                                MPI_Datatype datatype, int source, int tag, MPI_Comm comm,
                                                const MPI_Status& arrived,
                                                const repeat_keys::ReceiveArguments::Key& key) {
    if (arrived.MPI_SOURCE == MPI_PROC_NULL) {
      return;
    }
    const journal::MpiRecv receive = p2p::receive_record(comm, buf, count, datatype, source, tag, arrived);
    const auto packed = journal::pack_receive_leave(receive);
    if (packed && scope.leave_with(*packed)) [[likely]] {
      repeat_keys::t_keys.receive.remember(key, scope.last_compact());
    } else {
      scope.record_at_leave(receive);
    }
  }
  // A truncated message is still a received one.
  [[gnu::noinline]] static void record_failed(CallScope& scope, int result, const void* buf, MPI_Count count,
                                              MPI_Datatype datatype, int source, int tag, MPI_Comm comm,
                                              const MPI_Status& status) {
    if (const auto cut = note_truncation(scope, result, status, bytes_of(count, datatype))) {
      p2p::record_receive(scope, comm, buf, count, datatype, source, tag, *cut);
    }
  }
};

// MPI_Isend, MPI_Ibsend, MPI_Issend, MPI_Irsend and their _c forms. Stamped at enter: an eager message can be
// received before the call returns.
struct NonblockingSend {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* buf, Count count, MPI_Datatype datatype, int dest, int tag,
                  MPI_Comm comm, MPI_Request* request) {
    const int result = pmpi(buf, count, datatype, dest, tag, comm, request);
    const std::uint32_t comm_ref = comm_id(comm);
    if (result == MPI_SUCCESS && dest != MPI_PROC_NULL && comm_ref != journal::kCommUnknown) {
      const TypeShape shape = type_shape(datatype);
      const std::uint64_t id = requests().track(*request, RequestKind::kIsend, comm_ref, shape, request_slot(request));
      const BufferRange buffer = buffer_range(buf, count, shape);
      scope.record_at_enter(journal::MpiIsend{{.arg = comm_ref},
                                              dest,
                                              tag,
                                              bytes_of(count, datatype),
                                              id,
                                              shape.signature,
                                              elements(count, shape),
                                              request_handle_value(*request),
                                              buffer.begin,
                                              buffer.end,
                                              request_slot(request)});
    }
    return result;
  }
};

// MPI_Irecv and MPI_Irecv_c.
struct NonblockingReceive {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype, int source, int tag,
                  MPI_Comm comm, MPI_Request* request) {
    const int result = pmpi(buf, count, datatype, source, tag, comm, request);
    const std::uint32_t comm_ref = comm_id(comm);
    if (result == MPI_SUCCESS && source != MPI_PROC_NULL && comm_ref != journal::kCommUnknown) {
      const TypeShape shape = type_shape(datatype);
      const std::uint64_t id = requests().track(*request, RequestInfo{.bytes = bytes_of(count, datatype),
                                                                      .comm = comm_ref,
                                                                      .kind = RequestKind::kIrecv,
                                                                      .type = shape,
                                                                      .slot = request_slot(request)});
      const BufferRange buffer = buffer_range(buf, count, shape);
      scope.record_at_leave(journal::MpiIrecvRequest{
          {}, id, request_handle_value(*request), source, tag, buffer.begin, buffer.end, request_slot(request)});
    }
    return result;
  }
};

// MPI_Sendrecv and MPI_Sendrecv_c: one send and one receive in a single call.
struct SendReceive {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype, int dest,
                  int sendtag, void* recvbuf, Count recvcount, MPI_Datatype recvtype, int source, int recvtag,
                  MPI_Comm comm, MPI_Status* status) {
    p2p::record_send(scope, sendbuf, sendcount, sendtype, dest, sendtag, comm);
    p2p::StatusFor used(status);
    const int result = pmpi(sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, recvtag,
                            comm, used.get());
    if (result == MPI_SUCCESS) {
      p2p::record_receive(scope, comm, recvbuf, recvcount, recvtype, source, recvtag, *used.get());
    } else if (const auto cut = note_truncation(scope, result, *used.get(), bytes_of(recvcount, recvtype))) {
      p2p::record_receive(scope, comm, recvbuf, recvcount, recvtype, source, recvtag, *cut);
    }
    return result;
  }
};

// MPI_Sendrecv_replace and MPI_Sendrecv_replace_c.
struct SendReceiveReplace {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype, int dest, int sendtag,
                  int source, int recvtag, MPI_Comm comm, MPI_Status* status) {
    p2p::record_send(scope, buf, count, datatype, dest, sendtag, comm);
    p2p::StatusFor used(status);
    const int result = pmpi(buf, count, datatype, dest, sendtag, source, recvtag, comm, used.get());
    if (result == MPI_SUCCESS) {
      p2p::record_receive(scope, comm, buf, count, datatype, source, recvtag, *used.get());
    } else if (const auto cut = note_truncation(scope, result, *used.get(), bytes_of(count, datatype))) {
      p2p::record_receive(scope, comm, buf, count, datatype, source, recvtag, *cut);
    }
    return result;
  }
};

// MPI_Isendrecv and MPI_Isendrecv_c: MpiIsend and MpiIrecvRequest, both completed by one Wait/Test.
struct NonblockingSendReceive {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype, int dest,
                  int sendtag, void* recvbuf, Count recvcount, MPI_Datatype recvtype, int source, int recvtag,
                  MPI_Comm comm, MPI_Request* request) {
    const int result =
        pmpi(sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, recvtag, comm, request);
    p2p::start_exchange(scope, result, request,
                        {sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, recvtag},
                        comm);
    return result;
  }
};

// MPI_Isendrecv_replace and MPI_Isendrecv_replace_c.
struct NonblockingSendReceiveReplace {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* buf, Count count, MPI_Datatype datatype, int dest, int sendtag,
                  int source, int recvtag, MPI_Comm comm, MPI_Request* request) {
    const int result = pmpi(buf, count, datatype, dest, sendtag, source, recvtag, comm, request);
    p2p::start_exchange(scope, result, request,
                        {buf, count, datatype, dest, sendtag, buf, count, datatype, source, recvtag}, comm);
    return result;
  }
};

// clang-format off
template <> struct Semantics<Fn::MPI_Send> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Send_c> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Bsend> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Bsend_c> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Ssend> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Ssend_c> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Rsend> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Rsend_c> : BlockingSend {};
template <> struct Semantics<Fn::MPI_Recv> : BlockingReceive {};
template <> struct Semantics<Fn::MPI_Recv_c> : BlockingReceive {};
template <> struct Semantics<Fn::MPI_Isend> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Isend_c> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Ibsend> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Ibsend_c> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Issend> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Issend_c> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Irsend> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Irsend_c> : NonblockingSend {};
template <> struct Semantics<Fn::MPI_Irecv> : NonblockingReceive {};
template <> struct Semantics<Fn::MPI_Irecv_c> : NonblockingReceive {};
template <> struct Semantics<Fn::MPI_Sendrecv> : SendReceive {};
template <> struct Semantics<Fn::MPI_Sendrecv_c> : SendReceive {};
template <> struct Semantics<Fn::MPI_Sendrecv_replace> : SendReceiveReplace {};
template <> struct Semantics<Fn::MPI_Sendrecv_replace_c> : SendReceiveReplace {};
template <> struct Semantics<Fn::MPI_Isendrecv> : NonblockingSendReceive {};
template <> struct Semantics<Fn::MPI_Isendrecv_c> : NonblockingSendReceive {};
template <> struct Semantics<Fn::MPI_Isendrecv_replace> : NonblockingSendReceiveReplace {};
template <> struct Semantics<Fn::MPI_Isendrecv_replace_c> : NonblockingSendReceiveReplace {};
// clang-format on

}  // namespace mpisight::interpose
