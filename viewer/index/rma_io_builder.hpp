// The RMA and MPI-IO part of the index pass: operations paired with their completions, epochs opened and closed by
// the synchronisation calls, files opened and closed, seeks, and the links from calls to all of these. Memory
// beyond the index: operations in flight, epochs and files open.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "index/trace_index.hpp"
#include "trace/events.hpp"

namespace mpisight::viewer {

class RmaIoBuilder {
 public:
  // `rank_lane[world rank]` is the rank's main lane; `comm_index` maps trace communicators to TraceIndex::comms.
  // Fills index.windows and index.io_handles from the definitions right away.
  RmaIoBuilder(const trace::TraceDefinitions& defs, TraceIndex& index, const std::vector<LaneId>& rank_lane,
               const std::map<trace::CommId, std::uint32_t>& comm_index);

  // The innermost open call of a lane when an event arrives: lane-local span index (kNone: none), start, function.
  struct Call {
    std::uint32_t span = kNone;
    std::int64_t start_ns = 0;
    std::string_view function;
  };

  // Takes the RMA and I/O records; ignores every other one.
  void add(const trace::Event& event, LaneId lane, const Call& call);

  // Closes what the trace left open at `end_ns`, turns lane-local span indices into global ones and sorts.
  void finish(std::int64_t end_ns, const std::function<SpanId(LaneId, std::uint32_t)>& global_span);

 private:
  using OpenKey = std::tuple<LaneId, std::uint32_t, std::uint64_t>;  // lane, window or handle, matching id
  // An RMA operation may be completed on another thread of its process (a flush or unlock there), so its key is
  // the process (the rank, or the lane of a location without one), the window and the matching id.
  using RmaKey = std::tuple<std::uint64_t, trace::RmaWinId, std::uint64_t>;
  using EpochKey = std::tuple<LaneId, std::uint32_t, EpochKind, std::uint32_t>;  // lane, window, kind, target

  void operation(const trace::RmaOp& op, LaneId lane, const Call& call);
  void complete(LaneId lane, const trace::RmaOpComplete& e, const Call& call);
  void io_begin(const trace::IoOperationBegin& e, LaneId lane, const Call& call);
  void io_complete(const trace::IoOperationComplete& e, LaneId lane, const Call& call);
  void file_open(const trace::IoCreateHandle& e, LaneId lane, const Call& call);
  void end_file(LaneId lane, trace::IoHandleId handle, std::int64_t time_ns, std::uint32_t close_span, bool closed);
  void file_seek(const trace::IoSeek& e, LaneId lane, const Call& call);
  [[nodiscard]] std::uint32_t handle_of(trace::IoHandleId handle) const;
  void link_calls();
  void fence(const trace::RmaCollectiveEnd& end, LaneId lane, const Call& call);
  void group_sync(const trace::RmaGroupSync& sync, LaneId lane, const Call& call);
  void lock(const trace::RmaLock& lock, LaneId lane, const Call& call);
  void open_epoch(const EpochKey& key, std::int64_t time_ns, std::uint32_t group, std::uint32_t call_span);
  void close_epoch(const EpochKey& key, std::int64_t time_ns);
  void close_window(LaneId lane, std::uint32_t window, std::int64_t time_ns);
  [[nodiscard]] std::uint32_t group_of(trace::GroupId group);
  [[nodiscard]] std::uint32_t window_of(trace::RmaWinId win) const;
  [[nodiscard]] std::optional<trace::WorldRank> target_rank(trace::RmaWinId win, std::uint32_t remote) const;
  [[nodiscard]] RmaKey rma_key(LaneId lane, trace::RmaWinId win, std::uint64_t matching_id) const;

  const trace::TraceDefinitions& defs_;
  TraceIndex& index_;
  const std::vector<LaneId>& rank_lane_;
  std::map<trace::RmaWinId, std::uint32_t> window_index_;
  std::map<trace::IoHandleId, std::uint32_t> handle_index_;
  std::map<trace::GroupId, std::uint32_t> group_index_;
  std::map<RmaKey, std::uint32_t> open_rma_;  // -> index_.rma_ops
  std::vector<LaneId> complete_lane_;         // per index_.rma_ops entry: the lane of its completing call, if any
  std::map<OpenKey, std::uint32_t> open_io_;  // -> index_.io_ops
  std::map<std::pair<LaneId, trace::IoHandleId>, std::uint32_t> open_files_;  // -> index_.file_opens
  std::map<EpochKey, std::uint32_t> open_epochs_;
  std::map<LaneId, std::int64_t> fence_begin_ns_;  // the RmaCollectiveBegin of a fence in progress
};

}  // namespace mpisight::viewer
