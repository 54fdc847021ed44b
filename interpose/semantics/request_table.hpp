// What the tracer remembers about each request between its start and its completion, keyed by the MPI_Request
// handle. Lock-free: any thread may start or complete a request.
// Ids: a request id names one activation. A nonblocking call's request has one activation; a persistent
// request (Send_init, Recv_init, Psend_init, MPI_<coll>_init...) is remembered from its init to its free, inactive
// in between, and every Start gives it a fresh id, so OTF2 pairs each start with its own completion while the
// MPI_Request handle stays the same for the request's whole life.
#pragma once

#include <atomic>
#include <cstdint>
#include <mpi.h>
#include <optional>
#include <utility>

#include "core/journal_format.hpp"
#include "semantics/buffer_range.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

enum class RequestKind : std::uint8_t {
  kIsend,
  kIrecv,
  kCollective,
  kSendReceive,  // MPI_Isendrecv(_replace): a send (id) and a receive (receive_id) completed together
  kMessage,      // not a request: an MPI_Message from Mprobe/Improbe, remembered until Mrecv/Imrecv names its comm
  kRmaOp,        // a request-based RMA operation (Rput, Rget, ...)
  kIoOp,         // a nonblocking MPI-IO operation
};

// What a request does, as known when it was created.
struct RequestInfo {
  std::uint64_t id = 0;     // the current activation's id; 0 while a persistent request is inactive
  std::uint64_t bytes = 0;  // sends: bytes sent; receives, send-receives: receive buffer; collectives: bytes sent
  std::uint64_t bytes_received = 0;  // collectives
  std::uint64_t receive_id = 0;      // kSendReceive: the receive's id, 0 if it has none
  std::uint32_t comm = journal::kCommUnknown;
  // sends: destination; receives, send-receives and messages: the requested source; collectives: root or kNoRoot
  std::int32_t peer = 0;
  std::int32_t tag = 0;  // persistent requests and messages: the requested tag; send-receives: the receive's tag
  RequestKind kind = RequestKind::kIsend;
  journal::CollectiveOp op = journal::CollectiveOp::kBarrier;
  bool persistent = false;
  TypeShape type{};  // of a receive's buffer: its completion counts the elements that arrived
  // Collectives: what MpiCollectiveEnd carries beyond bytes (schema/attributes.hpp); persistent sends: the send
  // side, which every start records.
  std::uint32_t reduction_op = journal::kNoReductionOp;
  std::uint64_t send_signature = schema::kUnknownSignature;
  std::uint64_t send_elements = 0;
  std::uint64_t recv_signature = schema::kUnknownSignature;
  std::uint64_t recv_elements = 0;
  std::uint64_t object = 0;  // the window key (kRmaOp) or file handle id (kIoOp) the operation belongs to
  // Persistent requests and collectives: the buffers every start hands to MPI again.
  BufferRange send_buffer{};
  BufferRange recv_buffer{};
  // The program's MPI_Request variable (0: unknown): MPICH gives every request that completed at once one shared
  // builtin handle, and a Wait names the variable, so the completion pairs with the request stored there.
  std::uint64_t slot = 0;
};

class RequestTable {
 public:
  // Remembers a started nonblocking operation under `handle` and returns the id its records carry.
  std::uint64_t track(MPI_Request handle, RequestInfo what) noexcept;
  std::uint64_t track(MPI_Request handle, RequestKind kind, std::uint32_t comm, const TypeShape& type = {},
                      std::uint64_t slot = 0) noexcept {
    return track(handle, RequestInfo{.comm = comm, .kind = kind, .type = type, .slot = slot});
  }
  // RMA and MPI-IO requests: `object` is the window key or file handle id.
  std::uint64_t track(MPI_Request handle, RequestKind kind, std::uint32_t comm, std::uint64_t object) noexcept {
    return track(handle, RequestInfo{.comm = comm, .kind = kind, .object = object});
  }
  // Remembers an MPI_Isendrecv request (`what` describes its receive): returns the ids of its send and receive,
  // 0 for a half that is not recorded (its peer is MPI_PROC_NULL).
  std::pair<std::uint64_t, std::uint64_t> track_send_receive(MPI_Request handle, RequestInfo what, bool sends,
                                                             bool receives) noexcept;
  // Remembers a persistent request, inactive until started.
  void track_inactive(MPI_Request handle, RequestInfo what) noexcept;
  // MPI_Start of a persistent request: gives it a fresh id and returns what it does.
  [[nodiscard]] std::optional<RequestInfo> activate(MPI_Request handle) noexcept;
  // The request completed: returns what was remembered about its activation; a nonblocking request is
  // forgotten, a persistent one becomes inactive (and an inactive one has nothing to complete).
  // `slot` (the variable the program passed, 0 if unknown) picks among entries sharing one handle.
  [[nodiscard]] std::optional<RequestInfo> complete(MPI_Request handle, std::uint64_t slot = 0) noexcept;
  // Forgets the request `handle` (MPI_Request_free) and returns what was remembered.
  [[nodiscard]] std::optional<RequestInfo> take(MPI_Request handle) noexcept;
  // Remembers the communicator of a matched MPI_Message (which MPICH numbers like requests), and forgets it when
  // the message is received. Messages and requests with equal handle values never see each other.
  // The probe's requested source and tag are kept too (peer, tag), for the receive's record.
  void track_message(MPI_Request message, std::uint32_t comm, std::int32_t source = 0, std::int32_t tag = 0) noexcept;
  [[nodiscard]] std::optional<RequestInfo> take_message(MPI_Request message) noexcept;
  // What is remembered about an active `handle`, which stays tracked.
  [[nodiscard]] std::optional<RequestInfo> find(MPI_Request handle) const noexcept;
  // Whether `handle` is a persistent request that is not active (initialised or completed, not started again).
  [[nodiscard]] bool is_inactive(MPI_Request handle) const noexcept;

 private:
  static constexpr std::size_t kSlots = 1U << 16U;  // requests traced at once; more go untraced
  static constexpr std::int64_t kEmpty = -1;
  static constexpr std::int64_t kFree = -2;  // was used: lookups must probe past it
  static constexpr std::int64_t kFilling = -3;

  struct Slot {
    std::atomic<std::int64_t> key{kEmpty};
    RequestInfo info{};
  };

  static std::size_t home(MPI_Request handle) noexcept;
  void insert(MPI_Request handle, const RequestInfo& info) noexcept;
  // The slot holding request (or message) `handle`, or nullptr. A slot's info is only touched by the thread using
  // that request.
  [[nodiscard]] Slot* locate(MPI_Request handle, bool message = false, std::uint64_t variable = 0) const noexcept;
  std::optional<RequestInfo> forget(Slot* slot) noexcept;

  mutable Slot slots_[kSlots];
};

[[nodiscard]] RequestTable& requests() noexcept;

// A fresh id, unique in the process (each thread draws from its own range): for requests, and for RMA operations,
// whose completion may be recorded by another thread.
[[nodiscard]] std::uint64_t next_request_id() noexcept;

}  // namespace mpisight::interpose
