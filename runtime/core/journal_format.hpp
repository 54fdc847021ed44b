// On-disk layout of a per-thread journal: a header page, then fixed-layout records in fixed-size chunks.
// Shared by the in-process writer and the converter, which may run in another process after a crash.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace mpisight::journal {

inline constexpr char kMagic[8] = {'M', 'P', 'S', 'J', 'R', 'N', 'L', '1'};
inline constexpr std::uint32_t kVersion = 1;
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
  kTracingStopped,  // the journal ends here on purpose (limit reached, disk full, finalize)
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
  RecordHeader header;  // arg = function id
  std::uint64_t caller;  // return address into the calling code, resolved at conversion
};

struct Leave {
  static constexpr Kind kKind = Kind::kLeave;
  RecordHeader header;  // arg = function id
};

struct ClockAnchor {
  static constexpr Kind kKind = Kind::kClockAnchor;
  RecordHeader header;  // ticks = raw clock
  std::uint64_t monotonic_ns;
  std::uint64_t realtime_ns;
};

struct ClockOffset {
  static constexpr Kind kKind = Kind::kClockOffset;
  RecordHeader header;  // ticks = local time of the measurement
  std::int64_t offset_ns;  // add to local monotonic ns to get rank 0's
  double deviation_ns;  // half the best round trip
};

// Point-to-point: header.arg = communicator id, peer = rank in that communicator.
struct MpiSend {
  static constexpr Kind kKind = Kind::kMpiSend;
  RecordHeader header;
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
};

struct MpiRecv {
  static constexpr Kind kKind = Kind::kMpiRecv;
  RecordHeader header;
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
};

struct MpiIsend {
  static constexpr Kind kKind = Kind::kMpiIsend;
  RecordHeader header;
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
  std::uint64_t request_id;
};

struct MpiIsendComplete {
  static constexpr Kind kKind = Kind::kMpiIsendComplete;
  RecordHeader header;
  std::uint64_t request_id;
};

struct MpiIrecvRequest {
  static constexpr Kind kKind = Kind::kMpiIrecvRequest;
  RecordHeader header;
  std::uint64_t request_id;
};

struct MpiIrecv {
  static constexpr Kind kKind = Kind::kMpiIrecv;
  RecordHeader header;  // arg = communicator id
  std::int32_t peer;
  std::int32_t tag;
  std::uint64_t bytes;
  std::uint64_t request_id;
};

struct MpiCollectiveBegin {
  static constexpr Kind kKind = Kind::kMpiCollectiveBegin;
  RecordHeader header;
};

// OTF2_CollectiveOp values; kept here so the journal needs no OTF2 headers.
enum class CollectiveOp : std::uint8_t {
  kBarrier = 0,
  kBcast = 1,
  kGather = 2,
  kGatherv = 3,
  kScatter = 4,
  kScatterv = 5,
  kAllgather = 6,
  kAllgatherv = 7,
  kAlltoall = 8,
  kAlltoallv = 9,
  kAlltoallw = 10,
  kAllreduce = 11,
  kReduce = 12,
  kReduceScatter = 13,
  kScan = 14,
  kExscan = 15,
  kReduceScatterBlock = 16,
};

inline constexpr std::int32_t kNoRoot = -1;

struct MpiCollectiveEnd {
  static constexpr Kind kKind = Kind::kMpiCollectiveEnd;
  RecordHeader header;  // arg = communicator id
  CollectiveOp op;
  std::uint8_t pad[3];
  std::int32_t root;  // rank in the communicator, or kNoRoot
  std::uint64_t bytes_sent;
  std::uint64_t bytes_received;
};

enum class StopReason : std::uint32_t { kFinalized = 1, kLimitReached, kNoSpace, kThreadExit };

struct TracingStopped {
  static constexpr Kind kKind = Kind::kTracingStopped;
  RecordHeader header;  // arg = StopReason
};

template <class R>
concept Record = std::is_trivially_copyable_v<R> && std::is_standard_layout_v<R> &&
                 offsetof(R, header) == 0 && sizeof(R) % 8 == 0 && sizeof(R) <= 0xffff * 8;

// Writes `record` at `where` (8-byte aligned, zero-filled space) and commits it with one release store.
template <Record R>
[[gnu::always_inline]] inline void commit(std::byte* where, R record) noexcept {
  record.header.kind = R::kKind;
  record.header.words = static_cast<std::uint16_t>(sizeof(R) / 8);
  std::memcpy(where + 8, reinterpret_cast<const std::byte*>(&record) + 8, sizeof(R) - 8);
  std::uint64_t head = 0;
  std::memcpy(&head, &record, 8);
  std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(where)).store(head, std::memory_order_release);
}

}  // namespace mpisight::journal
