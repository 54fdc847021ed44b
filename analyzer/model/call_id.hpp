// A compact handle on one MPI call: what checks keep in their open state instead of strings, so that tracking
// millions of calls costs no allocation. EventModel::describe turns it into a CallRef for a finding.
#pragma once

#include <cstdint>
#include <limits>

#include "trace/definitions.hpp"

namespace mpisight::analyzer {

inline constexpr trace::RegionId kNoRegion = std::numeric_limits<trace::RegionId>::max();
inline constexpr std::uint32_t kNoSite = std::numeric_limits<std::uint32_t>::max();

struct CallId {
  trace::LocationId location = 0;
  trace::RegionId region = kNoRegion;  // kNoRegion: the record was made outside any MPI call
  std::int64_t enter_ns = 0;
  std::uint32_t site = kNoSite;  // index into EventModel's call sites
};

}  // namespace mpisight::analyzer
