// messages.unreceived: a message sent and never received by the end of the trace (lost; in a hung run, still in
// flight). messages.unmatched_receive: a receive the trace holds no send for (a filtered or foreign trace), or a
// blocking receive a hung run was still waiting in for a message no rank sent. Pairing is the event model's
// MessageMatcher; this check reports what is left over.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class LostMessageCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override { return enters_with<EnterFact::kAwaitsMessage>(); }
  void finish(std::vector<Finding>& findings) override;

 private:
  // What a blocking receive's Enter asked for (mpisight:requested_source/tag/comm): the last one per location.
  struct Requested {
    std::int64_t enter_ns = 0;
    trace::RegionId region = 0;
    std::int32_t source = 0;  // rank in `comm`, or MPI_ANY_SOURCE
    std::int32_t tag = 0;     // or MPI_ANY_TAG
    trace::CommId comm = 0;
  };
  void report_never_sent(std::vector<Finding>& findings);

  std::unordered_map<trace::LocationId, Requested> requested_;
};

}  // namespace mpisight::analyzer
