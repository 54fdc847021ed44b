// messages.unreceived: a message sent and never received by the end of the trace (lost; in a hung run, still in
// flight). messages.unmatched_receive: a receive the trace holds no send for (a filtered or foreign trace).
// Pairing is the event model's MessageMatcher; this check reports what is left over.
#pragma once

#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class LostMessageCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& /*event*/) override {}
  void finish(std::vector<Finding>& findings) override;
};

}  // namespace mpisight::analyzer
