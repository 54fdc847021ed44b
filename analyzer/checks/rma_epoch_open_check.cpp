// The finding names the call that opened the epoch first (that is where the closing call is missing).
#include "checks/rma_epoch_open_check.hpp"

namespace mpisight::analyzer {

void RmaEpochOpenCheck::judge(trace::RmaWinId win, const RankEpochs& epochs, trace::WorldRank rank, const CallId& at) {
  struct Open {
    CallId call;
    std::string what;
    std::string closer;
  };
  std::vector<Open> open;
  for (const auto& [target, lock] : epochs.locks) {
    open.push_back({lock.first, "a lock on rank " + std::to_string(target), "MPI_Win_unlock"});
  }
  if (epochs.lock_all) {
    open.push_back({*epochs.lock_all, "a lock_all epoch", "MPI_Win_unlock_all"});
  }
  if (epochs.start) {
    open.push_back({*epochs.start, "an access epoch begun by MPI_Win_start", "MPI_Win_complete"});
  }
  if (epochs.post) {
    open.push_back({*epochs.post, "an exposure epoch begun by MPI_Win_post", "MPI_Win_wait"});
  }
  if (epochs.ops_since_fence > 0 && epochs.first_op_since_fence) {
    open.push_back({*epochs.first_op_since_fence,
                    "a fence epoch with " + std::to_string(epochs.ops_since_fence) + " operation(s) not completed",
                    "MPI_Win_fence"});
  }
  if (open.empty()) {
    return;
  }
  const std::string at_function = model().region(at.region).name;
  for (Open& epoch : open) {
    Finding finding;
    finding.check = "rma.epoch_open";
    finding.severity = Severity::kError;
    finding.ranks = {rank};
    finding.message = "Rank " + std::to_string(rank) + " called " + at_function + " with " + epoch.what + " on " +
                      model().rma().window_name(win) + " still open: " + epoch.closer + " is missing.";
    finding.calls.push_back(model().describe(epoch.call, "opened the epoch, never closed"));
    finding.calls.push_back(model().describe(at, "reached with the epoch open"));
    finding.hint = "Close every epoch before MPI_Win_free and MPI_Finalize: call " + epoch.closer +
                   " (operations of an open epoch may never complete).";
    sink_.add(rank, epoch.call, 0, std::move(finding));
  }
}

void RmaEpochOpenCheck::on_event(const trace::Event& event) {
  if (const auto* destroy = std::get_if<trace::RmaWinDestroy>(&event)) {
    const trace::WorldRank rank = model().rank_of(destroy->location);
    if (const RankEpochs* epochs = model().rma().epochs(destroy->win, rank)) {
      judge(destroy->win, *epochs, rank, model().current_call_id(destroy->location, destroy->time_ns));
    }
    return;
  }
  const auto* enter = std::get_if<trace::Enter>(&event);
  if (enter == nullptr || model().region(enter->region).kind != CallKind::kFinalize) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(enter->location);
  const CallId at = model().current_call_id(enter->location, enter->time_ns);
  for (const auto& [win, epochs] : model().rma().windows_of(rank)) {
    judge(win, *epochs, rank, at);
  }
}

void RmaEpochOpenCheck::finish(std::vector<Finding>& findings) {
  sink_.move_into(findings);
}

}  // namespace mpisight::analyzer
