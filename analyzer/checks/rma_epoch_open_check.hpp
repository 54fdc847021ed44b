// rma.epoch_open: an epoch still open when its rank freed the window (MPI_Win_free) or called MPI_Finalize: a lock
// or lock_all never unlocked, an MPI_Win_start never completed, an MPI_Win_post never waited for, or operations
// of a fence epoch that no closing fence completed. Runs cut short are not judged.
#pragma once

#include <vector>

#include "checks/check.hpp"
#include "checks/rma_finding_sink.hpp"

namespace mpisight::analyzer {

class RmaEpochOpenCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::RmaWinDestroy>() | enters_with<EnterFact::kFinalize>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  void judge(trace::RmaWinId win, const RankEpochs& epochs, trace::WorldRank rank, const CallId& at);

  RmaFindingSink sink_;
};

}  // namespace mpisight::analyzer
