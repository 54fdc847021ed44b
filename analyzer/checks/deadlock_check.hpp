// messages.deadlock: at the end of a recovered hung run every rank is blocked inside an MPI call and nothing in
// flight can release any of them. Builds the wait-for graph of what the records tell (a blocking send waits for
// its receiver, a collective for the members not in it, MPI_Finalize for everyone) and names its cycle.
#pragma once

#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class DeadlockCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& /*event*/) override {}
  [[nodiscard]] EventKinds event_kinds() const override { return 0; }
  void finish(std::vector<Finding>& findings) override;
};

}  // namespace mpisight::analyzer
