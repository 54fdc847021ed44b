// The typed event records a trace delivers. Every record starts with `location` and `time_ns` (nanoseconds since
// the trace's global offset); peers and roots are given both as recorded (rank in comm) and as world ranks.
// Adding a record type: a struct here, an alternative in `Event`, a RecordKind (detail/record.hpp) with its layout
// (detail/otf2_records.hpp), its callback (detail/event_callbacks.cpp) and its conversion
// (detail/record_conversion.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "schema/collective_op.hpp"
#include "schema/peer_counts.hpp"
#include "trace/definitions.hpp"
#include "trace/io_events.hpp"

namespace mpisight::trace {

using CollectiveOp = schema::CollectiveOp;

// MpiCollectiveEnd::root values that are not ranks (OTF2_COLLECTIVE_ROOT_*).
inline constexpr std::uint32_t kRootNone = 0xFFFF'FFFFu;
inline constexpr std::uint32_t kRootSelf = 0xFFFF'FFFEu;
inline constexpr std::uint32_t kRootThisGroup = 0xFFFF'FFFDu;

// The extra attributes (runtime/schema/attributes.hpp) are optional members: absent in traces that lack them.

// A datatype signature and the number of elements it counts (see schema::kMixedSignatureBit).
struct TypeSignature {
  std::uint64_t signature = 0;
  std::uint64_t elements = 0;
  friend bool operator==(const TypeSignature&, const TypeSignature&) = default;
};

// The per-peer counts of a v or w collective (schema kSendCounts/kRecvCounts): one entry per rank of the group the
// call exchanges blocks with, elements counted as TypeSignature::elements counts them. Shared: equal vectors in a
// trace are one definition, read once.
using PeerCounts = std::shared_ptr<const std::vector<schema::PeerCount>>;

// User memory a call hands to MPI: absolute addresses [begin, end) (schema kSend/RecvBufferBegin/End).
struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  [[nodiscard]] bool overlaps(const ByteRange& other) const noexcept { return begin < other.end && other.begin < end; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

struct Enter {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RegionId region = 0;
  std::optional<CallingContextId> call_site{};  // TraceDefinitions::call_site() gives function, file and line
  // Blocking receives (MPI_Recv): what they wait for, rank in `requested_comm` (may be MPI_ANY_SOURCE/TAG).
  std::optional<std::int32_t> requested_source{};
  std::optional<std::int32_t> requested_tag{};
  std::optional<CommId> requested_comm{};
  friend bool operator==(const Enter&, const Enter&) = default;
};

// What a persistent collective init (MPI_<coll>_init) set up, as MpiCollectiveEnd describes a collective.
struct CollectiveInit {
  CollectiveOp op = CollectiveOp::kBarrier;
  CommId comm = 0;
  std::uint32_t root = 0xFFFF'FFFFu;           // rank in `comm`, or one of the kRoot* values below
  std::optional<WorldRank> root_world_rank{};  // empty when `root` is not a rank
  std::optional<TypeSignature> send_type{};
  std::optional<TypeSignature> recv_type{};
  std::optional<std::uint32_t> reduction_op{};
  PeerCounts send_counts{};
  PeerCounts recv_counts{};
  friend bool operator==(const CollectiveInit&, const CollectiveInit&) = default;
};

struct Leave {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RegionId region = 0;
  std::optional<std::int32_t> return_code{};  // only when the call did not return MPI_SUCCESS
  // The request the call was about, where the tracer names it: the freed one (MPI_Request_free), the one a
  // persistent init created (with its slot), the inactive one a Wait/Test was handed, the active one a failed
  // MPI_Start was handed.
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::uint64_t> request_slot{};
  // The Leave of a persistent collective init: the collective it set up (MPI 4.0 orders inits like collectives).
  std::shared_ptr<const CollectiveInit> collective_init{};
  friend bool operator==(const Leave&, const Leave&) = default;
};

struct MpiSend {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // receiver, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  std::optional<TypeSignature> type{};
  std::optional<ByteRange> send_buffer{};
  friend bool operator==(const MpiSend&, const MpiSend&) = default;
};

struct MpiIsend {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // receiver, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  RequestId request = 0;
  std::optional<TypeSignature> type{};
  std::optional<std::uint64_t> request_handle{};  // the MPI_Request value the program saw
  std::optional<ByteRange> send_buffer{};
  std::optional<std::uint64_t> request_slot{};  // the address of the program's MPI_Request variable
  friend bool operator==(const MpiIsend&, const MpiIsend&) = default;
};

struct MpiIsendComplete {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> status_error{};
  friend bool operator==(const MpiIsendComplete&, const MpiIsendComplete&) = default;
};

struct MpiIrecvRequest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> requested_source{};  // may be MPI_ANY_SOURCE
  std::optional<std::int32_t> requested_tag{};     // may be MPI_ANY_TAG
  std::optional<ByteRange> recv_buffer{};
  std::optional<std::uint64_t> request_slot{};
  friend bool operator==(const MpiIrecvRequest&, const MpiIrecvRequest&) = default;
};

struct MpiRecv {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // sender, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  std::optional<TypeSignature> type{};             // elements: those received
  std::optional<std::int32_t> requested_source{};  // may be MPI_ANY_SOURCE
  std::optional<std::int32_t> requested_tag{};     // may be MPI_ANY_TAG
  std::optional<ByteRange> recv_buffer{};
  std::optional<std::int32_t> status_error{};    // a receive MPI cut short: MPI_ERR_TRUNCATE
  std::optional<std::uint64_t> recv_capacity{};  // with status_error: the bytes the buffer could hold
  friend bool operator==(const MpiRecv&, const MpiRecv&) = default;
};

struct MpiIrecv {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // sender, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  RequestId request = 0;
  std::optional<TypeSignature> type{};  // elements: those received
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> status_error{};
  std::optional<std::uint64_t> recv_capacity{};  // of a receive MPI cut short (MPI_ERR_TRUNCATE)
  friend bool operator==(const MpiIrecv&, const MpiIrecv&) = default;
};

struct MpiRequestTest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  friend bool operator==(const MpiRequestTest&, const MpiRequestTest&) = default;
};

struct MpiRequestCancelled {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  friend bool operator==(const MpiRequestCancelled&, const MpiRequestCancelled&) = default;
};

struct MpiCollectiveBegin {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  friend bool operator==(const MpiCollectiveBegin&, const MpiCollectiveBegin&) = default;
};

struct MpiCollectiveEnd {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CollectiveOp op = CollectiveOp::kBarrier;
  CommId comm = 0;
  std::uint32_t root = kRootNone;              // rank in `comm`, or one of the kRoot* values
  std::optional<WorldRank> root_world_rank{};  // empty when `root` is not a rank
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::optional<TypeSignature> send_type{};
  std::optional<TypeSignature> recv_type{};
  std::optional<std::uint32_t> reduction_op{};  // the MPI_Op handle of reductions
  std::optional<ByteRange> send_buffer{};
  std::optional<ByteRange> recv_buffer{};
  PeerCounts send_counts{};  // the v and w forms
  PeerCounts recv_counts{};
  friend bool operator==(const MpiCollectiveEnd&, const MpiCollectiveEnd&) = default;
};

// A nonblocking collective started; its NonBlockingCollectiveComplete carries the same request id.
struct NonBlockingCollectiveRequest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  std::optional<ByteRange> send_buffer{};
  std::optional<ByteRange> recv_buffer{};
  std::optional<std::uint64_t> request_slot{};
  PeerCounts send_counts{};  // the v and w forms, read when the collective starts
  PeerCounts recv_counts{};
  friend bool operator==(const NonBlockingCollectiveRequest&, const NonBlockingCollectiveRequest&) = default;
};

// What MpiCollectiveEnd says of a blocking collective, said when the nonblocking one completed.
struct NonBlockingCollectiveComplete {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CollectiveOp op = CollectiveOp::kBarrier;
  CommId comm = 0;
  std::uint32_t root = kRootNone;            // rank in `comm`, or one of the kRoot* values
  std::optional<WorldRank> root_world_rank;  // empty when `root` is not a rank
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  RequestId request = 0;
  std::optional<TypeSignature> send_type{};
  std::optional<TypeSignature> recv_type{};
  std::optional<std::uint32_t> reduction_op{};
  std::optional<std::uint64_t> request_handle{};
  friend bool operator==(const NonBlockingCollectiveComplete&, const NonBlockingCollectiveComplete&) = default;
};

// RMA records (OTF2's, as Score-P writes them for MPI). A remote rank is a rank in the window's communicator
// (TraceDefinitions::windows); kRmaAllRanks stands for every member (lock_all).
inline constexpr std::uint32_t kRmaAllRanks = 0xFFFF'FFFFu;

struct RmaWinCreate {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RmaWinId win = 0;
  friend bool operator==(const RmaWinCreate&, const RmaWinCreate&) = default;
};

struct RmaWinDestroy {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RmaWinId win = 0;
  friend bool operator==(const RmaWinDestroy&, const RmaWinDestroy&) = default;
};

struct RmaCollectiveBegin {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  friend bool operator==(const RmaCollectiveBegin&, const RmaCollectiveBegin&) = default;
};

// Closes a window creation or destruction (op kCreateHandle/kDestroyHandle) or a fence (kBarrier).
struct RmaCollectiveEnd {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CollectiveOp op = CollectiveOp::kBarrier;
  std::uint32_t sync_level = 0;   // OTF2_RmaSyncLevel flags
  std::optional<RmaWinId> win{};  // empty when a creation failed
  std::optional<std::uint32_t> assert_flags{};
  friend bool operator==(const RmaCollectiveEnd&, const RmaCollectiveEnd&) = default;
};

// MPI_Win_post/start/complete/wait/test (the enclosing call tells which); `group` is a kCommGroup of world ranks.
struct RmaGroupSync {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  std::uint32_t sync_level = 0;
  RmaWinId win = 0;
  GroupId group = 0;
  std::optional<std::uint32_t> assert_flags{};
  friend bool operator==(const RmaGroupSync&, const RmaGroupSync&) = default;
};

enum class RmaLockEvent : std::uint8_t { kRequest, kAcquire, kTry, kRelease };
enum class RmaLockType : std::uint8_t { kExclusive = 0, kShared = 1 };  // OTF2_LockType values

struct RmaLock {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RmaLockEvent event = RmaLockEvent::kRequest;
  RmaWinId win = 0;
  std::uint32_t remote = 0;  // or kRmaAllRanks
  std::uint64_t lock_id = 0;
  RmaLockType type = RmaLockType::kExclusive;  // kExclusive for releases (OTF2 does not say)
  std::optional<std::uint32_t> assert_flags{};
  friend bool operator==(const RmaLock&, const RmaLock&) = default;
};

struct RmaSync {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RmaWinId win = 0;
  std::uint32_t remote = 0;
  std::uint32_t sync_type = 0;  // OTF2_RmaSyncType
  friend bool operator==(const RmaSync&, const RmaSync&) = default;
};

enum class RmaOpKind : std::uint8_t { kPut, kGet, kAtomic };
// OTF2_RmaAtomicType values.
enum class RmaAtomicType : std::uint8_t {
  kAccumulate = 0,
  kIncrement = 1,
  kTestAndSet = 2,
  kCompareAndSwap = 3,
  kSwap = 4,
  kFetchAndAdd = 5,
  kFetchAndIncrement = 6,
  kAdd = 7,
  kFetchAndAccumulate = 8,
};

// RmaPut, RmaGet and RmaAtomic: one operation of this origin on `remote`'s part of the window.
struct RmaOp {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RmaOpKind kind = RmaOpKind::kPut;
  RmaAtomicType atomic_type = RmaAtomicType::kAccumulate;  // kAtomic only
  RmaWinId win = 0;
  std::uint32_t remote = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t matching_id = 0;
  std::optional<std::uint64_t> target_disp{};
  std::optional<std::uint64_t> target_count{};
  std::optional<std::uint64_t> target_type_signature{};
  std::optional<ByteRange> target_bytes{};        // relative to the target's window base (absolute: dynamic windows)
  std::optional<ByteRange> send_buffer{};         // origin memory MPI reads
  std::optional<ByteRange> recv_buffer{};         // origin memory MPI writes
  std::optional<std::uint64_t> request_handle{};  // request-based operations
  std::optional<std::uint64_t> request_slot{};
  std::optional<std::uint32_t> reduction_op{};  // accumulates: the MPI_Op handle
  friend bool operator==(const RmaOp&, const RmaOp&) = default;
};

// An operation completed: at a sync call (blocking: flush, unlock, fence, complete) or its request's completion.
struct RmaOpComplete {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  bool blocking = true;
  RmaWinId win = 0;
  std::uint64_t matching_id = 0;
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> status_error{};
  friend bool operator==(const RmaOpComplete&, const RmaOpComplete&) = default;
};

// A test found a request-based operation still pending.
struct RmaOpTest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RmaWinId win = 0;
  std::uint64_t matching_id = 0;
  std::optional<std::uint64_t> request_handle{};
  friend bool operator==(const RmaOpTest&, const RmaOpTest&) = default;
};

using Event =
    std::variant<Enter, Leave, MpiSend, MpiIsend, MpiIsendComplete, MpiIrecvRequest, MpiRecv, MpiIrecv, MpiRequestTest,
                 MpiRequestCancelled, MpiCollectiveBegin, MpiCollectiveEnd, NonBlockingCollectiveRequest,
                 NonBlockingCollectiveComplete, RmaWinCreate, RmaWinDestroy, RmaCollectiveBegin, RmaCollectiveEnd,
                 RmaGroupSync, RmaLock, RmaSync, RmaOp, RmaOpComplete, RmaOpTest, IoCreateHandle, IoDestroyHandle,
                 IoOperationBegin, IoOperationIssued, IoOperationTest, IoOperationComplete, IoSeek, IoDeleteFile>;

// std::visit(Overloaded{[](const MpiSend& e) {...}, [](const auto&) {}}, event)
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

[[nodiscard]] inline LocationId event_location(const Event& event) {
  return std::visit([](const auto& e) { return e.location; }, event);
}

[[nodiscard]] inline std::int64_t event_time_ns(const Event& event) {
  return std::visit([](const auto& e) { return e.time_ns; }, event);
}

}  // namespace mpisight::trace
