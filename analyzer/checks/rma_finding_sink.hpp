// Where the RMA checks put their findings: one finding per (rank, call site, kind of bug), so a loop that repeats
// a bug a million times yields one finding with a count, and memory stays bounded by the program's call sites.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "findings/finding.hpp"
#include "model/call_id.hpp"

namespace mpisight::analyzer {

class RmaFindingSink {
 public:
  // Adds `finding` unless one for the same rank, call site and `kind` was added; returns whether it was new.
  bool add(trace::WorldRank rank, const CallId& call, std::uint32_t kind, Finding finding) {
    auto [it, inserted] = seen_.try_emplace(std::tuple(rank, call.region, call.site, kind), findings_.size());
    if (inserted) {
      normalize_ranks(finding);
      findings_.push_back(std::move(finding));
    }
    return inserted;
  }

  void move_into(std::vector<Finding>& findings) {
    for (Finding& finding : findings_) {
      findings.push_back(std::move(finding));
    }
    findings_.clear();
  }

 private:
  std::map<std::tuple<trace::WorldRank, trace::RegionId, std::uint32_t, std::uint32_t>, std::size_t> seen_;
  std::vector<Finding> findings_;
};

}  // namespace mpisight::analyzer
