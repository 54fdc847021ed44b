// A recovered trace ends where each rank stopped. A rank inside MPI_Abort aborted the run; a rank outside MPI
// that never finalized died there (or was killed while computing); ranks all stopped inside MPI calls hung.
#include "model/run_ending.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace mpisight::analyzer {

std::string_view run_state_name(RunState state) noexcept {
  switch (state) {
    case RunState::kComplete: return "complete";
    case RunState::kAborted: return "aborted";
    case RunState::kCrashed: return "crashed";
    case RunState::kHung: return "hung";
    case RunState::kUnknown: return "unknown";
  }
  return "complete";
}

std::string_view rank_state_name(RankState state) noexcept {
  switch (state) {
    case RankState::kFinalized: return "finalized";
    case RankState::kAborted: return "aborted";
    case RankState::kInMpi: return "in_mpi";
    case RankState::kOutsideMpi: return "outside_mpi";
  }
  return "finalized";
}

RunEnding RunEndingTracker::finish() const {
  // Per rank, its threads merged: the innermost open MPI call of any of them decides, else finalize, else the
  // latest MPI call any of them returned from.
  std::map<trace::WorldRank, RankEnding> ranks;
  for (const EventModel::LocationEnd& end : model_.location_ends()) {
    RankEnding& rank = ranks.try_emplace(end.rank, RankEnding{end.rank, RankState::kOutsideMpi, {}}).first->second;
    if (rank.state == RankState::kAborted || rank.state == RankState::kInMpi) {
      continue;
    }
    if (!end.open_mpi_calls.empty()) {
      const OpenCall& open = end.open_mpi_calls.back();
      if (open.info->kind == CallKind::kFinalize) {
        rank.state = RankState::kFinalized;
        continue;
      }
      const bool abort = open.info->name == "MPI_Abort";
      rank.state = abort ? RankState::kAborted : RankState::kInMpi;
      rank.call = model_.describe(open.id, abort ? "called MPI_Abort" : "was inside this call when the run ended");
      continue;
    }
    if (end.entered_finalize) {
      rank.state = RankState::kFinalized;
      continue;
    }
    if (const std::optional<CallId>& last = end.last_mpi_call) {
      if (!rank.call || rank.call->time_ns < last->enter_ns) {
        rank.call = model_.describe(*last, "its last MPI call; the rank then stopped outside MPI");
      }
    }
  }

  RunEnding run;
  std::vector<trace::WorldRank> aborted;
  std::vector<trace::WorldRank> outside;
  std::vector<trace::WorldRank> inside;
  for (auto& [id, rank] : ranks) {
    if (rank.state == RankState::kFinalized) {
      continue;
    }
    (rank.state == RankState::kAborted      ? aborted
     : rank.state == RankState::kOutsideMpi ? outside
                                            : inside)
        .push_back(id);
    run.ranks.push_back(std::move(rank));
  }
  const auto named = [](const std::vector<trace::WorldRank>& list) {
    return (list.size() == 1 ? "rank " : "ranks ") + rank_list(list);
  };
  if (!run.ranks.empty() && aborted.empty() && inside.empty() &&
      std::none_of(ranks.begin(), ranks.end(), [](const auto& r) { return r.second.state == RankState::kFinalized; })) {
    // Traces from other tools (or cut out of a run) may not record MPI_Finalize: claim no crash.
    run.state = RunState::kUnknown;
    run.message = "The trace does not show how the run ended: no rank reached MPI_Finalize in it.";
    run.ranks.clear();
  } else if (run.ranks.empty()) {
    run.state = RunState::kComplete;
    run.message = "Every rank reached MPI_Finalize.";
  } else if (!aborted.empty()) {
    run.state = RunState::kAborted;
    run.message = "The run was aborted: " + named(aborted) + " called MPI_Abort.";
  } else if (!outside.empty()) {
    run.state = RunState::kCrashed;
    run.message = "The run ended early: " + named(outside) +
                  " stopped outside any MPI call without reaching MPI_Finalize (a crash such as SIGSEGV, an exit "
                  "without MPI_Finalize, or a kill while computing).";
  } else {
    run.state = RunState::kHung;
    run.message = "The run did not finish: " + named(inside) +
                  " stopped inside MPI calls (a hang ended by a timeout or signal, or an MPI error that aborted "
                  "inside the call).";
  }
  if (!inside.empty() && run.state != RunState::kHung) {
    run.message +=
        " " + std::string(inside.size() == 1 ? "Rank " : "Ranks ") + rank_list(inside) + " stopped inside MPI calls.";
  }
  return run;
}

}  // namespace mpisight::analyzer
