// What mpi-view knows about a trace: per-lane spans of calls, matched messages, collective instances, RMA operations
// and epochs, MPI-IO operations, file opens and seeks and the names they refer to, in flat arrays of fixed-size records
// (so the index file is those arrays, written as they are). Lanes are locations (a rank's main thread, then its other
// threads), ordered by world rank.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "index/family.hpp"
#include "trace/definitions.hpp"

namespace mpisight::viewer {

using LaneId = std::uint32_t;
using SpanId = std::uint32_t;  // global: index into TraceIndex::spans
inline constexpr std::uint32_t kNone = 0xFFFF'FFFFu;
// Span links name a message (index) or, with this bit set, a collective instance.
inline constexpr std::uint32_t kCollectiveLink = 0x8000'0000u;

// One region visit. Spans of a lane are stored in order of start time; `depth` counts enclosing open regions.
struct Span {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t region = 0;                 // index into TraceIndex::regions
  std::uint32_t links[2] = {kNone, kNone};  // the first two messages/collectives recorded inside this call
  std::uint32_t call_site = kNone;          // index into TraceIndex::call_sites
  std::uint16_t depth = 0;
  Family family = Family::kOther;
  std::uint8_t reserved = 0;
};

// A send matched to its receive. A side that was never matched has lane kNone and time -1.
struct Message {
  std::int64_t send_ns = -1;
  std::int64_t recv_ns = -1;
  std::uint64_t bytes = 0;
  LaneId send_lane = kNone;
  LaneId recv_lane = kNone;
  std::uint32_t tag = 0;
  std::uint32_t comm = 0;  // index into TraceIndex::comms
  SpanId send_span = kNone;
  SpanId recv_span = kNone;
};

// One collective operation over all its participants: from the first begin to the last end.
struct Collective {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t bytes = 0;  // sent plus received, summed over participants
  std::uint32_t comm = 0;
  std::uint32_t root = kNone;  // world rank, or kNone
  std::uint32_t participants = 0;
  std::uint8_t op = 0;  // schema::CollectiveOp
  std::uint8_t reserved[3] = {};
};

// RMA operation kinds as drawn: every atomic (accumulate, fetch-and-op, compare-and-swap...) is an accumulate.
enum class RmaKind : std::uint8_t { kPut = 0, kGet = 1, kAccumulate = 2 };
inline constexpr std::uint64_t kNoOffset = ~std::uint64_t{0};

// One RMA operation, drawn as a line from the origin's lane at its issue to the target's lane at its completion
// (the origin's flush, unlock, fence, complete or request completion; the issue time when the trace has none).
struct RmaOperation {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t bytes = 0;                 // sent plus received
  std::uint64_t target_begin = kNoOffset;  // target bytes [begin, end) relative to the window base, if recorded
  std::uint64_t target_end = kNoOffset;
  std::uint64_t target_disp = kNoOffset;  // in the target's displacement units, as the call gave it, if recorded
  LaneId origin_lane = kNone;
  LaneId target_lane = kNone;
  std::uint32_t window = kNone;        // index into TraceIndex::windows
  SpanId span = kNone;                 // the call that issued it
  SpanId complete_span = kNone;        // the call that completed it (flush, unlock, fence, wait...), if any
  std::uint32_t reduction_op = kNone;  // accumulates: the MPI_Op handle, if recorded
  RmaKind kind = RmaKind::kPut;
  std::uint8_t atomic_type = 0;  // trace::RmaAtomicType, for accumulates
  std::uint8_t reserved[6] = {};
};

// Access and exposure epochs of one rank on one window: fence to fence, start to complete (access), post to wait
// (exposure), lock to unlock (per target) and lock_all to unlock_all.
enum class EpochKind : std::uint8_t {
  kFence = 0,
  kAccess = 1,
  kExposure = 2,
  kLockExclusive = 3,
  kLockShared = 4,
  kLockAll = 5
};

struct RmaEpoch {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  LaneId lane = kNone;
  std::uint32_t window = kNone;  // index into TraceIndex::windows
  std::uint32_t target = kNone;  // locks: the target's world rank
  std::uint32_t group = kNone;   // start/post: index into TraceIndex::rma_groups
  SpanId span = kNone;           // the call that opened it
  EpochKind kind = EpochKind::kFence;
  std::uint8_t reserved[3] = {};
};

// One MPI-IO read, write or flush, from its begin to its completion (later than the call for nonblocking ones).
struct IoOperation {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t bytes_request = 0;
  std::uint64_t bytes_result = 0;
  std::uint64_t offset = kNoOffset;  // etypes from the view's start; kNoOffset for the shared file pointer
  LaneId lane = kNone;
  std::uint32_t handle = kNone;  // index into TraceIndex::io_handles
  SpanId span = kNone;           // the call that began it
  SpanId complete_span = kNone;  // the call that completed it (itself when blocking; a wait, a split's end...)
  std::uint8_t mode = 0;         // trace::IoMode
  std::uint8_t flags = 0;        // trace::kIoNonBlocking, trace::kIoCollective
  std::uint8_t reserved[6] = {};
};

// A file open on one lane: from MPI_File_open (the handle's creation) to MPI_File_close (its destruction), or to the
// trace's end when the trace never closed it.
struct FileOpen {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  LaneId lane = kNone;
  std::uint32_t handle = kNone;  // index into TraceIndex::io_handles
  SpanId open_span = kNone;      // the call that opened it
  SpanId close_span = kNone;     // the call that closed it
  std::uint8_t access_mode = 0;  // OTF2_IoAccessMode: 0 read-only, 1 write-only, 2 read-write...
  std::uint8_t closed = 0;       // 1 if the trace closed it
  std::uint8_t reserved[6] = {};
};

// MPI_File_seek or MPI_File_seek_shared: where the program asked to go and where the pointer landed.
struct FileSeek {
  std::int64_t time_ns = 0;
  std::int64_t offset_request = 0;  // etypes, relative to `whence`
  std::uint64_t offset_result = 0;  // etypes from the view's start
  LaneId lane = kNone;
  std::uint32_t handle = kNone;  // index into TraceIndex::io_handles
  SpanId span = kNone;           // the call that sought
  std::uint8_t whence = 0;       // OTF2_IoSeekOption: 0 from start, 1 from current, 2 from end...
  std::uint8_t reserved[3] = {};
};

// What a call did beyond its own span, for its details: the RMA and I/O operations it issued or completed, the
// files it opened or closed, its seeks. One link per (call, item); `role` says which ends of the item it made.
enum class LinkKind : std::uint8_t { kRmaOp = 0, kIoOp = 1, kFileOpen = 2, kFileSeek = 3 };
inline constexpr std::uint8_t kLinkBegins = 1;  // issued, opened, sought
inline constexpr std::uint8_t kLinkEnds = 2;    // completed, closed

struct CallLink {
  SpanId span = kNone;
  std::uint32_t item = 0;  // index into rma_ops, io_ops, file_opens or file_seeks, by `kind`
  LinkKind kind = LinkKind::kRmaOp;
  std::uint8_t role = 0;  // kLinkBegins | kLinkEnds
  std::uint8_t reserved[2] = {};
};

struct RegionInfo {
  std::string name;
  Family family = Family::kOther;
};

struct CommInfo {
  std::string name;
  std::vector<LaneId> lanes;  // the lanes of its members, in rank-in-comm order; empty for self-like comms
};

struct WindowInfo {
  std::string name;
  std::uint32_t comm = kNone;  // index into TraceIndex::comms
};

struct IoHandleInfo {
  std::string file;            // the path the program opened
  std::uint32_t comm = kNone;  // index into TraceIndex::comms
};

struct CallSite {
  std::string function;
  std::string file;
  std::uint32_t line = 0;
};

struct LaneInfo {
  std::uint64_t location = 0;
  std::optional<std::uint32_t> rank;
  std::uint32_t thread = 0;  // 0 for a rank's first location
  std::string name;
  std::uint64_t span_begin = 0;  // this lane's spans are spans[span_begin, span_end)
  std::uint64_t span_end = 0;
};

struct TraceIndex {
  std::string trace_path;
  std::int64_t begin_ns = 0;  // earliest event
  std::int64_t end_ns = 0;    // latest event
  std::vector<LaneInfo> lanes;
  std::vector<RegionInfo> regions;
  std::vector<CommInfo> comms;
  std::vector<CallSite> call_sites;
  std::vector<Span> spans;
  std::vector<Message> messages;            // sorted by send time (unmatched receives, without a send, last)
  std::vector<Collective> collectives;      // sorted by start time
  std::int64_t max_message_latency_ns = 0;  // the longest send-to-receive time of a matched message
  std::vector<WindowInfo> windows;
  std::vector<IoHandleInfo> io_handles;
  std::vector<std::vector<std::uint32_t>> rma_groups;  // world ranks of the groups PSCW epochs name
  std::vector<RmaOperation> rma_ops;                   // sorted by start time
  std::vector<RmaEpoch> rma_epochs;                    // sorted by lane, then start time
  std::vector<IoOperation> io_ops;                     // sorted by lane, then start time
  std::vector<FileOpen> file_opens;                    // sorted by lane, then start time
  std::vector<FileSeek> file_seeks;                    // sorted by lane, then time
  std::vector<CallLink> call_links;                    // sorted by span, kind, item

  [[nodiscard]] std::optional<LaneId> lane_of_span(SpanId span) const;
  // The links of one call, in (kind, item) order.
  [[nodiscard]] std::span<const CallLink> links_of(SpanId span) const;
};

}  // namespace mpisight::viewer
