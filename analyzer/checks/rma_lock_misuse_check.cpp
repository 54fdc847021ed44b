// Lock state comes from RmaState as the event found it; a refused call has no record, so it is judged against
// every window the rank holds locks on.
#include "checks/rma_lock_misuse_check.hpp"

namespace mpisight::analyzer {
namespace {

const char* const kHint =
    "Lock each target at most once per epoch and close every MPI_Win_lock with MPI_Win_unlock of the same target "
    "(and MPI_Win_lock_all with MPI_Win_unlock_all) before locking again; do not mix lock and lock_all.";

}  // namespace

void RmaLockMisuseCheck::report(trace::WorldRank rank, const CallId& call, const std::string& role,
                                const std::optional<CallId>& earlier, const std::string& message) {
  Finding finding;
  finding.check = "rma.lock_misuse";
  finding.severity = Severity::kError;
  finding.ranks = {rank};
  finding.message = message;
  finding.calls.push_back(model().describe(call, role));
  if (earlier) {
    finding.calls.push_back(model().describe(*earlier, "the lock still held"));
  }
  finding.hint = kHint;
  sink_.add(rank, call, 0, std::move(finding));
}

void RmaLockMisuseCheck::record(const trace::RmaLock& event) {
  const trace::WorldRank rank = model().rank_of(event.location);
  const RmaState& rma = model().rma();
  const RankEpochs* epochs = rma.epochs(event.win, rank);
  const CallId call = model().current_call_id(event.location, event.time_ns);
  const std::string on = " on " + rma.window_name(event.win);
  const std::string who = "Rank " + std::to_string(rank);
  const bool all = event.remote == trace::kRmaAllRanks;
  const std::optional<trace::WorldRank> resolved = all ? std::nullopt : rma.target_rank(event.win, event.remote);
  const bool has_target = resolved.has_value();
  const trace::WorldRank target = resolved.value_or(0);
  std::optional<CallId> held;
  if (epochs != nullptr && has_target) {
    if (auto it = epochs->locks.find(target); it != epochs->locks.end()) {
      held = it->second.first;
    }
  }
  const std::optional<CallId> lock_all = epochs != nullptr ? epochs->lock_all : std::nullopt;
  switch (event.event) {
    case trace::RmaLockEvent::kRequest:
    case trace::RmaLockEvent::kTry:
      if (all && lock_all) {
        report(rank, call, "second MPI_Win_lock_all", lock_all, who + " called MPI_Win_lock_all" + on + " twice.");
      } else if (all && epochs != nullptr && !epochs->locks.empty()) {
        report(rank, call, "lock_all while holding a lock", epochs->locks.begin()->second.first,
               who + " called MPI_Win_lock_all" + on + " while it still held a lock on rank " +
                   std::to_string(epochs->locks.begin()->first) + ".");
      } else if (!all && has_target && held) {
        report(rank, call, "second lock on the same target", held,
               who + " locked rank " + std::to_string(target) + on + " a second time without unlocking it.");
      } else if (!all && has_target && lock_all) {
        report(rank, call, "lock inside lock_all", lock_all,
               who + " called MPI_Win_lock on rank " + std::to_string(target) + on +
                   " inside its MPI_Win_lock_all epoch.");
      }
      break;
    case trace::RmaLockEvent::kRelease:
      if (all && !lock_all) {
        report(rank, call, "unlock_all without lock_all", std::nullopt,
               who + " called MPI_Win_unlock_all" + on + " without MPI_Win_lock_all.");
      } else if (!all && has_target && !held) {
        report(rank, call, "unlock without lock", std::nullopt,
               who + " unlocked rank " + std::to_string(target) + on + " without holding a lock on it.");
      }
      break;
    case trace::RmaLockEvent::kAcquire: break;
  }
}

void RmaLockMisuseCheck::refused(const trace::Leave& leave) {
  const OpenCall* call = model().current_call(leave.location);
  if (call == nullptr || call->id.region != leave.region) {
    return;
  }
  const RmaCall kind = call->info->rma_call;
  if (kind != RmaCall::kLock && kind != RmaCall::kUnlock && kind != RmaCall::kLockAll && kind != RmaCall::kUnlockAll) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(leave.location);
  std::optional<CallId> held;
  for (const auto& [win, epochs] : model().rma().windows_of(rank)) {
    if (epochs->lock_all) {
      held = epochs->lock_all;
    } else if (!epochs->locks.empty()) {
      held = epochs->locks.begin()->second.first;
    }
  }
  const std::string who = "Rank " + std::to_string(rank) + "'s " + call->info->name;
  switch (kind) {
    case RmaCall::kLock:
    case RmaCall::kLockAll:
      report(rank, call->id, "refused with MPI_ERR_RMA_SYNC", held,
             who + " was refused with MPI_ERR_RMA_SYNC: " +
                 (held ? "the rank already holds a lock on the window." : "the window is in another epoch."));
      break;
    default:
      report(rank, call->id, "refused with MPI_ERR_RMA_SYNC", std::nullopt,
             who + " was refused with MPI_ERR_RMA_SYNC: the rank holds no matching lock.");
      break;
  }
}

void RmaLockMisuseCheck::on_event(const trace::Event& event) {
  if (const auto* lock = std::get_if<trace::RmaLock>(&event)) {
    record(*lock);
  } else if (const auto* leave = std::get_if<trace::Leave>(&event)) {
    if (leave->return_code && mpich_error_class(*leave->return_code) == kErrRmaSync) {
      refused(*leave);
    }
  }
}

void RmaLockMisuseCheck::finish(std::vector<Finding>& findings) {
  sink_.move_into(findings);
}

}  // namespace mpisight::analyzer
