// On-disk layout of a per-thread journal, shared by the in-process writer and the converter (which may run
// in another process after a crash):
//   [header page][window: one chunk][chunk 0][chunk 1]...
// The thread writes records into the window, which stays mapped (no page faults in steady state). A full
// window is pwrite()n to its place as chunk N (disk blocks allocated a few chunks ahead) and reused for chunk
// N+1. Every chunk begins with ChunkStart(N); the window holds chunk `FileHeader::window_chunk` only if its
// ChunkStart says so, which keeps every moment of a chunk switch readable after SIGKILL.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#include "schema/collective_op.hpp"

namespace mpisight::journal {

inline constexpr char kMagic[8] = {'M', 'P', 'S', 'J', 'R', 'N', 'L', '1'};
inline constexpr std::uint32_t kVersion = 5;
inline constexpr std::size_t kHeaderBytes = 4096;
inline constexpr int kUnknownRank = -1;

// Communicator ids in records. MPI_COMM_WORLD and MPI_COMM_SELF are fixed; others are assigned globally
// when communicators are created (the same id on every member rank).
inline constexpr std::uint32_t kCommWorld = 0;
inline constexpr std::uint32_t kCommSelf = 1;
inline constexpr std::uint32_t kCommUnknown = 0xffffffffU;

enum class ClockKind : std::uint32_t { kTsc = 1, kMonotonicNs = 2 };

// Written once when the journal is created; `world_rank` and `world_size` are filled in at MPI_Init.
struct FileHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t header_bytes;
  std::uint64_t chunk_bytes;
  std::uint64_t window_chunk;  // chunks before it are complete in the file; updated with a release store
  std::int32_t world_rank;
  std::int32_t world_size;
  std::uint32_t pid;
  std::uint32_t thread_index;  // 0 is the thread that made the process's first MPI call
  ClockKind clock_kind;
  std::uint32_t reserved;
  char host[64];
};
static_assert(sizeof(FileHeader) <= kHeaderBytes);

enum class Kind : std::uint16_t {
  kNone = 0,  // unwritten space: the reader stops here, or skips to the next chunk
  kEnter,
  kLeave,
  kClockAnchor,  // pairs raw ticks with CLOCK_MONOTONIC so the converter can map ticks to ns
  kClockOffset,  // this process's clock offset to rank 0, measured by PMPI ping-pong
  kMpiSend,
  kMpiRecv,
  kMpiIsend,
  kMpiIsendComplete,
  kMpiIrecvRequest,
  kMpiIrecv,
  kMpiCollectiveBegin,
  kMpiCollectiveEnd,
  kTracingStopped,       // the journal ends here on purpose (limit reached, disk full, finalize)
  kChunkStart,           // first record of every chunk
  kLeaveShort,           // 8-byte Leave of the call just entered; the reader turns it into a full Leave
  kMpiRequestTest,       // a test call found the request still pending
  kMpiRequestCancelled,  // the request completed as cancelled
  // Nonblocking and persistent collectives.
  kNonBlockingCollectiveRequest,
  kNonBlockingCollectiveComplete,
  // RMA family (interpose/semantics/rma.hpp)
  kRmaWinCreate,
  kRmaWinDestroy,
  kRmaCollectiveBegin,
  kRmaCollectiveEnd,
  kRmaGroupSync,
  kRmaLock,
  kRmaSync,
  kRmaComplete,  // a sync call completed its process's pending operations (of any thread) to one target or all
  kRmaOp,
  kRmaOpCompleteNonBlocking,
  kRmaOpTest,
  // MPI-IO family (interpose/semantics/io.hpp)
  kIoCreateHandle,
  kIoDestroyHandle,
  kIoDeleteFile,
  kIoOperationBegin,
  kIoOperationIssued,
  kIoOperationComplete,
  kIoOperationTest,
  kIoSeek,
  // Extra attributes (runtime/schema/attributes.hpp):
  kAttribute,  // one rare attribute for the next event record (return codes, status errors)
  kSiteName,   // variable length: file and function of a call site named through the C++ API's hook
  // Communicator lifetime (interpose/semantics/comms.hpp)
  kCommCreate,
  kCommDestroy,
  // Messages (analyzer checks):
  kReceiveWaits,  // before the Enter of a blocking receive: what it waits for, as attributes of that Enter
  // Collective ordering (vcounts branch):
  kPeerCounts,      // variable length: per-peer counts of a v/w collective, an attribute of the next event
  kCollectiveInit,  // a persistent collective init: what it set up, as attributes of its Leave
  // Compact blocking point-to-point (journal5): one record where the full forms take two; the reader expands them.
  kEnterSend,     // Enter + MpiSend of a blocking send
  kEnterReceive,  // ReceiveWaits + Enter of a blocking receive, stamped as a delta
  kReceiveLeave,  // MpiRecv + Leave of the blocking receive just entered, stamped as a delta
  // Repeats (journal5): one word for a compact record equal, but for its time, to the last one of its kind in
  // the same chunk. A loop that sends or receives the same message again writes 8 bytes per record.
  kEnterSendRepeat,
  kEnterReceiveRepeat,
  kReceiveLeaveRepeat,
  kCount,
};

// Every record starts with this. Its first 8 bytes are the commit word: the writer stores the rest of the
// record first and this word last, so a reader never sees a torn record from a process killed mid-write.
struct RecordHeader {
  Kind kind = Kind::kNone;  // set by commit()
  std::uint16_t words = 0;  // total record size in 8-byte words, header included; set by commit()
  std::uint32_t arg = 0;    // record specific: function id, communicator id, stop reason
  std::uint64_t ticks = 0;
};
static_assert(sizeof(RecordHeader) == 16);

struct Enter {
  static constexpr Kind kKind = Kind::kEnter;
  RecordHeader header;   // arg = function id
  std::uint64_t caller;  // return address into the calling code, resolved at conversion, or a hook_site()
};

// A call site named through mpisight_call_site_begin() instead of a return address: no user-space address
// has the top bit set. The site's file and function come in a SiteName record with the same id.
inline constexpr std::uint64_t kHookSiteBit = std::uint64_t{1} << 63U;
[[nodiscard]] constexpr std::uint64_t hook_site(std::uint32_t site_id, std::uint32_t line) noexcept {
  return kHookSiteBit | (std::uint64_t{site_id} << 32U) | line;
}
[[nodiscard]] constexpr bool is_hook_site(std::uint64_t caller) noexcept {
  return (caller & kHookSiteBit) != 0;
}
[[nodiscard]] constexpr std::uint32_t hook_site_id(std::uint64_t caller) noexcept {
  return static_cast<std::uint32_t>(caller >> 32U) & 0x7fffffffU;
}
[[nodiscard]] constexpr std::uint32_t hook_site_line(std::uint64_t caller) noexcept {
  return static_cast<std::uint32_t>(caller);
}

struct Leave {
  static constexpr Kind kKind = Kind::kLeave;
  RecordHeader header;  // arg = function id
};

// The common Leave in one word: traced calls never nest, so it closes the last Enter, and its time is
// `arg` ticks after the previous record. Writers fall back to Leave when the delta does not fit.
struct LeaveShort {
  static constexpr Kind kKind = Kind::kLeaveShort;
  Kind kind = Kind::kLeaveShort;
  std::uint16_t words = 1;
  std::uint32_t delta_ticks = 0;
};
static_assert(sizeof(LeaveShort) == 8);

struct ClockAnchor {
  static constexpr Kind kKind = Kind::kClockAnchor;
  RecordHeader header;  // ticks = raw clock
  std::uint64_t monotonic_ns;
  std::uint64_t realtime_ns;
};

struct ClockOffset {
  static constexpr Kind kKind = Kind::kClockOffset;
  RecordHeader header;     // ticks = local time of the measurement
  std::int64_t offset_ns;  // add to local monotonic ns to get rank 0's
  double deviation_ns;     // half the best round trip
};

// Point-to-point: header.arg = communicator id, peer = rank in that communicator.
// Type signatures and element counts follow schema/attributes.hpp; a signature of 0 is unknown.
// Buffers are absolute byte ranges [begin, end) of user memory (schema kSend/RecvBufferBegin/End), begin == end
// when there is none; slots are the address of the program's MPI_Request variable (schema kRequestSlot).
struct MpiSend {
  static constexpr Kind kKind = Kind::kMpiSend;
  RecordHeader header;
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
  std::uint64_t type_signature = 0;
  std::uint64_t elements = 0;
  std::uint64_t buffer_begin = 0;
  std::uint64_t buffer_end = 0;
};

struct MpiRecv {
  static constexpr Kind kKind = Kind::kMpiRecv;
  RecordHeader header;
  std::int32_t peer;  // the matched source and tag
  std::int32_t tag;
  std::uint64_t bytes;
  std::uint64_t type_signature = 0;
  std::uint64_t elements = 0;  // received
  std::int32_t requested_source = 0;
  std::int32_t requested_tag = 0;
  std::uint64_t buffer_begin = 0;  // the whole receive buffer, not only what arrived
  std::uint64_t buffer_end = 0;
};

// Request records carry the MPI_Request handle the program saw next to the tracer's request id.
struct MpiIsend {
  static constexpr Kind kKind = Kind::kMpiIsend;
  RecordHeader header;
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
  std::uint64_t request_id;
  std::uint64_t type_signature = 0;
  std::uint64_t elements = 0;
  std::uint64_t handle = 0;
  std::uint64_t buffer_begin = 0;
  std::uint64_t buffer_end = 0;
  std::uint64_t slot = 0;
};

struct MpiIsendComplete {
  static constexpr Kind kKind = Kind::kMpiIsendComplete;
  RecordHeader header;
  std::uint64_t request_id;
  std::uint64_t handle = 0;
};

struct MpiIrecvRequest {
  static constexpr Kind kKind = Kind::kMpiIrecvRequest;
  RecordHeader header;
  std::uint64_t request_id;
  std::uint64_t handle = 0;
  std::int32_t requested_source = 0;
  std::int32_t requested_tag = 0;
  std::uint64_t buffer_begin = 0;
  std::uint64_t buffer_end = 0;
  std::uint64_t slot = 0;
};

struct MpiIrecv {
  static constexpr Kind kKind = Kind::kMpiIrecv;
  RecordHeader header;  // arg = communicator id
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
  std::uint64_t request_id;
  std::uint64_t type_signature = 0;
  std::uint64_t elements = 0;  // received
  std::uint64_t handle = 0;
};

struct MpiRequestTest {
  static constexpr Kind kKind = Kind::kMpiRequestTest;
  RecordHeader header;
  std::uint64_t request_id;
  std::uint64_t handle = 0;
};

struct MpiRequestCancelled {
  static constexpr Kind kKind = Kind::kMpiRequestCancelled;
  RecordHeader header;
  std::uint64_t request_id;
  std::uint64_t handle = 0;
};

struct MpiCollectiveBegin {
  static constexpr Kind kKind = Kind::kMpiCollectiveBegin;
  RecordHeader header;
};

using CollectiveOp = schema::CollectiveOp;

inline constexpr std::int32_t kNoRoot = -1;
// Intercommunicator roots (OTF2_COLLECTIVE_ROOT_SELF and _THIS_GROUP as int32): the root itself (MPI_ROOT),
// and the other processes of its group (MPI_PROC_NULL).
inline constexpr std::int32_t kRootSelf = -2;
inline constexpr std::int32_t kRootThisGroup = -3;

struct MpiCollectiveEnd {
  static constexpr Kind kKind = Kind::kMpiCollectiveEnd;
  RecordHeader header;  // arg = communicator id
  CollectiveOp op;
  std::uint8_t pad[3];
  std::int32_t root;  // rank in the communicator, or kNoRoot
  std::uint64_t bytes_sent;
  std::uint64_t bytes_received;
  std::uint32_t reduction_op = 0;  // the MPI_Op handle of reductions, else kNoReductionOp
  std::uint32_t pad2 = 0;
  std::uint64_t send_signature = 0;  // 0 when the call has no send side (or MPI_IN_PLACE replaced it)
  std::uint64_t send_elements = 0;
  std::uint64_t recv_signature = 0;
  std::uint64_t recv_elements = 0;
  std::uint64_t send_begin = 0;  // buffers, as for point-to-point; none for MPI_IN_PLACE or an unused side
  std::uint64_t send_end = 0;
  std::uint64_t recv_begin = 0;
  std::uint64_t recv_end = 0;
};

// A nonblocking collective started (MPI_I<coll>, or MPI_Start of a persistent collective).
struct NonBlockingCollectiveRequest {
  static constexpr Kind kKind = Kind::kNonBlockingCollectiveRequest;
  RecordHeader header;
  std::uint64_t request_id;
  std::uint64_t handle = 0;  // the MPI_Request the program saw
  std::uint64_t send_begin = 0;
  std::uint64_t send_end = 0;
  std::uint64_t recv_begin = 0;
  std::uint64_t recv_end = 0;
  std::uint64_t slot = 0;
};

// Its completion, carrying what MpiCollectiveEnd carries for a blocking collective.
struct NonBlockingCollectiveComplete {
  static constexpr Kind kKind = Kind::kNonBlockingCollectiveComplete;
  RecordHeader header;  // arg = communicator id
  CollectiveOp op;
  std::uint8_t pad[3];
  std::int32_t root;  // rank in the communicator, or kNoRoot
  std::uint64_t bytes_sent;
  std::uint64_t bytes_received;
  std::uint64_t request_id;
  std::uint32_t reduction_op = 0;  // as in MpiCollectiveEnd
  std::uint32_t pad2 = 0;
  std::uint64_t send_signature = 0;
  std::uint64_t send_elements = 0;
  std::uint64_t recv_signature = 0;
  std::uint64_t recv_elements = 0;
  std::uint64_t handle = 0;
};

inline constexpr std::uint32_t kNoReductionOp = 0;
// RMA. Windows are named by a key the same on every member: (lowest world rank among the members << 32) |
// a sequence agreed at creation (the maximum of the members' counters), so keys never repeat.
inline constexpr std::int32_t kAllRanks = -1;
inline constexpr std::uint64_t kNoWindow = ~std::uint64_t{0};  // a window whose creation failed

enum class WinFlavor : std::uint32_t { kCreate = 1, kAllocate, kShared, kDynamic };

struct RmaWinCreate {
  static constexpr Kind kKind = Kind::kRmaWinCreate;
  RecordHeader header;  // arg = communicator id
  std::uint64_t win;
  WinFlavor flavor;
  std::int32_t disp_unit;    // this rank's
  std::uint64_t size_bytes;  // this rank's window memory
};

struct RmaWinDestroy {
  static constexpr Kind kKind = Kind::kRmaWinDestroy;
  RecordHeader header;
  std::uint64_t win;
};

struct RmaCollectiveBegin {
  static constexpr Kind kKind = Kind::kRmaCollectiveBegin;
  RecordHeader header;
};

// Values of OTF2_RmaSyncLevel (flags) and of the collective operations used on windows.
inline constexpr std::uint32_t kSyncLevelProcess = 1;
inline constexpr std::uint32_t kSyncLevelMemory = 2;

struct RmaCollectiveEnd {
  static constexpr Kind kKind = Kind::kRmaCollectiveEnd;
  RecordHeader header;  // arg = OTF2_CollectiveOp value
  std::uint64_t win;
  std::uint32_t sync_level;
  std::uint32_t assert_flags;
};

// Post, start, complete, wait, test: the group named by up to kGroupMembers world ranks; `member_count` larger
// than that means the group was too big to name and the window's whole communicator stands for it.
inline constexpr std::uint32_t kGroupMembers = 30;

struct RmaGroupSync {
  static constexpr Kind kKind = Kind::kRmaGroupSync;
  RecordHeader header;  // arg = sync level
  std::uint64_t win;
  std::uint32_t assert_flags;
  std::uint32_t member_count;
  std::int32_t world_ranks[kGroupMembers];
};

enum class LockEvent : std::uint32_t { kRequest = 1, kAcquire, kTry, kRelease };
enum class LockType : std::uint32_t { kExclusive = 0, kShared = 1 };  // OTF2_LockType values

struct RmaLock {
  static constexpr Kind kKind = Kind::kRmaLock;
  RecordHeader header;  // arg = LockEvent
  std::uint64_t win;
  std::int32_t remote;  // rank in the window, or kAllRanks
  LockType type;
  std::uint32_t assert_flags;
  std::uint32_t pad;
};

struct RmaSync {
  static constexpr Kind kKind = Kind::kRmaSync;
  RecordHeader header;  // arg = OTF2_RmaSyncType value
  std::uint64_t win;
  std::int32_t remote;
  std::uint32_t pad;
};

struct RmaComplete {
  static constexpr Kind kKind = Kind::kRmaComplete;
  RecordHeader header;
  std::uint64_t win;
  std::int32_t remote;  // rank in the window, or kAllRanks
  std::uint32_t pad;
};

// Put, get and atomics; arg = RmaOpKind. Request-based forms complete with RmaOpCompleteNonBlocking, the others
// with the next RmaComplete that covers their target.
enum class RmaOpKind : std::uint32_t {
  kPut = 1,
  kGet,
  kAccumulate,
  kGetAccumulate,
  kFetchAndOp,
  kCompareAndSwap,
};
inline constexpr std::uint32_t kRmaOpRequestBased = 1;

struct RmaOp {
  static constexpr Kind kKind = Kind::kRmaOp;
  RecordHeader header;  // arg = RmaOpKind
  std::uint64_t win;
  std::uint64_t matching_id;
  std::int32_t remote;  // rank in the window
  std::uint32_t flags;
  std::uint64_t bytes_sent;
  std::uint64_t bytes_received;
  std::uint64_t target_disp;
  std::uint64_t target_count;
  std::uint64_t target_signature;
  std::uint64_t target_byte_begin;
  std::uint64_t target_byte_end;
  // The origin's memory as absolute byte ranges [begin, end): what MPI reads (put/accumulate origin) and what it
  // writes (get origin, result buffers); begin == end when there is none.
  std::uint64_t send_begin;
  std::uint64_t send_end;
  std::uint64_t recv_begin;
  std::uint64_t recv_end;
  std::uint32_t reduction_op;  // the MPI_Op of accumulates, kNoReductionOp otherwise
  std::uint32_t pad;
};

struct RmaOpCompleteNonBlocking {
  static constexpr Kind kKind = Kind::kRmaOpCompleteNonBlocking;
  RecordHeader header;
  std::uint64_t win;
  std::uint64_t matching_id;
};

struct RmaOpTest {
  static constexpr Kind kKind = Kind::kRmaOpTest;
  RecordHeader header;
  std::uint64_t win;
  std::uint64_t matching_id;
};

// MPI-IO. File handles are numbered per process in opening order; the converter makes them global.
inline constexpr std::size_t kFileNameBytes = 240;  // longer names are cut

struct IoCreateHandle {
  static constexpr Kind kKind = Kind::kIoCreateHandle;
  RecordHeader header;  // arg = communicator id
  std::uint64_t handle;
  std::uint32_t amode;  // MPI_MODE_* flags
  std::uint32_t pad;
  char name[kFileNameBytes];  // zero-terminated
};

struct IoDestroyHandle {
  static constexpr Kind kKind = Kind::kIoDestroyHandle;
  RecordHeader header;
  std::uint64_t handle;
};

struct IoDeleteFile {
  static constexpr Kind kKind = Kind::kIoDeleteFile;
  RecordHeader header;
  char name[kFileNameBytes];
};

// arg = OTF2_IoOperationMode; flags = OTF2_IoOperationFlag.
inline constexpr std::int64_t kNoOffset = -1;

struct IoOperationBegin {
  static constexpr Kind kKind = Kind::kIoOperationBegin;
  RecordHeader header;
  std::uint64_t handle;
  std::uint64_t matching_id;
  std::uint64_t bytes_request;
  std::int64_t offset;  // in etypes from the view's start, or kNoOffset (shared file pointer)
  std::uint32_t flags;
  std::uint32_t pad;
};

struct IoOperationIssued {
  static constexpr Kind kKind = Kind::kIoOperationIssued;
  RecordHeader header;
  std::uint64_t handle;
  std::uint64_t matching_id;
};

// arg = kIoCancelled: the operation ends unobserved without a result (OTF2's IoOperationCancelled).
inline constexpr std::uint32_t kIoCancelled = 1;

struct IoOperationComplete {
  static constexpr Kind kKind = Kind::kIoOperationComplete;
  RecordHeader header;  // arg = 0, or kIoCancelled
  std::uint64_t handle;
  std::uint64_t matching_id;
  std::uint64_t bytes_result;
};

struct IoOperationTest {
  static constexpr Kind kKind = Kind::kIoOperationTest;
  RecordHeader header;
  std::uint64_t handle;
  std::uint64_t matching_id;
};

struct IoSeek {
  static constexpr Kind kKind = Kind::kIoSeek;
  RecordHeader header;  // arg = OTF2_IoSeekOption
  std::uint64_t handle;
  std::int64_t offset_request;
  std::uint64_t offset_result;
};

// A communicator's creation and destruction, each inside the MpiCollectiveBegin/End (CREATE_HANDLE or
// DESTROY_HANDLE) of the call that made or freed it, as OTF2's CommCreate and CommDestroy require.
struct CommCreate {
  static constexpr Kind kKind = Kind::kCommCreate;
  RecordHeader header;  // arg = id of the new communicator
};

struct CommDestroy {
  static constexpr Kind kKind = Kind::kCommDestroy;
  RecordHeader header;  // arg = id of the freed communicator
};

enum class StopReason : std::uint32_t { kFinalized = 1, kLimitReached, kNoSpace, kThreadExit };

struct TracingStopped {
  static constexpr Kind kKind = Kind::kTracingStopped;
  RecordHeader header;  // arg = StopReason
};

struct ChunkStart {
  static constexpr Kind kKind = Kind::kChunkStart;
  RecordHeader header;  // arg = chunk index
};

// A rare attribute of the event record that follows it (the converter attaches it to the next event it writes):
// return codes other than MPI_SUCCESS before a Leave, status errors before a completion. Families attach any
// schema attribute this way in one line: scope.record_at_leave(journal::Attribute{{.arg = ...}, value}).
// Recorded just before the Enter of MPI_Recv: the communicator (header.arg), source and tag it asked for. The
// converter turns them into that Enter's kRequestedComm/Source/Tag attributes, so a run that hangs in the receive
// shows whom it waits for.
struct ReceiveWaits {
  static constexpr Kind kKind = Kind::kReceiveWaits;
  RecordHeader header;
  std::int32_t source;
  std::int32_t tag;
};

struct Attribute {
  static constexpr Kind kKind = Kind::kAttribute;
  RecordHeader header;  // arg = schema::Attribute
  std::uint64_t value;  // signed values sign-extended
};

// File and function of a hook call site: `file_bytes` then `function_bytes` characters follow (no terminators),
// padded to 8 bytes. Written once per distinct (file, function) pair per thread, before the first Enter using it.
struct SiteName {
  static constexpr Kind kKind = Kind::kSiteName;
  RecordHeader header;  // arg = site id
  std::uint32_t file_bytes;
  std::uint32_t function_bytes;
};
inline constexpr std::size_t kMaxSiteNameBytes = 1024;  // per string; longer names are cut

template <class R>
concept Record = std::is_trivially_copyable_v<R> && std::is_standard_layout_v<R> && offsetof(R, header)
== 0 && sizeof(R) % 8 == 0 && sizeof(R) <= std::size_t{0xffff} * 8;

// Writes `record` at `where` (8-byte aligned, zero-filled space) and commits it with one release store.
// The record is assigned straight into place with its commit word still zero: staging it in memory and
// copying it over would make wide loads wait on narrow stores (a store-forwarding stall per record).
template <Record R>
[[gnu::always_inline]] inline void commit(std::byte* where, R record) noexcept {
  const std::uint64_t head = std::uint64_t{static_cast<std::uint16_t>(R::kKind)} |
                             (std::uint64_t{sizeof(R) / 8} << 16U) | (std::uint64_t{record.header.arg} << 32U);
  record.header.kind = Kind::kNone;
  record.header.words = 0;
  record.header.arg = 0;
  *std::launder(reinterpret_cast<R*>(where)) = record;  // trivially copyable: fields stored as they are
  std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(where)).store(head, std::memory_order_release);
}

// Commits a variable-length record of `words` 8-byte words whose body (all but the commit word) is in place.
[[gnu::always_inline]] inline void commit_head(std::byte* where, Kind kind, std::uint16_t words,
                                               std::uint32_t arg) noexcept {
  const std::uint64_t head =
      std::uint64_t{static_cast<std::uint16_t>(kind)} | (std::uint64_t{words} << 16U) | (std::uint64_t{arg} << 32U);
  std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(where)).store(head, std::memory_order_release);
}

// Per-peer counts of a v or w collective (schema kSendCounts / kRecvCounts), for the event record after it:
// `entries` element counts (uint64 each, as kElementCount counts them) follow, then for `typed` records (Alltoallw)
// `entries` type signatures. Calls with more than kMaxPeerCounts peers record none: the analyzer then judges their
// totals only, and a journal record stays below 64 KiB.
inline constexpr std::uint32_t kMaxPeerCounts = 4000;

struct PeerCounts {
  static constexpr Kind kKind = Kind::kPeerCounts;
  RecordHeader header;  // arg = schema::Attribute (kSendCounts or kRecvCounts)
  std::uint32_t entries;
  std::uint32_t typed;  // 1: per-peer signatures follow the counts
};

// A persistent collective init (MPI_<coll>_init) that succeeded: the collective it set up, as MpiCollectiveEnd
// would describe it, written just before the init's Leave (schema kCollectiveInit*).
struct CollectiveInit {
  static constexpr Kind kKind = Kind::kCollectiveInit;
  RecordHeader header;  // arg = communicator id
  CollectiveOp op;
  std::uint8_t pad[3];
  std::int32_t root;  // as in MpiCollectiveEnd
  std::uint32_t reduction_op = 0;
  std::uint32_t pad2 = 0;
  std::uint64_t send_signature = 0;
  std::uint64_t send_elements = 0;
  std::uint64_t recv_signature = 0;
  std::uint64_t recv_elements = 0;
};

// Compact forms of the records a blocking send or receive writes most (ping-pong latency pays per journal byte).
// Writers use them when the values fit and fall back to the full forms otherwise; the reader expands each into
// the full records it stands for, so everything past the reader sees only those.

// The commit word of a record stamped relative to the previous record of its thread, as LeaveShort is.
struct ShortHeader {
  Kind kind = Kind::kNone;  // set by commit()
  std::uint16_t words = 0;  // set by commit()
  std::uint32_t arg = 0;    // ticks since the previous record
};
static_assert(sizeof(ShortHeader) == 8);

// Enter + MpiSend at the same time: a blocking send whose bytes, elements and buffer length fit 32 bits.
struct EnterSend {
  static constexpr Kind kKind = Kind::kEnterSend;
  static constexpr Kind kRepeatKind = Kind::kEnterSendRepeat;
  RecordHeader header;  // arg = function id
  std::uint64_t caller;
  std::uint32_t comm;
  std::int32_t peer;
  std::int32_t tag;
  std::uint32_t bytes;
  std::uint64_t type_signature;
  std::uint32_t elements;
  std::uint32_t buffer_bytes;  // buffer_end - buffer_begin
  std::uint64_t buffer_begin;
};
static_assert(sizeof(EnterSend) == 64);

// ReceiveWaits + Enter at the same time.
struct EnterReceive {
  static constexpr Kind kKind = Kind::kEnterReceive;
  static constexpr Kind kRepeatKind = Kind::kEnterReceiveRepeat;
  ShortHeader header;
  std::uint32_t function;
  std::int32_t source;  // what the receive asked for
  std::uint64_t caller;
  std::uint32_t comm;
  std::int32_t tag;
};
static_assert(sizeof(EnterReceive) == 32);

// MpiRecv + Leave at the same time, closing the receive entered last (EnterReceive, or ReceiveWaits + Enter),
// which gives the communicator and what was asked for.
struct ReceiveLeave {
  static constexpr Kind kKind = Kind::kReceiveLeave;
  static constexpr Kind kRepeatKind = Kind::kReceiveLeaveRepeat;
  ShortHeader header;
  std::int32_t peer;  // the matched source and tag
  std::int32_t tag;
  std::uint32_t bytes;
  std::uint32_t elements;
  std::uint64_t type_signature;
  std::uint64_t buffer_begin;
  std::uint32_t buffer_bytes;
  std::uint32_t pad = 0;
};
static_assert(sizeof(ReceiveLeave) == 48);

// Whether the reader unpacks records of this kind into the full records they stand for.
[[nodiscard]] constexpr bool is_compact(Kind kind) noexcept {
  return kind == Kind::kEnterSend || kind == Kind::kEnterReceive || kind == Kind::kReceiveLeave ||
         kind == Kind::kEnterSendRepeat || kind == Kind::kEnterReceiveRepeat || kind == Kind::kReceiveLeaveRepeat;
}

// Compact records that a one-word repeat can stand for.
template <class R>
concept RepeatableRecord = requires {
  R::kRepeatKind;
};

// Whether two compact records are equal but for their time (the ticks, or a short header's delta): word by word,
// unrolled, straight from both records.
template <RepeatableRecord R>
[[nodiscard, gnu::always_inline]] inline bool same_but_time(const R& a, const R& b) noexcept {
  constexpr std::size_t kFirstWord = sizeof(a.header) / 8;  // the header's time word is skipped
  const auto* left = reinterpret_cast<const std::byte*>(&a);
  const auto* right = reinterpret_cast<const std::byte*>(&b);
  const auto word_differs = [&](std::size_t word) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, left + word * 8, 8);
    std::memcpy(&y, right + word * 8, 8);
    return x ^ y;
  };
  std::uint64_t differs = [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (std::uint64_t{0} | ... | word_differs(kFirstWord + I));
  }
  (std::make_index_sequence<sizeof(R) / 8 - kFirstWord>{});
  if constexpr (sizeof(a.header) == sizeof(RecordHeader)) {
    differs |= a.header.arg ^ b.header.arg;  // the function id; the time is in the second header word
  }
  return differs == 0;
}

// The one-word stand-in for the last R of the chunk; its time is a delta, as LeaveShort's.
[[nodiscard, gnu::always_inline]] constexpr std::uint64_t repeat_word(Kind kind, std::uint32_t delta_ticks) noexcept {
  return std::uint64_t{static_cast<std::uint16_t>(kind)} | (std::uint64_t{1} << 16U) |
         (std::uint64_t{delta_ticks} << 32U);
}

// Records whose commit word carries their time as a delta (ShortHeader).
template <class R>
concept ShortRecord = Record<R> && std::is_same_v<decltype(R::header), ShortHeader>;

// Whether a value fits a compact record's 32-bit field.
[[nodiscard, gnu::always_inline]] constexpr bool fits32(std::uint64_t value) noexcept {
  return value <= 0xffffffffULL;
}

// Record kinds whose size is not fixed: the reader accepts any size from the struct's up.
[[nodiscard]] constexpr bool is_variable_size(Kind kind) noexcept {
  return kind == Kind::kSiteName || kind == Kind::kPeerCounts;
}

// Commits a one-word record with a single store.
[[gnu::always_inline]] inline void commit_word(std::byte* where, std::uint64_t word) noexcept {
  std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(where)).store(word, std::memory_order_release);
}
[[gnu::always_inline]] inline void commit_word(std::byte* where, LeaveShort record) noexcept {
  commit_word(where, std::bit_cast<std::uint64_t>(record));
}

}  // namespace mpisight::journal
