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
    // A completion needs nothing here: the model drops the request's entry, and with it this check's flag.
    return kinds_of<trace::MpiIsend, trace::MpiIrecvRequest, trace::NonBlockingCollectiveRequest>() |
           enters_with<EnterFact::kFinalize>() | leaves_with<LeaveFact::kRequest>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Leaked {
    CallId started;  // the starting call, or the persistent init of an inactive request
    trace::WorldRank rank;
    bool inactive_persistent = false;
  };

  void request_free(const trace::Leave& leave);
  void finalize(trace::LocationId location);
  void report(std::vector<Finding>& findings, std::span<const Leaked> same_site) const;

  // The pending requests are the model's open requests flagged OpenRequest::leak_pending.
  // Persistent requests from their init (whose Leave names handle and slot) to their MPI_Request_free, by handle.
  FlatMap<RankKey, CallId, RankKeyHash> persistent_;
  std::vector<Leaked> leaked_;
};

}  // namespace mpisight::analyzer
