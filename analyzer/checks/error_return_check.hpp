// errors.return_code: an MPI call returned an error code (the program had set MPI_ERRORS_RETURN and went on).
// Needs the mpisight:return_code attribute on Leave; traces without it yield no finding. Open state: one entry
// per distinct (function, call site, error code), however often it failed.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class ErrorReturnCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override { return leaves_with<LeaveFact::kError>(); }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Failures {
    std::uint64_t count = 0;
    std::map<trace::WorldRank, CallId> first_per_rank;
  };
  // (region, site, code)
  std::map<std::tuple<trace::RegionId, std::uint32_t, std::int32_t>, Failures> failures_;
};

// "MPI_ERR_RANK" for an MPI error code (its class, as MPICH encodes it), or "an MPI error" when unknown.
[[nodiscard]] std::string error_class_name(std::int32_t code);

}  // namespace mpisight::analyzer
