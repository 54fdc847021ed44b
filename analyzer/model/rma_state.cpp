// Window and epoch bookkeeping from the RMA records (see rma_state.hpp); the calling function tells what a group
// sync record means.
#include "model/rma_state.hpp"

#include <algorithm>
#include <array>

namespace mpisight::analyzer {
namespace {

constexpr std::uint32_t kModeNoSucceed = 16384;  // MPI_MODE_NOSUCCEED (MPICH)

struct NamedCall {
  std::string_view name;
  RmaCall call;
};

constexpr std::array<NamedCall, 14> kSyncCalls = {{
    {"MPI_Win_fence", RmaCall::kFence},
    {"MPI_Win_post", RmaCall::kPost},
    {"MPI_Win_start", RmaCall::kStart},
    {"MPI_Win_complete", RmaCall::kComplete},
    {"MPI_Win_wait", RmaCall::kWait},
    {"MPI_Win_test", RmaCall::kTest},
    {"MPI_Win_lock", RmaCall::kLock},
    {"MPI_Win_unlock", RmaCall::kUnlock},
    {"MPI_Win_lock_all", RmaCall::kLockAll},
    {"MPI_Win_unlock_all", RmaCall::kUnlockAll},
    {"MPI_Win_flush", RmaCall::kFlush},
    {"MPI_Win_flush_all", RmaCall::kFlush},
    {"MPI_Win_flush_local", RmaCall::kFlushLocal},
    {"MPI_Win_flush_local_all", RmaCall::kFlushLocal},
}};

constexpr std::array<std::string_view, 10> kOperations = {
    "MPI_Put",  "MPI_Get",  "MPI_Accumulate",  "MPI_Get_accumulate",  "MPI_Fetch_and_op",
    "MPI_Rput", "MPI_Rget", "MPI_Raccumulate", "MPI_Rget_accumulate", "MPI_Compare_and_swap",
};

}  // namespace

RmaCall rma_call_of(std::string_view function) noexcept {
  if (function.ends_with("_c")) {
    function.remove_suffix(2);  // large-count forms mean the same
  }
  for (const NamedCall& entry : kSyncCalls) {
    if (entry.name == function) {
      return entry.call;
    }
  }
  if (function == "MPI_Win_free") {
    return RmaCall::kFree;
  }
  if (std::find(kOperations.begin(), kOperations.end(), function) != kOperations.end()) {
    return RmaCall::kOperation;
  }
  return RmaCall::kOther;
}

WindowState& RmaState::window_for(trace::RmaWinId win) {
  auto [it, inserted] = windows_.try_emplace(win);
  if (inserted) {
    it->second.id = win;
    if (auto def = defs_.windows.find(win); def != defs_.windows.end()) {
      if (auto comm = defs_.comms.find(def->second.comm); comm != defs_.comms.end()) {
        it->second.members = comm->second.world_ranks;
      }
    }
  }
  return it->second;
}

const WindowState* RmaState::window(trace::RmaWinId win) const {
  auto it = windows_.find(win);
  return it == windows_.end() ? nullptr : &it->second;
}

const RankEpochs* RmaState::epochs(trace::RmaWinId win, trace::WorldRank rank) const {
  const WindowState* state = window(win);
  if (state == nullptr) {
    return nullptr;
  }
  auto it = state->ranks.find(rank);
  return it == state->ranks.end() ? nullptr : &it->second;
}

std::vector<std::pair<trace::RmaWinId, const RankEpochs*>> RmaState::windows_of(trace::WorldRank rank) const {
  std::vector<std::pair<trace::RmaWinId, const RankEpochs*>> result;
  for (const auto& [id, state] : windows_) {
    if (auto it = state.ranks.find(rank); it != state.ranks.end() && !it->second.freed) {
      result.emplace_back(id, &it->second);
    }
  }
  return result;
}

std::optional<trace::WorldRank> RmaState::target_rank(trace::RmaWinId win, std::uint32_t remote) const {
  auto def = defs_.windows.find(win);
  if (def == defs_.windows.end()) {
    return std::nullopt;
  }
  auto comm = defs_.comms.find(def->second.comm);
  if (comm == defs_.comms.end() || remote >= comm->second.world_ranks.size()) {
    return std::nullopt;
  }
  return comm->second.world_ranks[remote];
}

bool RmaState::in_access_epoch(trace::RmaWinId win, trace::WorldRank origin, trace::WorldRank target) const {
  const RankEpochs* state = epochs(win, origin);
  if (state == nullptr) {
    return false;
  }
  const bool started = state->start && std::find(state->start_group.begin(), state->start_group.end(), target) !=
                                           state->start_group.end();
  return state->fence_open || started || state->locks.contains(target) || state->lock_all;
}

std::string RmaState::window_name(trace::RmaWinId win) const {
  if (auto def = defs_.windows.find(win); def != defs_.windows.end() && !def->second.name.empty()) {
    return def->second.name;
  }
  return "window " + std::to_string(win);
}

std::vector<trace::WorldRank> RmaState::group_members(trace::GroupId group) const {
  std::vector<trace::WorldRank> members;
  auto def = defs_.groups.find(group);
  if (def == defs_.groups.end()) {
    return members;
  }
  if (def->second.type == trace::GroupType::kCommLocations) {
    for (std::size_t rank = 0; rank < def->second.members.size(); ++rank) {
      members.push_back(static_cast<trace::WorldRank>(rank));
    }
    return members;
  }
  for (std::uint64_t member : def->second.members) {
    members.push_back(static_cast<trace::WorldRank>(member));
  }
  return members;
}

void RmaState::apply(const trace::Event& event, trace::WorldRank rank, const CallId& call, RmaCall kind) {
  std::visit(trace::Overloaded{
                 [&](const trace::RmaWinCreate& e) { window_for(e.win).ranks.try_emplace(rank); },
                 [&](const trace::RmaWinDestroy& e) {
                   WindowState& state = window_for(e.win);
                   state.ranks[rank].freed = true;
                   if (++state.destroyed >= std::max<std::size_t>(state.members.size(), 1)) {
                     windows_.erase(e.win);  // every member freed it: its state is history
                   }
                 },
                 [&](const trace::RmaCollectiveEnd& e) {
                   if (e.op != trace::CollectiveOp::kBarrier || !e.win) {
                     return;
                   }
                   RankEpochs& epochs = window_for(*e.win).ranks[rank];
                   ++epochs.fences;
                   epochs.fence_open = (e.assert_flags.value_or(0) & kModeNoSucceed) == 0;
                   epochs.last_fence = call;
                   epochs.ops_since_fence = 0;
                   epochs.first_op_since_fence.reset();
                 },
                 [&](const trace::RmaGroupSync& e) { group_sync(e, rank, call, kind); },
                 [&](const trace::RmaLock& e) { lock(e, rank, call); },
                 [&](const trace::RmaOp& e) {
                   RankEpochs& epochs = window_for(e.win).ranks[rank];
                   if (epochs.fence_open) {
                     if (epochs.ops_since_fence++ == 0) {
                       epochs.first_op_since_fence = call;
                     }
                   }
                 },
                 [](const auto&) {},
             },
             event);
}

void RmaState::group_sync(const trace::RmaGroupSync& event, trace::WorldRank rank, const CallId& call, RmaCall kind) {
  WindowState& state = window_for(event.win);
  RankEpochs& epochs = state.ranks[rank];
  switch (kind) {
    case RmaCall::kPost:
      epochs.post = call;
      epochs.post_group = group_members(event.group);
      for (trace::WorldRank origin : epochs.post_group) {
        PscwPair& pair = state.pscw[{origin, rank}];
        ++pair.posts;
        pair.last_post = call;
      }
      break;
    case RmaCall::kStart:
      epochs.start = call;
      epochs.start_group = group_members(event.group);
      for (trace::WorldRank target : epochs.start_group) {
        PscwPair& pair = state.pscw[{rank, target}];
        ++pair.starts;
        pair.last_start = call;
      }
      break;
    case RmaCall::kComplete:
      epochs.start.reset();
      epochs.start_group.clear();
      break;
    case RmaCall::kWait:
    case RmaCall::kTest:
      epochs.post.reset();
      epochs.post_group.clear();
      break;
    default: break;
  }
}

void RmaState::lock(const trace::RmaLock& event, trace::WorldRank rank, const CallId& call) {
  RankEpochs& epochs = window_for(event.win).ranks[rank];
  const bool all = event.remote == trace::kRmaAllRanks;
  const std::optional<trace::WorldRank> target = all ? std::nullopt : target_rank(event.win, event.remote);
  switch (event.event) {
    case trace::RmaLockEvent::kRequest:
    case trace::RmaLockEvent::kTry:
      if (all) {
        epochs.lock_all = call;
      } else if (target) {
        epochs.locks.insert_or_assign(*target, std::pair(call, event.type));
      }
      break;
    case trace::RmaLockEvent::kAcquire: break;
    case trace::RmaLockEvent::kRelease:
      if (all) {
        epochs.lock_all.reset();
      } else if (target) {
        epochs.locks.erase(*target);
      }
      break;
  }
}

}  // namespace mpisight::analyzer
