// messages.truncation: a receive matched a message longer than its buffer (MPI 4.0, 3.2.4: MPI then returns
// MPI_ERR_TRUNCATE and the buffer holds part of the message, or, with MPICH, nothing usable). Judged from the two
// ends of each matched message: the bytes sent exceed the receive's capacity (mpisight:recv_capacity) or, in a
// trace without it, the bytes the receive recorded. Open state: one entry per distinct (send site, receive site).
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class TruncationCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override { return EventModel::kMatchingKinds; }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Truncations {
    std::uint64_t count = 0;
    EventModel::Match first;
  };
  std::map<std::tuple<trace::RegionId, std::uint32_t, trace::RegionId, std::uint32_t>, Truncations> truncations_;
};

}  // namespace mpisight::analyzer
