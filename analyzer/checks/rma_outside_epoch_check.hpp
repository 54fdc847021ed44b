// rma.outside_epoch: a put, get, accumulate or atomic to a target that no access epoch of the origin covers (no
// fence epoch, no MPI_Win_start naming the target, no lock on it, no lock_all). Seen from the operation's record,
// or from an operation MPI refused with MPI_ERR_RMA_SYNC.
#pragma once

#include <vector>

#include "checks/check.hpp"
#include "checks/rma_finding_sink.hpp"

namespace mpisight::analyzer {

class RmaOutsideEpochCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::RmaOp>() | leaves_with<LeaveFact::kError>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  void report(const CallId& call, trace::WorldRank origin, const std::string& what);

  RmaFindingSink sink_;
  CallId last_reported_{};  // the failed call whose record was already reported
};

}  // namespace mpisight::analyzer
