// Renders a Profile as JSON: raw integers in ns and bytes, so scripts need no unit parsing; keys keep the
// order below so people reading the output find the name first.
#pragma once

#include <nlohmann/json.hpp>

#include "profile/profile.hpp"

namespace mpisight::analyzer {

// {"ranks": [{"rank": 0, "functions": [{"name", "calls", "total_ns", "min_ns", "mean_ns", "max_ns", "bytes"}]}],
//  "total": [functions...], "unmatched_events": 0}
[[nodiscard]] nlohmann::ordered_json profile_to_json(const Profile& profile);

}  // namespace mpisight::analyzer
