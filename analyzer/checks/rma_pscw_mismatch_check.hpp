// rma.pscw_mismatch: post/start/complete/wait that do not pair up. Every MPI_Win_start naming a target must meet
// an MPI_Win_post of that target naming the origin (and the reverse); an access epoch needs its MPI_Win_complete
// and an exposure epoch its MPI_Win_wait (or a successful MPI_Win_test) before the next one begins.
#pragma once

#include <vector>

#include "checks/check.hpp"
#include "checks/rma_finding_sink.hpp"

namespace mpisight::analyzer {

class RmaPscwMismatchCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::RmaGroupSync, trace::RmaWinDestroy>() | leaves_with<LeaveFact::kError>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  void judge(const WindowState& window);
  void sync(const trace::RmaGroupSync& event);
  void refused(const trace::Leave& leave);

  RmaFindingSink sink_;
};

}  // namespace mpisight::analyzer
