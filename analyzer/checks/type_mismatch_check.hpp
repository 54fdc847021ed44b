// messages.type_mismatch: a receive got a message whose type signature differs from the one it was sent with
// (MPI 4.0 section 3.3.1: the sequences of basic types must match), e.g. sent as MPI_INT, received as MPI_FLOAT.
// MPI does not check this; the data arrive reinterpreted. Needs the mpisight:type_signature attribute.
// Open state: one entry per distinct (send site, receive site).
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class TypeMismatchCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override { return EventModel::kMatchingKinds; }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Mismatches {
    std::uint64_t count = 0;
    EventModel::Match first;
  };
  std::map<std::tuple<trace::RegionId, std::uint32_t, trace::RegionId, std::uint32_t>, Mismatches> mismatches_;
};

// "MPI_INT" for a basic type's signature (its MPICH handle), "a derived type" for a mixed one.
[[nodiscard]] std::string signature_name(std::uint64_t signature);

}  // namespace mpisight::analyzer
