// rma.lock_misuse: passive-target synchronisation used wrongly on one rank: a second MPI_Win_lock on a target the
// rank holds locked, a lock inside lock_all (or lock_all while holding locks, or twice), an unlock without its
// lock, unlock_all without lock_all. Seen from the lock records, or from lock calls MPI refused with
// MPI_ERR_RMA_SYNC (then the rank's open locks tell what the call collided with).
#pragma once

#include <vector>

#include "checks/check.hpp"
#include "checks/rma_finding_sink.hpp"

namespace mpisight::analyzer {

class RmaLockMisuseCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::RmaLock>() | leaves_with<LeaveFact::kError>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  void record(const trace::RmaLock& event);
  void refused(const trace::Leave& leave);
  void report(trace::WorldRank rank, const CallId& call, const std::string& role, const std::optional<CallId>& earlier,
              const std::string& message);

  RmaFindingSink sink_;
};

}  // namespace mpisight::analyzer
