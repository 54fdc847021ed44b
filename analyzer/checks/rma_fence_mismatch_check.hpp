// rma.fence_mismatch: the members of a window called MPI_Win_fence different numbers of times. Fence is collective
// over the window, so the extra fences matched something else (or nothing: the run hangs). Judged when the last
// member frees the window, or at the end of the trace for windows still alive.
#pragma once

#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class RmaFenceMismatchCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override { return kinds_of<trace::RmaWinDestroy>(); }
  void finish(std::vector<Finding>& findings) override;

 private:
  void judge(const WindowState& window);

  std::vector<Finding> found_;
};

}  // namespace mpisight::analyzer
