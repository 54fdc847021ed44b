// requests.free_active_receive: MPI_Request_free on a receive request that had not completed. MPI allows it, but the
// program can then never learn when the data has arrived, so it cannot safely read (or reuse) the buffer.
#pragma once

#include <optional>
#include <tuple>
#include <vector>

#include "checks/check.hpp"
#include "checks/findings_by_site.hpp"
#include "model/flat_map.hpp"
#include "model/request_calls.hpp"

namespace mpisight::analyzer {

class FreeActiveReceiveCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiIrecvRequest, trace::MpiIrecv, trace::MpiRequestCancelled>() |
           leaves_with<LeaveFact::kRequest>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Receive {
    CallId started;
    trace::RequestId request = 0;
  };

  void started(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
               const std::optional<std::uint64_t>& handle);
  [[nodiscard]] std::optional<Receive> close_current(trace::LocationId location);
  void cancelled(const trace::MpiRequestCancelled& event);
  void freed(const trace::Leave& leave);
  void report(trace::WorldRank rank, const Receive& receive, const CallId& free);

  // One finding per pair of call sites: a loop repeating the bug is one bug.
  struct Freed {
    CallId receive;
    CallId free;
  };
  using SiteKey = std::tuple<trace::RegionId, std::uint32_t, trace::RegionId, std::uint32_t>;

  FlatMap<RankKey, Receive, RankKeyHash> active_;  // by handle
  // A receive's handle by its request id: OpenRequest::handle of the model's open requests, flagged active_receive.
  FindingsBySite<SiteKey, Freed> freed_;
};

}  // namespace mpisight::analyzer
