// RMA operations are keyed by (origin lane, window, matching id) until their completion; I/O operations by (lane,
// handle, matching id). Epochs are keyed by what closes them: the window and kind, and for locks the target.
#include "index/rma_io_builder.hpp"

#include <algorithm>

#include "model/rma_state.hpp"

namespace mpisight::viewer {
namespace {

constexpr std::uint32_t kModeNoSucceed = 16384;  // MPI_MODE_NOSUCCEED (MPICH): the fence starts no epoch
constexpr std::uint32_t kAllTargets = trace::kRmaAllRanks;

RmaKind kind_of(trace::RmaOpKind kind) {
  switch (kind) {
    case trace::RmaOpKind::kPut: return RmaKind::kPut;
    case trace::RmaOpKind::kGet: return RmaKind::kGet;
    default: return RmaKind::kAccumulate;
  }
}

template <class T, class Key>
void sort_by(std::vector<T>& items, Key key) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

}  // namespace

RmaIoBuilder::RmaIoBuilder(const trace::TraceDefinitions& defs, TraceIndex& index, const std::vector<LaneId>& rank_lane,
                           const std::map<trace::CommId, std::uint32_t>& comm_index)
    : defs_(defs), index_(index), rank_lane_(rank_lane) {
  auto comm_of = [&](std::optional<trace::CommId> comm) {
    const auto found = comm ? comm_index.find(*comm) : comm_index.end();
    return found == comm_index.end() ? kNone : found->second;
  };
  for (const auto& [id, window] : defs.windows) {
    window_index_[id] = static_cast<std::uint32_t>(index_.windows.size());
    index_.windows.push_back(
        {window.name.empty() ? "window " + std::to_string(id) : window.name, comm_of(window.comm)});
  }
  for (const auto& [id, handle] : defs.io_handles) {
    handle_index_[id] = static_cast<std::uint32_t>(index_.io_handles.size());
    index_.io_handles.push_back({defs.io_file_name(id), comm_of(handle.comm)});
  }
}

void RmaIoBuilder::add(const trace::Event& event, LaneId lane, const Call& call) {
  std::visit(trace::Overloaded{
                 [&](const trace::RmaOp& e) { operation(e, lane, call); },
                 [&](const trace::RmaOpComplete& e) { complete(lane, e, call); },
                 [&](const trace::RmaCollectiveBegin& e) { fence_begin_ns_[lane] = e.time_ns; },
                 [&](const trace::RmaCollectiveEnd& e) { fence(e, lane, call); },
                 [&](const trace::RmaGroupSync& e) { group_sync(e, lane, call); },
                 [&](const trace::RmaLock& e) { lock(e, lane, call); },
                 [&](const trace::RmaWinDestroy& e) { close_window(lane, window_of(e.win), e.time_ns); },
                 [&](const trace::IoOperationBegin& e) { io_begin(e, lane, call); },
                 [&](const trace::IoOperationComplete& e) { io_complete(e, lane, call); },
                 [&](const trace::IoCreateHandle& e) { file_open(e, lane, call); },
                 [&](const trace::IoDestroyHandle& e) { end_file(lane, e.handle, e.time_ns, call.span, true); },
                 [&](const trace::IoSeek& e) { file_seek(e, lane, call); },
                 [](const auto&) {},
             },
             event);
}

std::uint32_t RmaIoBuilder::handle_of(trace::IoHandleId handle) const {
  const auto found = handle_index_.find(handle);
  return found == handle_index_.end() ? kNone : found->second;
}

void RmaIoBuilder::io_begin(const trace::IoOperationBegin& e, LaneId lane, const Call& call) {
  IoOperation op;
  op.start_ns = op.end_ns = e.time_ns;
  op.bytes_request = e.bytes_request;
  op.offset = e.offset.value_or(kNoOffset);
  op.lane = lane;
  op.handle = handle_of(e.handle);
  op.span = call.span;
  op.mode = static_cast<std::uint8_t>(e.mode);
  op.flags = static_cast<std::uint8_t>(e.flags);
  open_io_[{lane, e.handle, e.matching_id}] = static_cast<std::uint32_t>(index_.io_ops.size());
  index_.io_ops.push_back(op);
}

void RmaIoBuilder::io_complete(const trace::IoOperationComplete& e, LaneId lane, const Call& call) {
  const auto open = open_io_.find({lane, e.handle, e.matching_id});
  if (open != open_io_.end()) {
    IoOperation& op = index_.io_ops[open->second];
    op.end_ns = e.time_ns;
    op.bytes_result = e.bytes_result;
    op.complete_span = call.span;
    open_io_.erase(open);
  }
}

void RmaIoBuilder::file_open(const trace::IoCreateHandle& e, LaneId lane, const Call& call) {
  end_file(lane, e.handle, e.time_ns, kNone, false);  // opened again without a close (damaged trace)
  FileOpen open;
  open.start_ns = open.end_ns = e.time_ns;
  open.lane = lane;
  open.handle = handle_of(e.handle);
  open.open_span = call.span;
  open.access_mode = static_cast<std::uint8_t>(std::min<std::uint32_t>(e.access_mode, 0xFF));
  open_files_[{lane, e.handle}] = static_cast<std::uint32_t>(index_.file_opens.size());
  index_.file_opens.push_back(open);
}

void RmaIoBuilder::end_file(LaneId lane, trace::IoHandleId handle, std::int64_t time_ns, std::uint32_t close_span,
                            bool closed) {
  const auto open = open_files_.find({lane, handle});
  if (open != open_files_.end()) {
    FileOpen& file = index_.file_opens[open->second];
    file.end_ns = time_ns;
    file.close_span = close_span;
    file.closed = closed ? 1 : 0;
    open_files_.erase(open);
  }
}

void RmaIoBuilder::file_seek(const trace::IoSeek& e, LaneId lane, const Call& call) {
  FileSeek seek;
  seek.time_ns = e.time_ns;
  seek.offset_request = e.offset_request;
  seek.offset_result = e.offset_result;
  seek.lane = lane;
  seek.handle = handle_of(e.handle);
  seek.span = call.span;
  seek.whence = static_cast<std::uint8_t>(std::min<std::uint32_t>(e.whence, 0xFF));
  index_.file_seeks.push_back(seek);
}

std::uint32_t RmaIoBuilder::window_of(trace::RmaWinId win) const {
  const auto found = window_index_.find(win);
  return found == window_index_.end() ? kNone : found->second;
}

std::optional<trace::WorldRank> RmaIoBuilder::target_rank(trace::RmaWinId win, std::uint32_t remote) const {
  const auto window = defs_.windows.find(win);
  if (window == defs_.windows.end()) {
    return std::nullopt;
  }
  const auto comm = defs_.comms.find(window->second.comm);
  if (comm == defs_.comms.end() || remote >= comm->second.world_ranks.size()) {
    return std::nullopt;
  }
  return comm->second.world_ranks[remote];
}

void RmaIoBuilder::operation(const trace::RmaOp& e, LaneId lane, const Call& call) {
  RmaOperation op;
  op.start_ns = op.end_ns = e.time_ns;
  op.bytes = e.bytes_sent + e.bytes_received;
  if (e.target_bytes) {
    op.target_begin = e.target_bytes->begin;
    op.target_end = e.target_bytes->end;
  }
  op.origin_lane = lane;
  if (const auto target = target_rank(e.win, e.remote); target && *target < rank_lane_.size()) {
    op.target_lane = rank_lane_[*target];
  }
  op.window = window_of(e.win);
  op.span = call.span;
  op.kind = kind_of(e.kind);
  op.atomic_type = static_cast<std::uint8_t>(e.atomic_type);
  op.target_disp = e.target_disp.value_or(kNoOffset);
  op.reduction_op = e.reduction_op.value_or(kNone);
  open_rma_[rma_key(lane, e.win, e.matching_id)] = static_cast<std::uint32_t>(index_.rma_ops.size());
  index_.rma_ops.push_back(op);
  complete_lane_.push_back(lane);
}

void RmaIoBuilder::complete(LaneId lane, const trace::RmaOpComplete& e, const Call& call) {
  const auto open = open_rma_.find(rma_key(lane, e.win, e.matching_id));
  if (open != open_rma_.end()) {
    RmaOperation& op = index_.rma_ops[open->second];
    op.end_ns = e.time_ns;
    op.complete_span = call.span;
    complete_lane_[open->second] = lane;
    open_rma_.erase(open);
  }
}

RmaIoBuilder::RmaKey RmaIoBuilder::rma_key(LaneId lane, trace::RmaWinId win, std::uint64_t matching_id) const {
  constexpr std::uint64_t kLaneNotRank = std::uint64_t{1} << 32;  // keeps rankless lanes apart from ranks
  const std::optional<std::uint32_t> rank = index_.lanes[lane].rank;
  return {rank ? *rank : kLaneNotRank | lane, win, matching_id};
}

void RmaIoBuilder::open_epoch(const EpochKey& key, std::int64_t time_ns, std::uint32_t group, std::uint32_t call_span) {
  close_epoch(key, time_ns);  // a second open of the same epoch (erroneous program): the first ends here
  RmaEpoch epoch;
  epoch.start_ns = epoch.end_ns = time_ns;
  epoch.lane = std::get<0>(key);
  epoch.window = std::get<1>(key);
  epoch.kind = std::get<2>(key);
  const std::uint32_t target = std::get<3>(key);
  epoch.target = target == kAllTargets ? kNone : target;
  epoch.group = group;
  epoch.span = call_span;
  open_epochs_[key] = static_cast<std::uint32_t>(index_.rma_epochs.size());
  index_.rma_epochs.push_back(epoch);
}

void RmaIoBuilder::close_epoch(const EpochKey& key, std::int64_t time_ns) {
  const auto open = open_epochs_.find(key);
  if (open != open_epochs_.end()) {
    index_.rma_epochs[open->second].end_ns = time_ns;
    open_epochs_.erase(open);
  }
}

void RmaIoBuilder::close_window(LaneId lane, std::uint32_t window, std::int64_t time_ns) {
  for (auto it = open_epochs_.begin(); it != open_epochs_.end();) {
    if (std::get<0>(it->first) == lane && std::get<1>(it->first) == window) {
      index_.rma_epochs[it->second].end_ns = time_ns;
      it = open_epochs_.erase(it);
    } else {
      ++it;
    }
  }
}

// A fence ends the epoch the previous one opened (where this fence began) and opens the next, unless told that
// none follows.
void RmaIoBuilder::fence(const trace::RmaCollectiveEnd& end, LaneId lane, const Call& call) {
  if (end.op != trace::CollectiveOp::kBarrier || !end.win) {
    fence_begin_ns_.erase(lane);
    return;
  }
  const std::uint32_t window = window_of(*end.win);
  const auto begin = fence_begin_ns_.find(lane);
  const EpochKey key{lane, window, EpochKind::kFence, kAllTargets};
  close_epoch(key, begin != fence_begin_ns_.end() ? begin->second : end.time_ns);
  if (begin != fence_begin_ns_.end()) {
    fence_begin_ns_.erase(begin);
  }
  if ((end.assert_flags.value_or(0) & kModeNoSucceed) == 0) {
    open_epoch(key, end.time_ns, kNone, call.span);
  }
}

void RmaIoBuilder::group_sync(const trace::RmaGroupSync& sync, LaneId lane, const Call& call) {
  const std::uint32_t window = window_of(sync.win);
  switch (analyzer::rma_call_of(call.function)) {
    case analyzer::RmaCall::kStart:
      open_epoch({lane, window, EpochKind::kAccess, kAllTargets}, sync.time_ns, group_of(sync.group), call.span);
      break;
    case analyzer::RmaCall::kPost:
      open_epoch({lane, window, EpochKind::kExposure, kAllTargets}, sync.time_ns, group_of(sync.group), call.span);
      break;
    case analyzer::RmaCall::kComplete:
      close_epoch({lane, window, EpochKind::kAccess, kAllTargets}, sync.time_ns);
      break;
    case analyzer::RmaCall::kWait:
    case analyzer::RmaCall::kTest:  // the tracer records a test only when it ended the epoch
      close_epoch({lane, window, EpochKind::kExposure, kAllTargets}, sync.time_ns);
      break;
    default: break;
  }
}

void RmaIoBuilder::lock(const trace::RmaLock& lock, LaneId lane, const Call& call) {
  const std::uint32_t window = window_of(lock.win);
  const bool all = lock.remote == trace::kRmaAllRanks;
  std::uint32_t target = kAllTargets;
  if (!all) {
    target = target_rank(lock.win, lock.remote).value_or(kNone);
  }
  switch (lock.event) {
    case trace::RmaLockEvent::kRequest:
    case trace::RmaLockEvent::kTry: {
      const EpochKind kind = all                                        ? EpochKind::kLockAll
                             : lock.type == trace::RmaLockType::kShared ? EpochKind::kLockShared
                                                                        : EpochKind::kLockExclusive;
      open_epoch({lane, window, kind, target}, lock.time_ns, kNone, call.span);
      break;
    }
    case trace::RmaLockEvent::kAcquire: break;
    case trace::RmaLockEvent::kRelease:
      // A release does not say the lock type: close whichever lock this rank holds on the target.
      for (const EpochKind kind : {EpochKind::kLockAll, EpochKind::kLockShared, EpochKind::kLockExclusive}) {
        if (all == (kind == EpochKind::kLockAll)) {
          close_epoch({lane, window, kind, target}, lock.time_ns);
        }
      }
      break;
  }
}

std::uint32_t RmaIoBuilder::group_of(trace::GroupId group) {
  auto [it, added] = group_index_.try_emplace(group, static_cast<std::uint32_t>(index_.rma_groups.size()));
  if (added) {
    std::vector<std::uint32_t> members;
    if (const auto def = defs_.groups.find(group); def != defs_.groups.end()) {
      for (const std::uint64_t member : def->second.members) {
        members.push_back(static_cast<std::uint32_t>(member));
      }
    }
    index_.rma_groups.push_back(std::move(members));
  }
  return it->second;
}

void RmaIoBuilder::finish(std::int64_t end_ns, const std::function<SpanId(LaneId, std::uint32_t)>& global_span) {
  for (const auto& [key, epoch] : open_epochs_) {
    index_.rma_epochs[epoch].end_ns = end_ns;  // never closed (crash, or the trace ends inside it)
  }
  open_epochs_.clear();
  for (const auto& [key, op] : open_io_) {
    index_.io_ops[op].end_ns = end_ns;
  }
  open_io_.clear();
  for (const auto& [key, file] : open_files_) {
    index_.file_opens[file].end_ns = end_ns;  // still open when the trace ends
  }
  open_files_.clear();
  open_rma_.clear();  // never completed: drawn at their issue
  for (std::size_t i = 0; i < index_.rma_ops.size(); ++i) {
    RmaOperation& op = index_.rma_ops[i];
    op.span = global_span(op.origin_lane, op.span);
    op.complete_span = global_span(complete_lane_[i], op.complete_span);
  }
  complete_lane_.clear();
  for (RmaEpoch& epoch : index_.rma_epochs) {
    epoch.span = global_span(epoch.lane, epoch.span);
  }
  for (IoOperation& op : index_.io_ops) {
    op.span = global_span(op.lane, op.span);
    op.complete_span = global_span(op.lane, op.complete_span);
  }
  for (FileOpen& file : index_.file_opens) {
    file.open_span = global_span(file.lane, file.open_span);
    file.close_span = global_span(file.lane, file.close_span);
  }
  for (FileSeek& seek : index_.file_seeks) {
    seek.span = global_span(seek.lane, seek.span);
  }
  sort_by(index_.rma_ops, [](const RmaOperation& op) { return op.start_ns; });
  sort_by(index_.rma_epochs, [](const RmaEpoch& e) { return std::pair(e.lane, e.start_ns); });
  sort_by(index_.io_ops, [](const IoOperation& op) { return std::pair(op.lane, op.start_ns); });
  sort_by(index_.file_opens, [](const FileOpen& f) { return std::pair(f.lane, f.start_ns); });
  sort_by(index_.file_seeks, [](const FileSeek& s) { return std::pair(s.lane, s.time_ns); });
  link_calls();
}

// After the sorts, so links name final item ids. A call that both begins and ends an item has one link for both.
void RmaIoBuilder::link_calls() {
  std::vector<CallLink>& links = index_.call_links;
  links.clear();
  auto add = [&](SpanId begins, SpanId ends, std::uint32_t item, LinkKind kind) {
    if (begins != kNone) {
      links.push_back({begins, item, kind, static_cast<std::uint8_t>(kLinkBegins | (ends == begins ? kLinkEnds : 0))});
    }
    if (ends != kNone && ends != begins) {
      links.push_back({ends, item, kind, kLinkEnds});
    }
  };
  for (std::uint32_t id = 0; id < index_.rma_ops.size(); ++id) {
    add(index_.rma_ops[id].span, index_.rma_ops[id].complete_span, id, LinkKind::kRmaOp);
  }
  for (std::uint32_t id = 0; id < index_.io_ops.size(); ++id) {
    add(index_.io_ops[id].span, index_.io_ops[id].complete_span, id, LinkKind::kIoOp);
  }
  for (std::uint32_t id = 0; id < index_.file_opens.size(); ++id) {
    add(index_.file_opens[id].open_span, index_.file_opens[id].close_span, id, LinkKind::kFileOpen);
  }
  for (std::uint32_t id = 0; id < index_.file_seeks.size(); ++id) {
    add(index_.file_seeks[id].span, kNone, id, LinkKind::kFileSeek);
  }
  std::sort(links.begin(), links.end(), [](const CallLink& a, const CallLink& b) {
    return std::tuple(a.span, a.kind, a.item) < std::tuple(b.span, b.kind, b.item);
  });
}

}  // namespace mpisight::viewer
