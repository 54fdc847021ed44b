// requests.persistent_misuse: a persistent request started again while still active (MPI refuses the start, the
// program often ignores the error), and, as a warning, a persistent request handed to a Wait or Test before it was
// ever started: legal (the call returns at once with an empty status) but almost always a missing MPI_Start.
#pragma once

#include <tuple>
#include <vector>

#include "checks/check.hpp"
#include "checks/findings_by_site.hpp"
#include "model/flat_map.hpp"
#include "model/request_calls.hpp"

namespace mpisight::analyzer {

class PersistentMisuseCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiIsend, trace::MpiIrecvRequest, trace::NonBlockingCollectiveRequest,
                    trace::MpiIsendComplete, trace::MpiIrecv, trace::MpiRequestCancelled,
                    trace::NonBlockingCollectiveComplete>() |
           leaves_with<LeaveFact::kRequest>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Persistent {
    CallId init;
    CallId last_start;
    bool started = false;         // ever
    trace::RequestId active = 0;  // the running activation, 0 while inactive
  };
  enum class Misuse : std::uint8_t { kStartedWhileActive, kWaitedWithoutStart };
  struct Report {
    Misuse misuse;
    CallId first;   // the init or the start that made the request active
    CallId second;  // the refused start, or the Wait/Test
  };
  using SiteKey = std::tuple<Misuse, trace::RegionId, std::uint32_t, trace::RegionId, std::uint32_t>;

  void started(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
               const std::optional<std::uint64_t>& handle);
  void complete(trace::LocationId location);
  void leave(const trace::Leave& leave);
  void report(Misuse misuse, const CallId& first, const CallId& second, trace::WorldRank rank);

  FlatMap<RankKey, Persistent, RankKeyHash> requests_;  // by handle
  // An activation's handle: OpenRequest::handle of the model's open requests flagged persistent_activation.
  FindingsBySite<SiteKey, Report> reports_;
};

}  // namespace mpisight::analyzer
