// requests.handle_overwritten: an MPI_Request variable received a new request while the request it held was still
// pending (started, not completed or freed) or, for a persistent request, not yet freed: the old request can no
// longer be completed or freed. Needs the request slots the tracer records (schema kRequestSlot).
#pragma once

#include <array>
#include <tuple>
#include <vector>

#include "checks/check.hpp"
#include "checks/findings_by_site.hpp"
#include "model/flat_map.hpp"
#include "model/request_calls.hpp"

namespace mpisight::analyzer {

class HandleOverwrittenCheck final : public Check {
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
  // The activations of a held request not yet completed: one, or two for an MPI_Isendrecv, so they are kept inline
  // and following a request allocates nothing.
  class Activations {
   public:
    void add(trace::RequestId request);
    void remove(trace::RequestId request);
    void clear() noexcept {
      count_ = 0;
      more_.clear();
    }
    [[nodiscard]] bool empty() const noexcept { return count_ == 0 && more_.empty(); }
    template <class F>
    void for_each(F&& f) const {
      for (std::size_t i = 0; i < count_; ++i) {
        f(first_[i]);
      }
      for (trace::RequestId request : more_) {
        f(request);
      }
    }

   private:
    std::array<trace::RequestId, 2> first_{};
    std::size_t count_ = 0;
    std::vector<trace::RequestId> more_;  // a persistent request started again and again without completing
  };
  // What a request variable holds.
  struct Held {
    std::uint64_t handle = 0;
    CallId created;
    bool persistent = false;  // lives until MPI_Request_free
    Activations pending;
    // MPI set the variable back to MPI_REQUEST_NULL (its request completed): kept as a free entry, since a loop
    // stores its next request into the same variable, until free entries pile up (see complete()).
    bool null = false;
  };
  struct Overwrite {
    CallId lost;
    CallId overwriting;
  };
  using SiteKey = std::tuple<trace::RegionId, std::uint32_t, trace::RegionId, std::uint32_t>;

  // `request`: the request the current record starts (the model's current_request), none for a persistent init.
  void created(trace::LocationId location, std::int64_t time_ns, std::optional<trace::RequestId> request,
               const std::optional<std::uint64_t>& handle, const std::optional<std::uint64_t>& slot, bool persistent);
  void complete(trace::LocationId location, trace::RequestId request);
  void release(trace::WorldRank rank, const Activations& pending);
  void leave(const trace::Leave& leave);
  void forget(trace::WorldRank rank, std::uint64_t handle);

  FlatMap<RankKey, Held, RankKeyHash> slots_;  // by request variable address
  // Which variable holds a request: OpenRequest::slot of the model's open requests.
  FlatMap<RankKey, bool, RankKeyHash> persistent_handles_;  // made by a persistent init
  std::size_t null_slots_ = 0;                              // entries of slots_ marked null
  FindingsBySite<SiteKey, Overwrite> overwrites_;
};

}  // namespace mpisight::analyzer
