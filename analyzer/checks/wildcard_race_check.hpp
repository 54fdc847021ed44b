// messages.wildcard_race: an MPI_ANY_SOURCE receive whose match depended on timing. When it completed, a message
// from another rank that it could also have matched (same communicator, its tag or MPI_ANY_TAG) had been sent
// and was still unreceived: a different arrival order would have given it that message instead. Times are the
// trace's, after the converter's clock correction; sends count from when they were entered.
// Open state: the wildcard nonblocking receives posted and not completed, one entry per racing receive site.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class WildcardRaceCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiIrecvRequest, trace::MpiRecv, trace::MpiIrecv, trace::MpiRequestCancelled>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  void judge(std::optional<std::int32_t> requested_tag);

  struct Races {
    std::uint64_t count = 0;
    EventModel::Match first;
    MessageEnd rival;  // the other message it could have received
  };
  std::map<std::pair<trace::RegionId, std::uint32_t>, Races> races_;  // by receive site
  // Nonblocking MPI_ANY_SOURCE receives posted, not yet completed: their requested tag.
  std::map<std::pair<trace::LocationId, trace::RequestId>, std::optional<std::int32_t>> posted_;
};

}  // namespace mpisight::analyzer
