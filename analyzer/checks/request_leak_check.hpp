// requests.leak: a nonblocking request still active when its rank called MPI_Finalize (never completed by a
// Wait/Test, never freed), an error; and, a warning, an inactive persistent request never freed (no operation is
// lost, the request object is). Runs cut short (no MPI_Finalize) are not judged: their requests were merely pending.
#pragma once

#include <span>
#include <vector>

#include "checks/check.hpp"
#include "model/flat_map.hpp"
#include "model/request_calls.hpp"

namespace mpisight::analyzer {

class RequestLeakCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiIsend, trace::MpiIrecvRequest, trace::NonBlockingCollectiveRequest,
                    trace::MpiIsendComplete, trace::MpiIrecv, trace::MpiRequestCancelled,
                    trace::NonBlockingCollectiveComplete>() |
           enters_with<EnterFact::kFinalize>() | leaves_with<LeaveFact::kRequest>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Pending {
    CallId started;
    std::uint64_t order = 0;   // start order on the rank, for MPI_Request_free below
    std::uint64_t handle = 0;  // the MPI_Request value, 0 if the trace does not say
  };
  struct Leaked {
    CallId started;  // the starting call, or the persistent init of an inactive request
    trace::WorldRank rank;
    bool inactive_persistent = false;
  };

  void start(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
             const std::optional<std::uint64_t>& handle);
  void complete(trace::LocationId location, trace::RequestId request);
  void request_free(const trace::Leave& leave);
  void finalize(trace::LocationId location);
  void report(std::vector<Finding>& findings, std::span<const Leaked> same_site) const;

  // Requests are per process (any thread of the rank may complete one): keyed by rank and request id.
  FlatMap<RankKey, Pending, RankKeyHash> pending_;
  // Persistent requests from their init (whose Leave names handle and slot) to their MPI_Request_free, by handle.
  FlatMap<RankKey, CallId, RankKeyHash> persistent_;
  std::uint64_t next_order_ = 0;
  std::vector<Leaked> leaked_;
};

}  // namespace mpisight::analyzer
