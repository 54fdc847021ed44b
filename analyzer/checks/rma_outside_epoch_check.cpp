// An operation is judged against the origin's epochs as its record found them (RmaState).
#include "checks/rma_outside_epoch_check.hpp"

#include "model/event_attributes.hpp"

namespace mpisight::analyzer {

void RmaOutsideEpochCheck::report(const CallId& call, trace::WorldRank origin, const std::string& what) {
  Finding finding;
  finding.check = "rma.outside_epoch";
  finding.severity = Severity::kError;
  finding.ranks = {origin};
  CallRef ref = model().describe(call, "accessed the window outside any access epoch");
  finding.message = ref.function + " on rank " + std::to_string(origin) + " " + what;
  finding.calls.push_back(std::move(ref));
  finding.hint =
      "Open an access epoch to the target before the operation and close it after: MPI_Win_fence on every rank "
      "of the window, MPI_Win_start naming the target (which posts with MPI_Win_post), or MPI_Win_lock / "
      "MPI_Win_lock_all with the matching unlock.";
  sink_.add(origin, call, 0, std::move(finding));
  last_reported_ = call;
}

void RmaOutsideEpochCheck::on_event(const trace::Event& event) {
  if (const auto* op = std::get_if<trace::RmaOp>(&event)) {
    const RmaState& rma = model().rma();
    const std::optional<trace::WorldRank> target = rma.target_rank(op->win, op->remote);
    const trace::WorldRank origin = model().rank_of(op->location);
    if (!target || rma.in_access_epoch(op->win, origin, *target)) {
      return;
    }
    report(model().current_call_id(op->location, op->time_ns), origin,
           "accessed rank " + std::to_string(*target) + " of " + rma.window_name(op->win) +
               " outside any access epoch: no fence, MPI_Win_start, lock or lock_all of that rank covers it.");
    return;
  }
  const auto* leave = std::get_if<trace::Leave>(&event);
  if (leave == nullptr || !leave->return_code || mpich_error_class(*leave->return_code) != kErrRmaSync) {
    return;
  }
  const OpenCall* call = model().current_call(leave->location);
  if (call == nullptr || call->id.region != leave->region || call->info->rma_call != RmaCall::kOperation) {
    return;
  }
  if (call->id.location == last_reported_.location && call->id.enter_ns == last_reported_.enter_ns) {
    return;  // its record was judged already
  }
  report(call->id, model().rank_of(leave->location),
         "was refused with MPI_ERR_RMA_SYNC: the origin had no access epoch open to its target.");
}

void RmaOutsideEpochCheck::finish(std::vector<Finding>& findings) {
  sink_.move_into(findings);
}

}  // namespace mpisight::analyzer
